import { describe, expect, it } from "vitest";
import { kioskBeginBytes } from "@/lib/checkin/kiosk-begin";

describe("kioskBeginBytes", () => {
  it("is the canonical JSON of device, purpose and time, as UTF-8 (keys sorted, no spaces)", () => {
    const bytes = kioskBeginBytes("0190a7f2-0000-7000-8000-000000000001", 1_764_850_000_000);
    expect(new TextDecoder().decode(bytes)).toBe('{"deviceId":"0190a7f2-0000-7000-8000-000000000001","purpose":"kiosk-begin","ts":1764850000000}');
  });
});
