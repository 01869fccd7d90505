import { describe, expect, it } from "vitest";
import { formatAgo, formatDateTime, formatLocalDate, formatLocalDay, formatMinutes, formatTime, reasonLabel } from "@/lib/format";
import { reasonMessages } from "@/lib/checkin/reasons";

describe("admin display helpers", () => {
  it("shows instants in the organisation's timezone, DST included", () => {
    const at = new Date("2026-07-01T08:05:00Z");
    expect(formatTime(at, "Europe/London")).toBe("09:05");
    expect(formatTime(at, "Asia/Kolkata")).toBe("13:35");
    expect(formatTime(new Date("2026-01-01T08:05:00Z"), "Europe/London")).toBe("08:05");
    expect(formatDateTime("2026-03-08T07:30:00Z", "America/New_York")).toBe("8 Mar, 03:30");
  });

  it("names a local date without shifting it", () => {
    expect(formatLocalDay("2026-03-02")).toBe("Monday 2 March");
    expect(formatLocalDay("2026-12-31")).toBe("Thursday 31 December");
    expect(formatLocalDate("2026-03-02")).toBe("2 Mar 2026");
  });

  it("formats minutes and elapsed time", () => {
    expect(formatMinutes(0)).toBe("0m");
    expect(formatMinutes(59)).toBe("59m");
    expect(formatMinutes(125)).toBe("2h 05m");
    const now = new Date("2026-03-02T12:00:00Z");
    expect(formatAgo(new Date("2026-03-02T11:59:30Z"), now, "UTC")).toBe("just now");
    expect(formatAgo(new Date("2026-03-02T11:56:00Z"), now, "UTC")).toBe("4 min ago");
    expect(formatAgo(new Date("2026-03-02T10:00:00Z"), now, "UTC")).toBe("2 h ago");
    expect(formatAgo(new Date("2026-02-27T10:00:00Z"), now, "UTC")).toBe("27 Feb, 10:00");
  });

  it("has a label for every reason check-in records", () => {
    for (const code of Object.keys(reasonMessages)) expect(reasonLabel(code), code).not.toBe(code.replace(/-/g, " "));
    expect(reasonLabel("something-new")).toBe("something new");
    expect(reasonLabel(null)).toBe("No reason recorded");
  });
});

describe("counts", () => {
  it("puts the noun in the right number", async () => {
    const { countOf } = await import("@/lib/format");
    expect(countOf(1, "row")).toBe("1 row");
    expect(countOf(0, "row")).toBe("0 rows");
    expect(countOf(1204, "row")).toBe("1,204 rows");
    expect(countOf(1, "person", "people")).toBe("1 person");
    expect(countOf(3, "person", "people")).toBe("3 people");
  });
});
