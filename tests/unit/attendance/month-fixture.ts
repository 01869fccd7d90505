// A seeded month (March 2026, Europe/London, Mon–Fri 09:00–17:00, grace 5) with hand-computed expectations,
// shared by the attendance and reports tests. Times are written with their UTC offset: GMT (Z) until
// Sunday 29 March 01:00 UTC, BST (+01:00) after.
import type { Person } from "@/lib/attendance/day";
import type { EventInput } from "@/lib/attendance/events";
import { eachDate, isoWeekday } from "@/lib/attendance/local-time";
import type { AttendanceRules } from "@/lib/attendance/rules";

export const dayRules: AttendanceRules = {
  timezone: "Europe/London",
  workDays: [1, 2, 3, 4, 5],
  shiftStart: "09:00",
  shiftEnd: "17:00",
  overnight: false,
  graceMinutes: 5,
};

export const ALICE = "00000000-0000-7000-8000-00000000000a";
export const BOB = "00000000-0000-7000-8000-00000000000b";
export const CAROL = "00000000-0000-7000-8000-00000000000c";

export const people: Person[] = [
  { id: ALICE, name: "Alice Archer", email: "alice@example.test" },
  { id: BOB, name: "=Bob, \"the builder\"", email: "bob@example.test" },
  { id: CAROL, name: "Carol Chen", email: "carol@example.test", activeFrom: "2026-03-23" },
];

let seq = 0;
export function ev(
  userId: string,
  kind: EventInput["kind"],
  at: string,
  extra: Partial<EventInput> = {},
): EventInput {
  seq++;
  return {
    id: extra.id ?? `e-${String(seq).padStart(5, "0")}`,
    userId,
    kind,
    at: new Date(at),
    decision: "accepted",
    source: "face",
    supersedesId: null,
    voidedAt: null,
    reviewedAt: null,
    ...extra,
  };
}

/** Offset suffix of a March 2026 London date (BST from the 29th). */
const off = (date: string) => (date >= "2026-03-29" ? "+01:00" : "Z");
const at = (date: string, time: string) => `${date}T${time}${off(date)}`;

/** Alice's special days (everything else Mon–Fri: 08:55 → 17:05, 490 minutes). */
const aliceSpecial = new Set(["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06", "2026-03-09", "2026-03-10", "2026-03-11", "2026-03-30"]);

export function monthEvents(): EventInput[] {
  const a: EventInput[] = [];
  // Mon 2: late 7.5 min → 8 late minutes; 09:07:30 → 17:00 = 472.5 → 472 min.
  a.push(ev(ALICE, "in", at("2026-03-02", "09:07:30")), ev(ALICE, "out", at("2026-03-02", "17:00:00")));
  // Tue 3: exactly at the end of grace (09:05) → not late; 475 min.
  a.push(ev(ALICE, "in", at("2026-03-03", "09:05:00")), ev(ALICE, "out", at("2026-03-03", "17:00:00")));
  // Wed 4: early leave 16:30 → 30 min; 08:58 → 16:30 = 452 min.
  a.push(ev(ALICE, "in", at("2026-03-04", "08:58:00")), ev(ALICE, "out", at("2026-03-04", "16:30:00")));
  // Thu 5: missing check-out.
  a.push(ev(ALICE, "in", at("2026-03-05", "09:00:00")));
  // Fri 6: face check-in at 09:20 (late) corrected by an admin to 08:59 → present; 08:59 → 17:00 = 481 min.
  const wrong = ev(ALICE, "in", at("2026-03-06", "09:20:00"), { id: "e-fri6-face" });
  a.push(wrong, ev(ALICE, "in", at("2026-03-06", "08:59:00"), { source: "correction", supersedesId: wrong.id }), ev(ALICE, "out", at("2026-03-06", "17:00:00")));
  // Mon 9: the 08:50 check-in was voided → the 09:30 one counts: late 30; 09:30 → 17:30 = 480 min.
  a.push(
    ev(ALICE, "in", at("2026-03-09", "08:50:00"), { voidedAt: new Date("2026-03-10T10:00:00Z") }),
    ev(ALICE, "in", at("2026-03-09", "09:30:00")),
    ev(ALICE, "out", at("2026-03-09", "17:30:00")),
  );
  // Tue 10: only rejected attempts → absent.
  a.push(ev(ALICE, "in", at("2026-03-10", "09:00:00"), { decision: "rejected" }), ev(ALICE, null, at("2026-03-10", "09:01:00"), { decision: "rejected" }));
  // Wed 11: a rejected attempt at 08:50, then accepted at 09:10 → late 10; 09:10 → 17:05 = 475 min.
  a.push(ev(ALICE, "in", at("2026-03-11", "08:50:00"), { decision: "rejected" }), ev(ALICE, "in", at("2026-03-11", "09:10:00")), ev(ALICE, "out", at("2026-03-11", "17:05:00")));
  // Sat 14: worked on a day off, 10:00 → 14:00 = 240 min, never late.
  a.push(ev(ALICE, "in", at("2026-03-14", "10:00:00")), ev(ALICE, "out", at("2026-03-14", "14:00:00")));
  // Mon 30 (BST): 09:02 → 17:00 = 478 min, within grace.
  a.push(ev(ALICE, "in", at("2026-03-30", "09:02:00")), ev(ALICE, "out", at("2026-03-30", "17:00:00")));
  for (const d of eachDate("2026-03-01", "2026-03-31")) {
    if (isoWeekday(d) > 5 || aliceSpecial.has(d)) continue;
    a.push(ev(ALICE, "in", at(d, "08:55:00")), ev(ALICE, "out", at(d, "17:05:00")));
  }

  const b: EventInput[] = [];
  // Mon 2: a flagged attempt waiting for review; no accepted event → absent, "pending-review".
  b.push(ev(BOB, "in", at("2026-03-02", "09:00:00"), { decision: "flagged" }));
  // Mon 16 – Fri 20: 08:45 → 17:15 = 510 min.
  for (const d of eachDate("2026-03-16", "2026-03-20")) b.push(ev(BOB, "in", at(d, "08:45:00")), ev(BOB, "out", at(d, "17:15:00")));
  // Tue 24: a check-out without a check-in → absent, "missing-in".
  b.push(ev(BOB, "out", at("2026-03-24", "17:00:00")));

  const c: EventInput[] = [];
  // Carol joined on Mon 23. Mon 23: 09:00 → 17:00 = 480; Tue 24: 09:06 → late 6, out 17:00 = 474.
  c.push(ev(CAROL, "in", at("2026-03-23", "09:00:00")), ev(CAROL, "out", at("2026-03-23", "17:00:00")));
  c.push(ev(CAROL, "in", at("2026-03-24", "09:06:00")), ev(CAROL, "out", at("2026-03-24", "17:00:00")));
  // An event from February (outside the range) must not count.
  c.push(ev(CAROL, "in", "2026-02-27T09:00:00Z"));

  const byTime = (x: EventInput, y: EventInput) => x.at.getTime() - y.at.getTime();
  return [...a.sort(byTime), ...b.sort(byTime), ...c.sort(byTime)];
}

/** "now" after the month: every day is over. */
export const afterMonth = new Date("2026-04-01T12:00:00Z");

/** Hand-computed month totals. */
export const expected = {
  alice: {
    workDays: 22,
    daysPresent: 22, // 21 working days + Sat 14
    lateCount: 3, // Mon 2 (8), Mon 9 (30), Wed 11 (10)
    lateMinutes: 48,
    earlyLeaveCount: 1, // Wed 4 (30)
    earlyLeaveMinutes: 30,
    absentCount: 1, // Tue 10
    missingOutCount: 1, // Thu 5
    // 472 + 475 + 452 + 481 + 480 + 475 + 240 + 478 + 13 × 490
    workedMinutes: 9923,
    regularMinutes: 9923,
    overtimeMinutes: 0,
    leaveDaysPaid: 0,
    leaveDaysUnpaid: 0,
    leaveDaysSick: 0,
    holidayCount: 0,
    breakMinutes: 0,
    unpaidBreakMinutes: 0,
  },
  bob: {
    workDays: 22,
    daysPresent: 5,
    lateCount: 0,
    lateMinutes: 0,
    earlyLeaveCount: 0,
    earlyLeaveMinutes: 0,
    absentCount: 17,
    missingOutCount: 0,
    workedMinutes: 2550,
    regularMinutes: 2550,
    overtimeMinutes: 0,
    leaveDaysPaid: 0,
    leaveDaysUnpaid: 0,
    leaveDaysSick: 0,
    holidayCount: 0,
    breakMinutes: 0,
    unpaidBreakMinutes: 0,
  },
  carol: {
    workDays: 7, // Mon 23 – Tue 31
    daysPresent: 2,
    lateCount: 1,
    lateMinutes: 6,
    earlyLeaveCount: 0,
    earlyLeaveMinutes: 0,
    absentCount: 5,
    missingOutCount: 0,
    workedMinutes: 954,
    regularMinutes: 954,
    overtimeMinutes: 0,
    leaveDaysPaid: 0,
    leaveDaysUnpaid: 0,
    leaveDaysSick: 0,
    holidayCount: 0,
    breakMinutes: 0,
    unpaidBreakMinutes: 0,
  },
} as const;
