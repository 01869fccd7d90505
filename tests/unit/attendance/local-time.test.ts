import { describe, expect, it } from "vitest";
import {
  addDays,
  daysBetween,
  eachDate,
  formatLocalTime,
  isLocalDate,
  isLocalMonth,
  isoWeekday,
  localDateOf,
  monthRange,
  offsetMs,
  shiftMonth,
  toLocal,
  zonedInstant,
} from "@/lib/attendance/local-time";

const H = 3_600_000;

/** Reference reading straight from Intl, no cache. */
function intlLocal(ms: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(new Date(ms));
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return { date: `${get("year")}-${get("month")}-${get("day")}`, minutes: Number(get("hour")) * 60 + Number(get("minute")) };
}

describe("offsets and local readings", () => {
  it("knows London winter and summer time", () => {
    expect(offsetMs(Date.parse("2026-01-15T12:00:00Z"), "Europe/London")).toBe(0);
    expect(offsetMs(Date.parse("2026-07-15T12:00:00Z"), "Europe/London")).toBe(H);
    // The change itself: 01:00 UTC on 29 March 2026, and back at 01:00 UTC on 25 October.
    expect(offsetMs(Date.parse("2026-03-29T00:59:59Z"), "Europe/London")).toBe(0);
    expect(offsetMs(Date.parse("2026-03-29T01:00:00Z"), "Europe/London")).toBe(H);
    expect(offsetMs(Date.parse("2026-10-25T00:59:59Z"), "Europe/London")).toBe(H);
    expect(offsetMs(Date.parse("2026-10-25T01:00:00Z"), "Europe/London")).toBe(0);
  });

  it("handles odd offsets (India +05:30, Nepal +05:45, Chatham +12:45/+13:45, Lord Howe half-hour DST)", () => {
    expect(offsetMs(Date.parse("2026-06-01T00:00:00Z"), "Asia/Kolkata")).toBe(5.5 * H);
    expect(offsetMs(Date.parse("2026-06-01T00:00:00Z"), "Asia/Kathmandu")).toBe(5.75 * H);
    expect(offsetMs(Date.parse("2026-06-01T00:00:00Z"), "Pacific/Chatham")).toBe(12.75 * H);
    expect(offsetMs(Date.parse("2026-01-01T00:00:00Z"), "Pacific/Chatham")).toBe(13.75 * H);
    expect(offsetMs(Date.parse("2026-06-01T00:00:00Z"), "Australia/Lord_Howe")).toBe(10.5 * H);
    expect(offsetMs(Date.parse("2026-01-01T00:00:00Z"), "Australia/Lord_Howe")).toBe(11 * H);
  });

  it("agrees with Intl on random instants in many zones (the offset cache is exact)", () => {
    const zones = ["Europe/London", "America/New_York", "America/St_Johns", "Asia/Kathmandu", "Australia/Lord_Howe", "Pacific/Chatham", "America/Santiago", "Africa/Casablanca", "UTC"];
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const start = Date.parse("2025-01-01T00:00:00Z");
    const span = 3 * 365 * 24 * H;
    for (const tz of zones) {
      for (let i = 0; i < 400; i++) {
        const ms = start + Math.floor(rnd() * span);
        const l = toLocal(ms, tz);
        expect({ date: l.date, minutes: l.minutes }).toEqual(intlLocal(ms, tz));
      }
    }
  });

  it("formats local dates and times", () => {
    expect(localDateOf(new Date("2026-03-28T23:30:00Z"), "Europe/London")).toBe("2026-03-28");
    expect(localDateOf(new Date("2026-07-28T23:30:00Z"), "Europe/London")).toBe("2026-07-29");
    expect(formatLocalTime(new Date("2026-07-28T23:30:59Z"), "Europe/London")).toBe("00:30");
    expect(localDateOf(new Date("2026-03-01T04:00:00Z"), "America/New_York")).toBe("2026-02-28");
  });
});

describe("wall time to instant", () => {
  it("maps ordinary times", () => {
    expect(zonedInstant("2026-03-02", 9 * 60, "Europe/London")).toBe(Date.parse("2026-03-02T09:00:00Z"));
    expect(zonedInstant("2026-06-02", 9 * 60, "Europe/London")).toBe(Date.parse("2026-06-02T08:00:00Z"));
    expect(zonedInstant("2026-06-02", 9 * 60, "Asia/Kathmandu")).toBe(Date.parse("2026-06-02T03:15:00Z"));
    expect(zonedInstant("2026-03-02", 24 * 60 + 6 * 60, "Europe/London")).toBe(Date.parse("2026-03-03T06:00:00Z"));
  });

  it("moves a time skipped by spring-forward later, and picks the earlier of a repeated time", () => {
    // 01:30 does not exist in London on 29 March 2026 → 02:30 BST = 01:30Z.
    expect(zonedInstant("2026-03-29", 90, "Europe/London")).toBe(Date.parse("2026-03-29T01:30:00Z"));
    // 01:30 happens twice on 25 October 2026 → the first (BST) = 00:30Z.
    expect(zonedInstant("2026-10-25", 90, "Europe/London")).toBe(Date.parse("2026-10-25T00:30:00Z"));
    // New York: 02:30 on 8 March 2026 is skipped → 03:30 EDT = 07:30Z.
    expect(zonedInstant("2026-03-08", 150, "America/New_York")).toBe(Date.parse("2026-03-08T07:30:00Z"));
  });

  it("gives 23- and 25-hour local days on the DST changes", () => {
    const len = (d: string) => (zonedInstant(addDays(d, 1), 0, "Europe/London") - zonedInstant(d, 0, "Europe/London")) / H;
    expect(len("2026-03-29")).toBe(23);
    expect(len("2026-10-25")).toBe(25);
    expect(len("2026-03-30")).toBe(24);
  });
});

describe("date arithmetic", () => {
  it("adds days across months and leap years, and knows ISO weekdays", () => {
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(daysBetween("2026-01-01", "2026-12-31")).toBe(364);
    expect(isoWeekday("2026-03-01")).toBe(7);
    expect(isoWeekday("2026-03-02")).toBe(1);
    expect([...eachDate("2026-03-30", "2026-04-02")]).toEqual(["2026-03-30", "2026-03-31", "2026-04-01", "2026-04-02"]);
    expect([...eachDate("2026-04-02", "2026-04-01")]).toEqual([]);
  });

  it("rejects malformed dates", () => {
    expect(isLocalDate("2026-02-30")).toBe(false);
    expect(isLocalDate("2026-2-3")).toBe(false);
    expect(isLocalDate("2026-02-03")).toBe(true);
    expect(() => addDays("nope", 1)).toThrow(RangeError);
  });
});

// Calendar months: the person page's month view and its previous / next links.
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
