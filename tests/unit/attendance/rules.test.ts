import { describe, expect, it } from "vitest";
import { evaluatePersonDays, type DayRecord } from "@/lib/attendance/day";
import { resolveEvents } from "@/lib/attendance/events";
import { rulesFromOrg, WorkCalendar, type AttendanceRules } from "@/lib/attendance/rules";
import { attendanceSeries, summariseDay, summarisePerson } from "@/lib/attendance/summary";
import { defaultSettings } from "@/lib/validations/settings";
import { ALICE, BOB, CAROL, afterMonth, dayRules, ev, expected, monthEvents, people } from "./month-fixture";

const H = 3_600_000;
const cal = new WorkCalendar(dayRules);
const month = { from: "2026-03-01", to: "2026-03-31", now: afterMonth };

function daysOf(userId: string, now: Date = afterMonth, events = monthEvents()) {
  const person = people.find((p) => p.id === userId)!;
  return evaluatePersonDays(
    person,
    events.filter((e) => e.userId === userId),
    cal,
    { ...month, now },
  );
}
const dayOf = (days: DayRecord[], date: string) => {
  const d = days.find((x) => x.date === date);
  if (!d) throw new Error(`no record for ${date}`);
  return d;
};

describe("the seeded month, day by day (Alice)", () => {
  const days = daysOf(ALICE);

  it("has one record per day of March", () => {
    expect(days).toHaveLength(31);
  });

  it("late beyond grace: 09:07:30 is 8 late minutes; hours are real elapsed whole minutes", () => {
    const d = dayOf(days, "2026-03-02");
    expect(d.status).toBe("late");
    expect(d.lateMinutes).toBe(8);
    expect(d.workedMinutes).toBe(472);
    expect(d.firstIn?.toISOString()).toBe("2026-03-02T09:07:30.000Z");
    expect(d.lastOut?.toISOString()).toBe("2026-03-02T17:00:00.000Z");
  });

  it("arriving exactly at the end of grace is not late", () => {
    const d = dayOf(days, "2026-03-03");
    expect(d.status).toBe("present");
    expect(d.lateMinutes).toBe(0);
    expect(d.workedMinutes).toBe(475);
  });

  it("early leave", () => {
    const d = dayOf(days, "2026-03-04");
    expect(d.status).toBe("present");
    expect(d.earlyLeaveMinutes).toBe(30);
    expect(d.flags).toContain("early-leave");
    expect(d.workedMinutes).toBe(452);
  });

  it("a missing check-out is flagged, never invented", () => {
    const d = dayOf(days, "2026-03-05");
    expect(d.status).toBe("present");
    expect(d.lastOut).toBeNull();
    expect(d.workedMinutes).toBeNull();
    expect(d.flags).toContain("missing-out");
    expect(d.earlyLeaveMinutes).toBe(0);
  });

  it("a correction replaces the event it supersedes; the day is marked corrected", () => {
    const d = dayOf(days, "2026-03-06");
    expect(d.status).toBe("present");
    expect(d.lateMinutes).toBe(0);
    expect(d.firstIn?.toISOString()).toBe("2026-03-06T08:59:00.000Z");
    expect(d.workedMinutes).toBe(481);
    expect(d.flags).toContain("corrected");
  });

  it("a voided event does not count", () => {
    const d = dayOf(days, "2026-03-09");
    expect(d.status).toBe("late");
    expect(d.lateMinutes).toBe(30);
    expect(d.workedMinutes).toBe(480);
    expect(d.flags).toContain("corrected");
  });

  it("rejected attempts are ignored: only rejected → absent; rejected then accepted → the accepted one", () => {
    expect(dayOf(days, "2026-03-10").status).toBe("absent");
    const d = dayOf(days, "2026-03-11");
    expect(d.status).toBe("late");
    expect(d.lateMinutes).toBe(10);
    expect(d.workedMinutes).toBe(475);
  });

  it("weekends are off, not absent; work on a weekend counts without lateness", () => {
    expect(dayOf(days, "2026-03-07").status).toBe("off");
    expect(dayOf(days, "2026-03-08").status).toBe("off");
    const sat = dayOf(days, "2026-03-14");
    expect(sat.status).toBe("present");
    expect(sat.isWorkDay).toBe(false);
    expect(sat.flags).toContain("non-working-day");
    expect(sat.lateMinutes).toBe(0);
    expect(sat.earlyLeaveMinutes).toBe(0);
    expect(sat.workedMinutes).toBe(240);
  });

  it("after the clocks go forward, 09:02 BST is within grace", () => {
    const d = dayOf(days, "2026-03-30");
    expect(d.status).toBe("present");
    expect(d.workedMinutes).toBe(478);
    const normal = dayOf(days, "2026-03-31");
    expect(normal.workedMinutes).toBe(490);
    expect(normal.status).toBe("present");
  });

  it("sums to the hand-computed month", () => {
    const { userId: _u, name: _n, ...s } = summarisePerson(people[0]!, days);
    expect(s).toEqual(expected.alice);
  });
});

describe("the seeded month (Bob, Carol)", () => {
  it("Bob: a flagged attempt is not attendance but waits for review; an out without an in", () => {
    const days = daysOf(BOB);
    const mon = dayOf(days, "2026-03-02");
    expect(mon.status).toBe("absent");
    expect(mon.flags).toContain("pending-review");
    const tue = dayOf(days, "2026-03-24");
    expect(tue.status).toBe("absent");
    expect(tue.flags).toContain("missing-in");
    const { userId: _u, name: _n, ...s } = summarisePerson(people[1]!, days);
    expect(s).toEqual(expected.bob);
  });

  it("Carol: no days before she joined; an event outside the range is ignored", () => {
    const days = daysOf(CAROL);
    expect(days[0]!.date).toBe("2026-03-23");
    expect(days).toHaveLength(9);
    expect(dayOf(days, "2026-03-24").lateMinutes).toBe(6);
    const { userId: _u, name: _n, ...s } = summarisePerson(people[2]!, days);
    expect(s).toEqual(expected.carol);
  });
});

describe("today, relative to now", () => {
  const today = "2026-04-01"; // a Wednesday, BST
  const events = [
    ev(ALICE, "in", "2026-04-01T08:55:00+01:00"),
    ev(CAROL, "in", "2026-04-01T09:20:00+01:00"),
    ev(CAROL, "out", "2026-04-01T09:40:00+01:00"),
  ];
  const at = (hhmm: string) => new Date(`${today}T${hhmm}:00+01:00`);
  const records = (now: Date, c: WorkCalendar = cal) =>
    people.flatMap((p) =>
      evaluatePersonDays(
        p,
        events.filter((e) => e.userId === p.id),
        c,
        { from: today, to: today, now },
      ),
    );

  it("not yet in before the shift ends, absent after; an open day is on shift, not missing its check-out", () => {
    const morning = summariseDay(today, records(at("10:00")), new Map(people.map((p) => [p.id, p.name])));
    // Alice is in; Carol came in late and has left: she is not "in now", but she is late and she came in.
    expect(morning.inNow.map((e) => e.name)).toEqual(["Alice Archer"]);
    expect(morning.left.map((e) => e.name)).toEqual(["Carol Chen"]);
    expect(morning.late.map((e) => e.name)).toEqual(["Carol Chen"]);
    expect(morning.late[0]!.lateMinutes).toBe(20);
    expect(morning.notYetIn.map((e) => e.userId)).toEqual([BOB]);
    expect(morning.absent).toEqual([]);
    expect(morning.inNow[0]!.flags).toContain("on-shift");
    expect(morning.inNow[0]!.flags).not.toContain("missing-out");
    expect(morning.counts).toEqual({ cameIn: 2, inNow: 1, left: 1, late: 1, absent: 0, notYetIn: 1, onLeave: 0, off: 0, expected: 3 });

    const evening = summariseDay(today, records(at("17:30")), new Map(people.map((p) => [p.id, p.name])));
    expect(evening.absent.map((e) => e.userId)).toEqual([BOB]);
    expect(evening.notYetIn).toEqual([]);
    // The counts add up on a work day, at any hour.
    for (const hhmm of ["00:30", "08:59", "09:20", "12:00", "17:30", "23:59"]) {
      const c = summariseDay(today, records(at(hhmm)), new Map(people.map((p) => [p.id, p.name]))).counts;
      expect(c.inNow + c.left + c.absent + c.notYetIn, hhmm).toBe(c.expected);
      expect(c.cameIn, hhmm).toBe(c.inNow + c.left);
    }
    // Carol's early leave is known once she checked out.
    const carol = records(at("17:30")).find((r) => r.userId === CAROL)!;
    expect(carol.earlyLeaveMinutes).toBe(440);
    // After the day's window closes (midnight), Alice's open day becomes a missing check-out.
    const alice = records(new Date("2026-04-02T00:00:00+01:00")).find((r) => r.userId === ALICE && r.date === today)!;
    expect(alice.flags).toContain("missing-out");
  });

  it("absentAfter grace-end: absent as soon as the grace has passed", () => {
    const strict = new WorkCalendar(dayRules, { absentAfter: "grace-end" });
    const before = records(at("09:05"), strict).find((r) => r.userId === BOB)!;
    expect(before.status).toBe("not-yet-in");
    const after = records(at("09:06"), strict).find((r) => r.userId === BOB)!;
    expect(after.status).toBe("absent");
  });

  it("days after now are not evaluated unless asked; the work day has not begun → upcoming", () => {
    const r = evaluatePersonDays(people[1]!, [], cal, { from: today, to: "2026-04-03", now: at("10:00") });
    expect(r.map((d) => d.date)).toEqual([today]);
    const all = evaluatePersonDays(people[1]!, [], cal, { from: today, to: "2026-04-03", now: at("10:00"), includeFuture: true });
    expect(all.map((d) => d.status)).toEqual(["not-yet-in", "upcoming", "upcoming"]);
  });
});

describe("overnight shift 22:00 → 06:00 (Europe/London, every day, grace 10)", () => {
  const rules: AttendanceRules = { timezone: "Europe/London", workDays: [1, 2, 3, 4, 5, 6, 7], shiftStart: "22:00", shiftEnd: "06:00", overnight: true, graceMinutes: 10 };
  const night = new WorkCalendar(rules);
  const D = "00000000-0000-7000-8000-00000000000d";
  const dave = { id: D, name: "Dave" };
  const events = [
    // Tue 24 March: arrives 00:30 on Wednesday → still Tuesday's shift, 150 min late; 00:30 → 06:00 = 330 min.
    ev(D, "in", "2026-03-25T00:30:00Z"),
    ev(D, "out", "2026-03-25T06:00:00Z"),
    // Wed 25: checks in, never out → missing-out.
    ev(D, "in", "2026-03-25T22:00:00Z"),
    // Thu 26: leaves at 05:00 → 60 early; 420 min.
    ev(D, "in", "2026-03-26T22:00:00Z"),
    ev(D, "out", "2026-03-27T05:00:00Z"),
    // Fri 27: 22:20 → 20 late; 22:20 → 06:00 = 460 min.
    ev(D, "in", "2026-03-27T22:20:00Z"),
    ev(D, "out", "2026-03-28T06:00:00Z"),
    // Sat 28 → Sun 29, clocks go forward at 01:00 GMT: 21:55 GMT → 06:00 BST is 7 h 05 real = 425 min.
    ev(D, "in", "2026-03-28T21:55:00Z"),
    ev(D, "out", "2026-03-29T06:00:00+01:00"),
    // Sat 24 → Sun 25 October, clocks go back: 22:00 BST → 06:00 GMT is 9 h real = 540 min.
    ev(D, "in", "2026-10-24T22:00:00+01:00"),
    ev(D, "out", "2026-10-25T06:00:00Z"),
  ];
  const days = evaluatePersonDays(dave, events, night, { from: "2026-03-24", to: "2026-10-25", now: new Date("2026-11-01T00:00:00Z") });
  const get = (d: string) => dayOf(days, d);

  it("the work day is the shift's start date, split mid-way through the off-shift gap (14:00)", () => {
    expect(night.workDateOf(new Date("2026-03-25T00:30:00Z"))).toBe("2026-03-24");
    expect(night.workDateOf(new Date("2026-03-25T13:59:59Z"))).toBe("2026-03-24");
    expect(night.workDateOf(new Date("2026-03-25T14:00:00Z"))).toBe("2026-03-25");
    const w = night.window("2026-10-24");
    expect(new Date(w.shiftStart).toISOString()).toBe("2026-10-24T21:00:00.000Z");
    expect(new Date(w.shiftEnd).toISOString()).toBe("2026-10-25T06:00:00.000Z");
    expect((w.windowEnd - w.windowStart) / H).toBe(25);
    expect((night.window("2026-03-28").windowEnd - night.window("2026-03-28").windowStart) / H).toBe(23);
  });

  it("late after midnight", () => {
    expect(get("2026-03-24")).toMatchObject({ status: "late", lateMinutes: 150, workedMinutes: 330, earlyLeaveMinutes: 0 });
  });

  it("missing check-out, early leave, late", () => {
    expect(get("2026-03-25").flags).toContain("missing-out");
    expect(get("2026-03-25").workedMinutes).toBeNull();
    expect(get("2026-03-26")).toMatchObject({ status: "present", earlyLeaveMinutes: 60, workedMinutes: 420 });
    expect(get("2026-03-27")).toMatchObject({ status: "late", lateMinutes: 20, workedMinutes: 460 });
  });

  it("counts real elapsed hours across both DST changes", () => {
    // 7 h shift on the spring night: leaving at 06:00 BST is not early.
    expect(get("2026-03-28")).toMatchObject({ status: "present", workedMinutes: 425, earlyLeaveMinutes: 0, lateMinutes: 0 });
    // 9 h shift on the autumn night.
    expect(get("2026-10-24")).toMatchObject({ status: "present", workedMinutes: 540, earlyLeaveMinutes: 0, lateMinutes: 0 });
    // No stray record: the 06:00 check-outs belong to the previous work day.
    expect(get("2026-03-29").status).toBe("absent");
    expect(get("2026-10-25").status).toBe("absent");
  });
});

describe("calendar days on DST changes (day shift)", () => {
  it("the London days of 29 March and 25 October 2026 last 23 and 25 hours", () => {
    const spring = cal.window("2026-03-29");
    const autumn = cal.window("2026-10-25");
    expect((spring.windowEnd - spring.windowStart) / H).toBe(23);
    expect((autumn.windowEnd - autumn.windowStart) / H).toBe(25);
    expect(cal.workDateOf(new Date("2026-10-25T23:30:00Z"))).toBe("2026-10-25");
    expect(cal.workDateOf(new Date("2026-10-24T23:30:00Z"))).toBe("2026-10-25"); // 00:30 BST
  });

  it("a zone whose clocks change at midnight (Santiago): the day without a midnight starts at 01:00", () => {
    const c = new WorkCalendar({ ...dayRules, timezone: "America/Santiago", workDays: [1, 2, 3, 4, 5, 6, 7] });
    const spring = c.window("2026-09-06");
    expect(new Date(spring.windowStart).toISOString()).toBe("2026-09-06T04:00:00.000Z"); // 01:00 -03
    expect((spring.windowEnd - spring.windowStart) / H).toBe(23);
    const autumn = c.window("2026-04-04");
    expect((autumn.windowEnd - autumn.windowStart) / H).toBe(25);
    expect(c.workDateOf(new Date("2026-09-06T03:59:59Z"))).toBe("2026-09-05");
    expect(c.workDateOf(new Date("2026-09-06T04:00:00Z"))).toBe("2026-09-06");
  });

  it("a Sunday shift across the autumn change counts 25 hours of presence as 1500 minutes", () => {
    const sundayRules: AttendanceRules = { ...dayRules, workDays: [7], shiftStart: "00:00", shiftEnd: "23:59" };
    const c = new WorkCalendar(sundayRules);
    const [d] = evaluatePersonDays(
      { id: ALICE, name: "A" },
      [ev(ALICE, "in", "2026-10-25T00:00:00+01:00"), ev(ALICE, "out", "2026-10-26T00:00:00Z")],
      c,
      { from: "2026-10-25", to: "2026-10-25", now: new Date("2026-11-01T00:00:00Z") },
    );
    // 00:00 BST = 23:00Z on the 24th → 00:00 GMT on the 26th is 25 h; the check-out at midnight belongs to the 26th,
    // so the 25th has no check-out inside its window.
    expect(d!.flags).toContain("missing-out");
    const [e] = evaluatePersonDays(
      { id: ALICE, name: "A" },
      [ev(ALICE, "in", "2026-10-25T00:00:00+01:00"), ev(ALICE, "out", "2026-10-25T23:59:00Z")],
      c,
      { from: "2026-10-25", to: "2026-10-25", now: new Date("2026-11-01T00:00:00Z") },
    );
    expect(e!.workedMinutes).toBe(25 * 60 - 1);
    expect(e!.earlyLeaveMinutes).toBe(0);
  });
});

describe("events", () => {
  it("a voided replacement removes the attendance; a chain of edits keeps only the last", () => {
    const a = ev(ALICE, "in", "2026-03-02T09:30:00Z", { id: "a" });
    const b = ev(ALICE, "in", "2026-03-02T09:00:00Z", { id: "b", source: "correction", supersedesId: "a" });
    const c = ev(ALICE, "in", "2026-03-02T08:58:00Z", { id: "c", source: "correction", supersedesId: "b" });
    expect(resolveEvents([c, a, b]).effective.map((e) => e.id)).toEqual(["c"]);
    const bVoided = { ...b, voidedAt: new Date() };
    expect(resolveEvents([a, bVoided]).effective).toEqual([]);
    expect(resolveEvents([a, b]).superseded.has("a")).toBe(true);
  });

  it("accepted events without a direction and reviewed flagged ones are not pending", () => {
    const r = resolveEvents([
      ev(ALICE, null, "2026-03-02T09:00:00Z"),
      ev(ALICE, "in", "2026-03-02T09:01:00Z", { decision: "flagged", reviewedAt: new Date() }),
      ev(ALICE, "in", "2026-03-02T09:02:00Z", { decision: "flagged" }),
    ]);
    expect(r.effective).toEqual([]);
    expect(r.pendingReview).toHaveLength(1);
  });
});

describe("rules from the organisation row, and validation", () => {
  it("reads timezone and settings", () => {
    const r = rulesFromOrg({ timezone: "Europe/Paris", settings: defaultSettings });
    expect(r).toEqual({ timezone: "Europe/Paris", workDays: [1, 2, 3, 4, 5], shiftStart: "09:00", shiftEnd: "17:00", overnight: false, graceMinutes: 5, paidBreaks: false, overtime: { dailyMinutes: null, weeklyMinutes: null } });
  });

  it("refuses inconsistent shifts and a day boundary inside the shift", () => {
    expect(() => new WorkCalendar({ ...dayRules, shiftEnd: "08:00" })).toThrow(RangeError);
    expect(() => new WorkCalendar({ ...dayRules, overnight: true })).toThrow(RangeError);
    expect(() => new WorkCalendar(dayRules, { dayBoundary: "12:00" })).toThrow(RangeError);
  });
});

describe("30-day series", () => {
  it("attendance and lateness rates per day; weekends are gaps", () => {
    const records = people.flatMap((p) => daysOf(p.id));
    const series = attendanceSeries("2026-03-02", "2026-03-31", records);
    expect(series).toHaveLength(30);
    const at = (d: string) => series.find((p) => p.date === d)!;
    // Mon 2: Alice (late) and Bob (absent) expected; Carol not yet employed.
    expect(at("2026-03-02")).toEqual({ date: "2026-03-02", expected: 2, attended: 1, late: 1, attendanceRate: 0.5, latenessRate: 1 });
    // Sat 14: Alice worked, but nobody was expected.
    expect(at("2026-03-14")).toMatchObject({ expected: 0, attendanceRate: null, latenessRate: null });
    // Tue 24: Alice on time, Bob absent (an out without an in), Carol late.
    expect(at("2026-03-24")).toEqual({ date: "2026-03-24", expected: 3, attended: 2, late: 1, attendanceRate: 2 / 3, latenessRate: 0.5 });
    // Mon 16: everyone expected came (Alice, Bob).
    expect(at("2026-03-16")).toMatchObject({ expected: 2, attended: 2, late: 0, attendanceRate: 1, latenessRate: 0 });
  });
});
