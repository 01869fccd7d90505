import { describe, expect, it } from "vitest";
import { daytimeZone, localMinutes } from "../e2e/daytime-zone";

describe("daytimeZone (camera specs' organisation clock)", () => {
  it("through a year, every 24 h 15 min (so at every quarter hour of the day), some zone reads 10:00–14:00", () => {
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 15 * 60_000 * 97) {
      const now = new Date(t);
      const m = localMinutes(now, daytimeZone(now));
      expect(m, `${now.toISOString()} → ${daytimeZone(now)}`).toBeGreaterThanOrEqual(10 * 60);
      expect(m).toBeLessThanOrEqual(14 * 60);
    }
  });

  it("at 23:59 UTC it is not UTC", () => {
    expect(daytimeZone(new Date("2026-12-04T23:59:00Z"))).not.toBe("UTC");
    expect(localMinutes(new Date("2026-12-04T23:59:00Z"), "UTC")).toBe(23 * 60 + 59);
  });
});
