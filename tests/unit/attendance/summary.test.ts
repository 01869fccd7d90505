// The dashboard's "today" (issue 17): in now / left / late / absent / not yet in / on leave, from the same day
// records as the reports, so the two always agree.
import { describe, expect, it } from "vitest";
import { evaluatePersonDays, type DayRecord } from "@/lib/attendance/day";
import type { DayOff } from "@/lib/attendance/leave";
import { WorkCalendar } from "@/lib/attendance/rules";
import { summariseDay, summarisePerson } from "@/lib/attendance/summary";
import { ALICE, BOB, CAROL, dayRules, ev } from "./month-fixture";

const cal = new WorkCalendar(dayRules);
const today = "2026-04-01"; // a Wednesday, BST
const at = (hhmm: string) => new Date(`${today}T${hhmm}:00+01:00`);
const DANA = "00000000-0000-7000-8000-00000000000d";
const ERIN = "00000000-0000-7000-8000-00000000000e";
const people = [
  { id: ALICE, name: "Alice" },
  { id: BOB, name: "Bob" },
  { id: CAROL, name: "Carol" },
  { id: DANA, name: "Dana" },
  { id: ERIN, name: "Erin" },
];
const names = new Map(people.map((p) => [p.id, p.name]));
const events = [
  ev(ALICE, "in", `${today}T08:55:00+01:00`),
  // Bob: late, then a break (still "in now": on a break is at work).
  ev(BOB, "in", `${today}T09:40:00+01:00`),
  ev(BOB, "break-start", `${today}T12:00:00+01:00`),
  // Carol: late, and checked out: she has left.
  ev(CAROL, "in", `${today}T09:20:00+01:00`),
  ev(CAROL, "out", `${today}T11:00:00+01:00`),
];
const leave: DayOff = { kind: "leave", typeName: "Annual leave", category: "paid", half: null };

function records(now: Date): DayRecord[] {
  return people.flatMap((p) =>
    evaluatePersonDays(
      p,
      events.filter((e) => e.userId === p.id),
      cal,
      { from: today, to: today, now, daysOff: p.id === ERIN ? new Map([[today, leave]]) : undefined },
    ),
  );
}

describe("summariseDay", () => {
  it("splits the day: who is in now, who left, who was late, who is on leave, who is not in yet", () => {
    const d = summariseDay(today, records(at("12:30")), names);
    expect(d.inNow.map((e) => e.name)).toEqual(["Alice", "Bob"]);
    expect(d.left.map((e) => e.name)).toEqual(["Carol"]);
    expect(d.late.map((e) => [e.name, e.lateMinutes])).toEqual([
      ["Bob", 40],
      ["Carol", 20],
    ]);
    expect(d.notYetIn.map((e) => e.name)).toEqual(["Dana"]);
    expect(d.onLeave.map((e) => e.name)).toEqual(["Erin"]);
    expect(d.absent).toEqual([]);
    // Erin on a full day of leave is not expected.
    expect(d.counts).toEqual({ cameIn: 3, inNow: 2, left: 1, late: 2, absent: 0, notYetIn: 1, onLeave: 1, off: 0, expected: 4 });
  });

  it("after the shift, whoever did not come is absent, and the counts still add up", () => {
    const d = summariseDay(today, records(at("17:30")), names);
    expect(d.absent.map((e) => e.name)).toEqual(["Dana"]);
    expect(d.counts.inNow + d.counts.left + d.counts.absent + d.counts.notYetIn).toBe(d.counts.expected);
  });

  it("agrees with the reports' per-person totals over the same day records", () => {
    for (const hhmm of ["08:00", "09:30", "12:30", "17:30"]) {
      const recs = records(at(hhmm));
      const d = summariseDay(today, recs, names);
      const totals = people.map((p) => summarisePerson(p, recs.filter((r) => r.userId === p.id)));
      const sum = (k: "daysPresent" | "lateCount" | "absentCount") => totals.reduce((n, t) => n + t[k], 0);
      expect(d.counts.cameIn, hhmm).toBe(sum("daysPresent"));
      expect(d.counts.late, hhmm).toBe(sum("lateCount"));
      expect(d.counts.absent, hhmm).toBe(sum("absentCount"));
      expect(d.counts.onLeave, hhmm).toBe(totals.filter((t) => t.leaveDaysPaid === 1).length);
    }
  });
});
