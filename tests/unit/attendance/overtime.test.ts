// Overtime: daily and weekly thresholds, regular vs overtime per day and per period. Hand-computed.
import { describe, expect, it } from "vitest";
import { evaluatePersonDays } from "@/lib/attendance/day";
import type { EventInput } from "@/lib/attendance/events";
import { overtimeStart, splitOvertime, weekStart } from "@/lib/attendance/overtime";
import type { PunchKind } from "@/lib/attendance/punches";
import { WorkCalendar } from "@/lib/attendance/rules";
import { summarisePerson } from "@/lib/attendance/summary";
import { ALICE, dayRules } from "./month-fixture";

let seq = 0;
const punch = (kind: PunchKind, at: string): EventInput => ({
  id: `o-${String(++seq).padStart(4, "0")}`,
  userId: ALICE,
  kind,
  at: new Date(at),
  decision: "accepted",
  source: "face",
  supersedesId: null,
  voidedAt: null,
  reviewedAt: null,
});
const alice = { id: ALICE, name: "Alice" };
const later = new Date("2026-12-01T00:00:00Z");

describe("splitOvertime", () => {
  it("daily first, then weekly on what stays regular; the week restarts on Monday", () => {
    const days = [
      { date: "2026-03-05", workedMinutes: 600 }, // Thu: 600 → 480 + 120 daily
      { date: "2026-03-06", workedMinutes: 540 }, // Fri: 540 → 480 + 60 daily; week so far 960
      { date: "2026-03-07", workedMinutes: null }, // Sat: nothing
      { date: "2026-03-09", workedMinutes: 500 }, // Mon (new week): 480 + 20
    ];
    expect(splitOvertime(days, { dailyMinutes: 480, weeklyMinutes: 1200 })).toEqual([
      { regularMinutes: 480, overtimeMinutes: 120 },
      { regularMinutes: 480, overtimeMinutes: 60 },
      { regularMinutes: null, overtimeMinutes: 0 },
      { regularMinutes: 480, overtimeMinutes: 20 },
    ]);
    // Weekly only at 900: Thu 600 regular, Fri 300 regular + 240 overtime.
    expect(splitOvertime(days.slice(0, 2), { dailyMinutes: null, weeklyMinutes: 900 })).toEqual([
      { regularMinutes: 600, overtimeMinutes: 0 },
      { regularMinutes: 300, overtimeMinutes: 240 },
    ]);
    expect(splitOvertime(days.slice(0, 1), undefined)).toEqual([{ regularMinutes: 600, overtimeMinutes: 0 }]);
  });

  it("weeks are ISO weeks", () => {
    expect(weekStart("2026-03-08")).toBe("2026-03-02"); // Sunday → its Monday
    expect(weekStart("2026-03-09")).toBe("2026-03-09");
    expect(overtimeStart({ dailyMinutes: 480, weeklyMinutes: null }, "2026-03-05")).toBe("2026-03-05");
    expect(overtimeStart({ dailyMinutes: null, weeklyMinutes: 2400 }, "2026-03-05")).toBe("2026-03-02");
  });
});

describe("overtime in the day records, across a week boundary (London, 40 h weekly, 9 h daily)", () => {
  const rules = { ...dayRules, overtime: { dailyMinutes: 540, weeklyMinutes: 2400 } };
  // Mon 2 – Fri 6 March: 08:00 → 18:00 with a punched 30-min unpaid break = 570 worked each day.
  // Daily: 30 overtime a day (570 − 540). Regular 540 a day: Mon–Thu 2160, Fri only 240 more fits under 2400 →
  // Fri 240 regular + 300 weekly + 30 daily = 330 overtime. Mon 9 (new week): 570 → 540 + 30.
  const events: EventInput[] = [];
  for (const d of ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06", "2026-03-09"])
    events.push(punch("in", `${d}T08:00:00Z`), punch("break-start", `${d}T12:00:00Z`), punch("break-end", `${d}T12:30:00Z`), punch("out", `${d}T18:00:00Z`));

  it("a range starting on Thursday still counts Monday–Wednesday towards the week", () => {
    const days = evaluatePersonDays(alice, events, new WorkCalendar(rules), { from: "2026-03-05", to: "2026-03-09", now: later });
    expect(days.map((d) => [d.date, d.workedMinutes, d.regularMinutes, d.overtimeMinutes])).toEqual([
      ["2026-03-05", 570, 540, 30],
      ["2026-03-06", 570, 240, 330],
      ["2026-03-07", null, null, 0],
      ["2026-03-08", null, null, 0],
      ["2026-03-09", 570, 540, 30],
    ]);
    // The period: regular 540 + 240 + 540 = 1320, overtime 30 + 330 + 30 = 390; regular + overtime = worked.
    expect(summarisePerson(alice, days)).toMatchObject({ workedMinutes: 1710, regularMinutes: 1320, overtimeMinutes: 390, unpaidBreakMinutes: 90 });
  });

  it("without thresholds everything is regular", () => {
    const days = evaluatePersonDays(alice, events, new WorkCalendar(dayRules), { from: "2026-03-02", to: "2026-03-06", now: later });
    expect(summarisePerson(alice, days)).toMatchObject({ workedMinutes: 2850, regularMinutes: 2850, overtimeMinutes: 0 });
  });
});
