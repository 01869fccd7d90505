import { describe, expect, it } from "vitest";
import { formatAgo, formatCount, formatDate, formatDateTime, formatLocalDate, formatLocalDay, formatMinutes, formatMonth, formatTime, orgClock, reasonLabel } from "@/lib/format";
import { reasonMessages } from "@/lib/checkin/reasons";

/** An organisation in `timeZone` that writes dates the British way (the default). */
const gb = (timeZone: string) => ({ timeZone, locale: "en-GB" });

describe("admin display helpers", () => {
  it("shows instants in the organisation's timezone, DST included", () => {
    const at = new Date("2026-07-01T08:05:00Z");
    expect(formatTime(at, gb("Europe/London"))).toBe("09:05");
    expect(formatTime(at, gb("Asia/Kolkata"))).toBe("13:35");
    expect(formatTime(new Date("2026-01-01T08:05:00Z"), gb("Europe/London"))).toBe("08:05");
    expect(formatDateTime("2026-03-08T07:30:00Z", gb("America/New_York"))).toBe("8 Mar, 03:30");
  });

  it("names a local date without shifting it", () => {
    expect(formatLocalDay("2026-03-02", "en-GB")).toBe("Monday 2 March");
    expect(formatLocalDay("2026-12-31", "en-GB")).toBe("Thursday 31 December");
    expect(formatLocalDate("2026-03-02", "en-GB")).toBe("2 Mar 2026");
  });

  it("writes dates, times and counts the organisation's locale's way", () => {
    const at = new Date("2026-03-08T14:05:00Z");
    expect(formatDate(at, { timeZone: "UTC", locale: "en-US" })).toBe("Mar 8, 2026");
    expect(formatTime(at, { timeZone: "UTC", locale: "en-US" })).toBe("02:05 PM");
    expect(formatDate(at, { timeZone: "UTC", locale: "de-DE" })).toBe("8. März 2026");
    expect(formatTime(at, { timeZone: "UTC", locale: "de-DE" })).toBe("14:05");
    expect(formatLocalDay("2026-03-02", "en-US")).toBe("Monday, March 2");
    expect(formatMonth("2026-03", "fr-FR")).toBe("mars 2026");
    expect(formatCount(12345, "en-GB")).toBe("12,345");
    expect(formatCount(12345, "de-DE")).toBe("12.345");
  });

  it("reads an organisation row's clock, defaulting its locale", () => {
    expect(orgClock({ timezone: "Europe/Paris", locale: "fr-FR" })).toEqual({ timeZone: "Europe/Paris", locale: "fr-FR" });
    expect(orgClock({ timezone: "UTC" })).toEqual({ timeZone: "UTC", locale: "en-GB" });
  });

  it("formats minutes and elapsed time", () => {
    expect(formatMinutes(0)).toBe("0m");
    expect(formatMinutes(59)).toBe("59m");
    expect(formatMinutes(125)).toBe("2h 05m");
    const now = new Date("2026-03-02T12:00:00Z");
    expect(formatAgo(new Date("2026-03-02T11:59:30Z"), now, gb("UTC"))).toBe("just now");
    expect(formatAgo(new Date("2026-03-02T11:56:00Z"), now, gb("UTC"))).toBe("4 min ago");
    expect(formatAgo(new Date("2026-03-02T10:00:00Z"), now, gb("UTC"))).toBe("2 h ago");
    expect(formatAgo(new Date("2026-02-27T10:00:00Z"), now, gb("UTC"))).toBe("27 Feb, 10:00");
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
