import { describe, expect, it } from "vitest";
import { kioskBeginBytes, kioskPunchBytes } from "@/lib/checkin/kiosk-begin";

describe("kioskBeginBytes", () => {
  it("is the canonical JSON of device, purpose and time, as UTF-8 (keys sorted, no spaces)", () => {
    const bytes = kioskBeginBytes("0190a7f2-0000-7000-8000-000000000001", 1_764_850_000_000);
    expect(new TextDecoder().decode(bytes)).toBe('{"deviceId":"0190a7f2-0000-7000-8000-000000000001","purpose":"kiosk-begin","ts":1764850000000}');
  });
});

describe("kioskPunchBytes", () => {
  it("is the canonical JSON of device, identification, punch, purpose and time", () => {
    const bytes = kioskPunchBytes("0190a7f2-0000-7000-8000-000000000001", "0190a7f2-0000-7000-8000-0000000000aa", "break-start", 1_764_850_000_000);
    expect(new TextDecoder().decode(bytes)).toBe(
      '{"deviceId":"0190a7f2-0000-7000-8000-000000000001","identificationId":"0190a7f2-0000-7000-8000-0000000000aa","punch":"break-start","purpose":"kiosk-punch","ts":1764850000000}',
    );
  });

  it("never equals a begin message for the same device and time", () => {
    const a = new TextDecoder().decode(kioskBeginBytes("d", 1));
    const b = new TextDecoder().decode(kioskPunchBytes("d", "i", "in", 1));
    expect(a).not.toBe(b);
  });
});
