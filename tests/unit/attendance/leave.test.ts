// Leave and holidays: never absent on a holiday or a day of leave; half days; leave days counted on planned days
// only; allowance. Hand-computed.
import { describe, expect, it } from "vitest";
import { evaluatePersonDays } from "@/lib/attendance/day";
import type { EventInput } from "@/lib/attendance/events";
import { daysOffOf, leaveDaysOf, rangesOverlap, remainingAllowance, yearOf, type ApprovedLeave } from "@/lib/attendance/leave";
import type { PunchKind } from "@/lib/attendance/punches";
import { WorkCalendar } from "@/lib/attendance/rules";
import { RotaCalendar, type ShiftTemplate } from "@/lib/attendance/schedule";
import { summarisePerson } from "@/lib/attendance/summary";
import { ALICE, dayRules } from "./month-fixture";

let seq = 0;
const punch = (kind: PunchKind, at: string): EventInput => ({
  id: `l-${String(++seq).padStart(4, "0")}`,
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
const cal = new WorkCalendar(dayRules); // London, Mon–Fri 09:00–17:00, grace 5
const annual = (from: string, to: string, half: ApprovedLeave["half"] = null): ApprovedLeave => ({ typeId: "t-annual", typeName: "Annual", category: "paid", from, to, half });
const sick = (from: string, to: string): ApprovedLeave => ({ typeId: "t-sick", typeName: "Sick", category: "sick", from, to, half: null });

describe("holidays and leave in the day records (March 2026)", () => {
  // Leave Mon 23 – Fri 27 March (a week, so Sat/Sun inside take nothing); holiday Wed 25 inside it;
  // sick Mon 30; half a day of leave (pm) Tue 31; holiday Fri 20 on which Alice came in anyway.
  const off = daysOffOf(
    [
      { date: "2026-03-25", name: "Founders' day" },
      { date: "2026-03-20", name: "Spring holiday" },
    ],
    [annual("2026-03-23", "2026-03-29"), sick("2026-03-30", "2026-03-30"), annual("2026-03-31", "2026-03-31", "pm")],
  );
  const events = [
    punch("in", "2026-03-20T10:00:00Z"),
    punch("out", "2026-03-20T12:00:00Z"),
    // Tue 31 (BST), afternoon off: the shift ends at 13:00; 09:10 → 13:00 = 230 min, late 10.
    punch("in", "2026-03-31T09:10:00+01:00"),
    punch("out", "2026-03-31T13:00:00+01:00"),
  ];
  const days = new Map(evaluatePersonDays(alice, events, cal, { from: "2026-03-20", to: "2026-04-01", now: new Date("2026-04-01T18:00:00+01:00"), daysOff: off }).map((d) => [d.date, d]));

  it("never absent on leave or a holiday", () => {
    expect(days.get("2026-03-23")).toMatchObject({ status: "leave", isWorkDay: false, leaveDays: 1 });
    expect(days.get("2026-03-25")).toMatchObject({ status: "holiday", leaveDays: 0, dayOff: { kind: "holiday", name: "Founders' day" } });
    expect(days.get("2026-03-28")).toMatchObject({ status: "off", leaveDays: 0 }); // weekend inside the leave
    expect(days.get("2026-03-30")).toMatchObject({ status: "leave", leaveDays: 1, dayOff: { category: "sick" } });
    // Apr 1: nothing planned off, no check-in, the day is over → absent.
    expect(days.get("2026-04-01")!.status).toBe("absent");
  });

  it("work on a holiday counts, without lateness or absence", () => {
    expect(days.get("2026-03-20")).toMatchObject({ status: "present", workedMinutes: 120, lateMinutes: 0, earlyLeaveMinutes: 0 });
    expect(days.get("2026-03-20")!.flags).toContain("non-working-day");
  });

  it("half a day: the other half is expected and judged", () => {
    // Leaving at 13:00 is not early (the shift ends at its mid-point); arriving 09:10 is 10 late.
    expect(days.get("2026-03-31")).toMatchObject({ status: "late", lateMinutes: 10, earlyLeaveMinutes: 0, workedMinutes: 230, leaveDays: 0.5 });
  });

  it("sums leave by category and counts holidays on planned days", () => {
    const s = summarisePerson(alice, days.values());
    // Paid: Mon 23, Tue 24, Thu 26, Fri 27 (Wed 25 is a holiday) + 0.5 = 4.5; sick: 1; holidays: 20th (worked, so
    // present, not counted) and 25th → 1. Expected work days: only Tue 31 and Wed 1 April (the rest is excused).
    expect(s).toMatchObject({ leaveDaysPaid: 4.5, leaveDaysSick: 1, leaveDaysUnpaid: 0, holidayCount: 1, workDays: 2, absentCount: 1 });
  });
});

describe("leave days of a request", () => {
  const holidays = new Set(["2026-03-25"]);
  it("counts planned days that are not holidays; half a day is 0.5", () => {
    expect(leaveDaysOf(annual("2026-03-23", "2026-03-29"), cal, holidays)).toBe(4);
    expect(leaveDaysOf(annual("2026-03-28", "2026-03-29"), cal, holidays)).toBe(0);
    expect(leaveDaysOf(annual("2026-03-31", "2026-03-31", "am"), cal, holidays)).toBe(0.5);
  });

  it("on a rota, the person's own shifts count (a night worker on Saturdays)", () => {
    const night: ShiftTemplate = { id: "n", name: "Night", start: "22:00", end: "06:00", overnight: true, unpaidBreakMinutes: 0 };
    const rota = new RotaCalendar(cal, [night], [{ id: "a", userId: ALICE, templateId: "n", weekdays: [5, 6], from: "2026-03-01", to: null }]);
    // 23–29 March on a Fri+Sat rota: Fri 27 and Sat 28 (the DST night) → 2.
    expect(leaveDaysOf(annual("2026-03-23", "2026-03-29"), rota, holidays)).toBe(2);
  });

  it("allowance, overlap and the year", () => {
    expect(remainingAllowance(25, 4.5)).toBe(20.5);
    expect(remainingAllowance(null, 3)).toBeNull();
    expect(rangesOverlap({ from: "2026-03-23", to: "2026-03-27" }, { from: "2026-03-27", to: "2026-04-02" })).toBe(true);
    expect(rangesOverlap({ from: "2026-03-23", to: "2026-03-26" }, { from: "2026-03-27", to: "2026-04-02" })).toBe(false);
    expect(yearOf("2026-03-23")).toEqual({ from: "2026-01-01", to: "2026-12-31" });
  });
});

describe("Santiago: a day of leave on the day without a midnight", () => {
  it("is leave, not absent", () => {
    const c = new WorkCalendar({ ...dayRules, timezone: "America/Santiago", workDays: [1, 2, 3, 4, 5, 6, 7] });
    const [d] = evaluatePersonDays(alice, [], c, { from: "2026-09-06", to: "2026-09-06", now: later, daysOff: daysOffOf([], [annual("2026-09-06", "2026-09-06")]) });
    expect(d).toMatchObject({ status: "leave", leaveDays: 1 });
  });
});
