// Schedules: a rota of shift templates per person, the organisation's hours as fallback. Expectations by hand.
import { describe, expect, it } from "vitest";
import { evaluatePersonDays, type DayRecord } from "@/lib/attendance/day";
import type { EventInput } from "@/lib/attendance/events";
import type { PunchKind } from "@/lib/attendance/punches";
import { WorkCalendar, type AttendanceRules } from "@/lib/attendance/rules";
import {
  assignmentsOverlap,
  calendarForPerson,
  findOverlap,
  RotaCalendar,
  scheduleEventBounds,
  shiftLengthMinutes,
  shiftTemplateIssues,
  type ShiftAssignment,
  type ShiftTemplate,
} from "@/lib/attendance/schedule";
import { summarisePerson } from "@/lib/attendance/summary";
import { ALICE, BOB, dayRules } from "./month-fixture";

const early: ShiftTemplate = { id: "t-early", name: "Early", start: "06:00", end: "14:00", overnight: false, unpaidBreakMinutes: 30 };
const lateT: ShiftTemplate = { id: "t-late", name: "Late", start: "14:00", end: "22:00", overnight: false, unpaidBreakMinutes: 30 };
const night: ShiftTemplate = { id: "t-night", name: "Night", start: "22:00", end: "06:00", overnight: true, unpaidBreakMinutes: 60 };
const templates = [early, lateT, night];

let seq = 0;
function punch(userId: string, kind: PunchKind, at: string): EventInput {
  seq++;
  return { id: `s-${String(seq).padStart(4, "0")}`, userId, kind, at: new Date(at), decision: "accepted", source: "face", supersedesId: null, voidedAt: null, reviewedAt: null };
}
const assign = (userId: string, templateId: string, weekdays: number[], from: string, to: string | null): ShiftAssignment => ({ id: `a-${++seq}`, userId, templateId, weekdays, from, to });
const later = new Date("2026-12-01T00:00:00Z");
const base = new WorkCalendar(dayRules); // London, Mon–Fri 09:00–17:00, grace 5
const byDate = (days: DayRecord[]) => new Map(days.map((d) => [d.date, d]));

describe("shift templates", () => {
  it("nominal length and the template's own checks", () => {
    expect(shiftLengthMinutes(early)).toBe(480);
    expect(shiftLengthMinutes(night)).toBe(480);
    expect(shiftTemplateIssues(early)).toEqual({});
    expect(shiftTemplateIssues(night)).toEqual({});
    expect(shiftTemplateIssues({ ...early, end: "05:00" })).toHaveProperty("end");
    expect(shiftTemplateIssues({ ...night, end: "23:00" })).toHaveProperty("end");
    expect(shiftTemplateIssues({ ...early, unpaidBreakMinutes: 480 })).toEqual({ unpaidBreakMinutes: "The break must be shorter than the shift" });
    expect(shiftTemplateIssues({ ...early, unpaidBreakMinutes: 479 })).toEqual({});
  });
});

describe("overlapping assignments", () => {
  const a = assign(ALICE, early.id, [1, 2, 3], "2026-03-02", "2026-03-31");
  it("share a date and a weekday", () => {
    expect(assignmentsOverlap(a, assign(ALICE, lateT.id, [3, 4], "2026-03-20", null))).toBe(true);
    expect(assignmentsOverlap(a, assign(ALICE, lateT.id, [4, 5], "2026-03-20", null))).toBe(false); // other weekdays
    expect(assignmentsOverlap(a, assign(ALICE, lateT.id, [1, 2, 3], "2026-04-01", null))).toBe(false); // after it
    expect(assignmentsOverlap(assign(ALICE, early.id, [1], "2026-01-01", null), assign(ALICE, lateT.id, [1], "2027-06-07", "2027-06-07"))).toBe(true); // open-ended
    // Ranges meet on Mon 30–Tue 31 only, but both are Wednesday-only: no shared day.
    expect(assignmentsOverlap(assign(ALICE, early.id, [3], "2026-03-30", "2026-03-31"), assign(ALICE, lateT.id, [3], "2026-03-26", "2026-04-30"))).toBe(false);
    expect(findOverlap(assign(ALICE, lateT.id, [2], "2026-03-10", "2026-03-10"), [a])).toBe(a);
  });
});

describe("a rota that changes mid-week (Alice: Early Mon–Fri until Wed 4 March, then Late)", () => {
  const rota = [assign(ALICE, early.id, [1, 2, 3, 4, 5], "2026-03-01", "2026-03-04"), assign(ALICE, lateT.id, [1, 2, 3, 4, 5], "2026-03-05", "2026-03-31")];
  const cal = new RotaCalendar(base, templates, rota);
  const events = [
    // Mon 2: 06:03 → 14:00 = 477, 3 min inside grace; the 30-min shift break is deducted though not punched: 447.
    punch(ALICE, "in", "2026-03-02T06:03:00Z"),
    punch(ALICE, "out", "2026-03-02T14:00:00Z"),
    // Tue 3: 06:10 → late 10; punched break 10:00–10:20 (20 < 30, so 30 unpaid); presence 470 − 30 = 440.
    punch(ALICE, "in", "2026-03-03T06:10:00Z"),
    punch(ALICE, "break-start", "2026-03-03T10:00:00Z"),
    punch(ALICE, "break-end", "2026-03-03T10:20:00Z"),
    punch(ALICE, "out", "2026-03-03T14:00:00Z"),
    // Wed 4: nothing → absent from her Early shift.
    // Thu 5 (Late from now): 13:58 in, out 21:00 → 60 early; 422 − 30 = 392.
    punch(ALICE, "in", "2026-03-05T13:58:00Z"),
    punch(ALICE, "out", "2026-03-05T21:00:00Z"),
    // Fri 6: 14:00 → 22:00 = 480 − 30 = 450.
    punch(ALICE, "in", "2026-03-06T14:00:00Z"),
    punch(ALICE, "out", "2026-03-06T22:00:00Z"),
  ];
  const days = byDate(evaluatePersonDays({ id: ALICE, name: "Alice" }, events, cal, { from: "2026-03-02", to: "2026-03-08", now: later }));

  it("judges each day against that day's own shift", () => {
    expect(days.get("2026-03-02")).toMatchObject({ shiftName: "Early", status: "present", lateMinutes: 0, workedMinutes: 447, unpaidBreakMinutes: 30, breakMinutes: 0 });
    expect(days.get("2026-03-03")).toMatchObject({ shiftName: "Early", status: "late", lateMinutes: 10, workedMinutes: 440, breakMinutes: 20, unpaidBreakMinutes: 30 });
    expect(days.get("2026-03-04")).toMatchObject({ shiftName: "Early", status: "absent" });
    // Under the organisation's 09:00–17:00 a 13:58 arrival would be 299 minutes late; on the Late shift it is on time.
    expect(days.get("2026-03-05")).toMatchObject({ shiftName: "Late", status: "present", lateMinutes: 0, earlyLeaveMinutes: 60, workedMinutes: 392 });
    expect(days.get("2026-03-06")).toMatchObject({ shiftName: "Late", workedMinutes: 450, earlyLeaveMinutes: 0 });
  });

  it("a day without a shift is off, not absent", () => {
    expect(days.get("2026-03-07")).toMatchObject({ status: "off", isWorkDay: false, shiftName: null });
    expect(days.get("2026-03-08")).toMatchObject({ status: "off", isWorkDay: false });
    const s = summarisePerson({ id: ALICE, name: "Alice" }, days.values());
    // 447 + 440 + 392 + 450 = 1729; 5 shifts planned, 1 absent; unpaid breaks 4 × 30.
    expect(s).toMatchObject({ workDays: 5, daysPresent: 4, absentCount: 1, lateCount: 1, workedMinutes: 1729, unpaidBreakMinutes: 120, breakMinutes: 20 });
  });

  it("a part-timer's rota replaces the organisation's days while it runs; outside it the default applies", () => {
    const bob = calendarForPerson(base, templates, [assign(BOB, early.id, [1, 3], "2026-03-02", "2026-03-08")]);
    const r = byDate(evaluatePersonDays({ id: BOB, name: "Bob" }, [], bob, { from: "2026-03-02", to: "2026-03-09", now: later }));
    expect([...r.values()].map((d) => [d.date, d.status, d.shiftName])).toEqual([
      ["2026-03-02", "absent", "Early"],
      ["2026-03-03", "off", null], // Tuesday: not on his rota
      ["2026-03-04", "absent", "Early"],
      ["2026-03-05", "off", null],
      ["2026-03-06", "off", null],
      ["2026-03-07", "off", null],
      ["2026-03-08", "off", null],
      ["2026-03-09", "absent", null], // the rota ended: the organisation's Monday 09:00–17:00
    ]);
    expect(calendarForPerson(base, templates, [])).toBe(base);
  });
});

describe("an overnight template with an unpaid break, across DST", () => {
  it("London spring night: 22:00 GMT → 06:00 BST is 7 h real, less the 60-min break = 360", () => {
    const cal = new RotaCalendar(base, templates, [assign(ALICE, night.id, [6], "2026-03-28", "2026-03-28")]);
    const out = "2026-03-29T06:00:00+01:00";
    // Sunday is a day off after the night: its window starts half-way between 06:00 and midnight (15:00).
    expect(cal.workDateOf(new Date(out))).toBe("2026-03-28");
    expect(new Date(cal.window("2026-03-29").windowStart).toISOString()).toBe("2026-03-29T14:00:00.000Z");
    const [d] = evaluatePersonDays({ id: ALICE, name: "A" }, [punch(ALICE, "in", "2026-03-28T22:00:00Z"), punch(ALICE, "out", out)], cal, { from: "2026-03-28", to: "2026-03-28", now: later });
    expect(d).toMatchObject({ shiftName: "Night", status: "present", workedMinutes: 360, unpaidBreakMinutes: 60, earlyLeaveMinutes: 0, lateMinutes: 0 });
  });

  it("Santiago autumn night (clocks back at midnight): 20:00 −03 → 04:00 −04 is 9 h; a 45-min punched break beats the 30-min one", () => {
    const rules: AttendanceRules = { ...dayRules, timezone: "America/Santiago" };
    const evening: ShiftTemplate = { id: "t-eve", name: "Evening", start: "20:00", end: "04:00", overnight: true, unpaidBreakMinutes: 30 };
    const cal = new RotaCalendar(new WorkCalendar(rules), [evening], [assign(ALICE, evening.id, [6], "2026-03-28", "2026-04-30")]);
    const events = [
      punch(ALICE, "in", "2026-04-04T20:00:00-03:00"), // 23:00Z
      punch(ALICE, "break-start", "2026-04-04T23:30:00-03:00"), // 02:30Z
      punch(ALICE, "break-end", "2026-04-04T23:15:00-04:00"), // 03:15Z, after the clocks went back
      punch(ALICE, "out", "2026-04-05T04:00:00-04:00"), // 08:00Z
    ];
    const [d] = evaluatePersonDays({ id: ALICE, name: "A" }, events, cal, { from: "2026-04-04", to: "2026-04-04", now: later });
    // 540 real minutes of presence; unpaid = max(30 scheduled, 45 punched) = 45 → 495.
    expect(d).toMatchObject({ date: "2026-04-04", shiftName: "Evening", workedMinutes: 495, breakMinutes: 45, unpaidBreakMinutes: 45, lateMinutes: 0, earlyLeaveMinutes: 0 });
    expect((cal.window("2026-04-04").shiftEnd - cal.window("2026-04-04").shiftStart) / 60_000).toBe(540);
  });
});

describe("event bounds for everyone", () => {
  it("cover every rota window inside the organisation's range", () => {
    const cal = new RotaCalendar(base, templates, [assign(ALICE, night.id, [5], "2026-03-01", null)]);
    const b = scheduleEventBounds(base, "2026-03-02", "2026-03-06");
    const w = cal.eventBounds("2026-03-02", "2026-03-06");
    expect(b.from.getTime()).toBeLessThanOrEqual(w.from.getTime());
    expect(b.to.getTime()).toBeGreaterThanOrEqual(w.to.getTime());
    // Friday's night ends Saturday 06:00, its window at 15:00 Saturday; the bounds reach Sunday midnight.
    expect(b.to.toISOString()).toBe("2026-03-08T00:00:00.000Z");
  });
});
