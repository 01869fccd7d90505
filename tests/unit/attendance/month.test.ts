// Calendar months (lib/attendance/local-time.ts): the person page's month view and its previous / next links.
import { describe, expect, it } from "vitest";
import { isLocalMonth, monthRange, shiftMonth } from "@/lib/attendance/local-time";

describe("months", () => {
  it("accepts YYYY-MM with a real month only", () => {
    expect(["2026-01", "2026-12", "1999-09"].every(isLocalMonth)).toBe(true);
    expect(["2026-00", "2026-13", "2026-1", "26-01", "2026-01-01", ""].some(isLocalMonth)).toBe(false);
  });

  it("spans the first to the last day, leap years and December included", () => {
    expect(monthRange("2026-01")).toEqual({ from: "2026-01-01", to: "2026-01-31" });
    expect(monthRange("2026-04")).toEqual({ from: "2026-04-01", to: "2026-04-30" });
    expect(monthRange("2024-02")).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    expect(monthRange("2026-02")).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(monthRange("2026-12")).toEqual({ from: "2026-12-01", to: "2026-12-31" });
  });

  it("moves across year boundaries both ways", () => {
    expect(shiftMonth("2026-12", 1)).toBe("2027-01");
    expect(shiftMonth("2026-01", -1)).toBe("2025-12");
    expect(shiftMonth("2026-05", 0)).toBe("2026-05");
    expect(shiftMonth("2026-05", -17)).toBe("2024-12");
    expect(shiftMonth("2026-05", 20)).toBe("2028-01");
  });
});
