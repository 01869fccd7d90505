// The demo organisation's staff and their last 30 days, planned relative to `today` from a fixed seed: the same
// day always gives the same history. Pure (no clock, no IO); lib/db/seed-demo.ts writes it.
import { payPeriodOf } from "@/lib/attendance/approval";
import { addDays, eachDate, isoWeekday, type LocalDate } from "@/lib/attendance/local-time";
import type { PunchKind } from "@/lib/attendance/punches";

export type DemoShift = "default" | "Early" | "Late";

export interface DemoPerson {
  key: string;
  name: string;
  employeeNumber: string;
  shift: DemoShift;
}

/** Ten staff; some names need a Unicode font in the PDF exports. */
export const DEMO_STAFF: readonly DemoPerson[] = [
  { key: "amara", name: "Amara Okafor", employeeNumber: "D-101", shift: "default" },
  { key: "ben", name: "Ben Carter", employeeNumber: "D-102", shift: "default" },
  { key: "chloe", name: "Chloé Martin", employeeNumber: "D-103", shift: "default" },
  { key: "dev", name: "Dev Patel", employeeNumber: "D-104", shift: "Early" },
  { key: "eleni", name: "Ελένη Παπαδοπούλου", employeeNumber: "D-105", shift: "default" },
  { key: "freya", name: "Freya Lindqvist", employeeNumber: "D-106", shift: "Early" },
  { key: "hiro", name: "Hiro Tanaka", employeeNumber: "D-107", shift: "Late" },
  { key: "isla", name: "Isla Murphy", employeeNumber: "D-108", shift: "default" },
  { key: "lukasz", name: "Łukasz Żółć", employeeNumber: "D-109", shift: "default" },
  { key: "mateo", name: "Mateo García", employeeNumber: "D-110", shift: "Late" },
];

/** The owner works the organisation's hours too (so the dashboard does not show them absent every day). */
export const DEMO_OWNER: DemoPerson = { key: "owner", name: "Dana Demo", employeeNumber: "D-100", shift: "default" };

/** Local start and end (minutes) of each shift the demo uses (the organisation's default is 09:00–17:00). */
export const DEMO_SHIFT_TIMES: Readonly<Record<DemoShift, { start: number; end: number }>> = {
  default: { start: 9 * 60, end: 17 * 60 },
  Early: { start: 6 * 60, end: 14 * 60 },
  Late: { start: 14 * 60, end: 22 * 60 },
};

export interface DemoEvent {
  person: string | null;
  date: LocalDate;
  minutes: number;
  kind: PunchKind | null;
  decision: "accepted" | "flagged" | "rejected";
  reason: string | null;
}

export interface DemoLeave {
  person: string;
  type: "Annual leave" | "Sick leave" | "Unpaid leave";
  from: LocalDate;
  to: LocalDate;
  status: "pending" | "approved" | "refused";
  note: string | null;
  decisionReason: string | null;
}

export interface DemoPlan {
  /** History starts here (30 days before today). */
  from: LocalDate;
  holiday: { date: LocalDate; name: string };
  events: DemoEvent[];
  leave: DemoLeave[];
  correctionRequests: { person: string; date: LocalDate; checkIn: string | null; checkOut: string | null; reason: string }[];
  /** The week approved for the staff (week before last; nobody approves their own, so not the owner's). */
  approvedWeek: { from: LocalDate; to: LocalDate };
}

/** mulberry32: a small seeded generator, the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
const isWeekday = (d: LocalDate) => isoWeekday(d) <= 5;

/**
 * The plan for `today` at local minute `nowMinutes`: nothing is planned after now. Weekdays only; a holiday three
 * weeks ago; leave (approved, sick, pending, refused); late arrivals, breaks, overtime and a few missing check-outs;
 * flagged attempts in the last days waiting for review; a pending correction request; the week before last approved.
 */
export function planDemoHistory(today: LocalDate, nowMinutes: number, seed = 20261204): DemoPlan {
  const rand = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const from = addDays(today, -30);
  const thisWeek = payPeriodOf(today, "week").from;
  const approvedWeek = { from: addDays(thisWeek, -14), to: addDays(thisWeek, -8) };
  const holiday = { date: addDays(thisWeek, -19), name: "Founders' Day" }; // Wednesday three weeks ago
  const leave: DemoLeave[] = [
    { person: "amara", type: "Annual leave", from: addDays(thisWeek, -18), to: addDays(thisWeek, -17), status: "approved", note: "Family visit", decisionReason: null },
    { person: "dev", type: "Sick leave", from: addDays(thisWeek, -6), to: addDays(thisWeek, -6), status: "approved", note: null, decisionReason: null },
    { person: "freya", type: "Annual leave", from: addDays(thisWeek, 7), to: addDays(thisWeek, 9), status: "pending", note: "Long weekend away", decisionReason: null },
    { person: "isla", type: "Unpaid leave", from: addDays(thisWeek, 11), to: addDays(thisWeek, 11), status: "refused", note: null, decisionReason: "Stocktake that day" },
  ];
  const onLeave = (person: string, date: LocalDate) => leave.some((l) => l.person === person && l.status === "approved" && l.from <= date && date <= l.to);

  const events: DemoEvent[] = [];
  const missingOuts: { person: string; date: LocalDate; end: number }[] = [];
  const push = (person: string | null, date: LocalDate, minutes: number, kind: PunchKind | null, decision: DemoEvent["decision"] = "accepted", reason: string | null = null) => {
    if (date === today && minutes > nowMinutes) return;
    events.push({ person, date, minutes, kind, decision, reason });
  };
  for (const date of eachDate(from, today)) {
    if (!isWeekday(date) || date === holiday.date) continue;
    for (const p of [...DEMO_STAFF, DEMO_OWNER]) {
      const r = rand();
      const { start, end } = DEMO_SHIFT_TIMES[p.shift];
      if (onLeave(p.key, date) || r < 0.03) continue; // on leave, or absent
      const late = rand() < 0.12;
      const inAt = late ? start + int(8, 40) : start - int(2, 14);
      push(p.key, date, inAt, "in");
      if (rand() < 0.7) {
        const breakAt = start + int(200, 240);
        push(p.key, date, breakAt, "break-start");
        push(p.key, date, breakAt + int(25, 40), "break-end");
      }
      const forgot = rand() < 0.05 && date !== today;
      const overtime = rand() < 0.12;
      const outAt = overtime ? end + int(50, 110) : end + int(-4, 20);
      if (forgot) missingOuts.push({ person: p.key, date, end: outAt });
      else push(p.key, date, outAt, "out");
    }
  }
  // Attempts the server was not sure about, waiting for an admin, and two unknown faces at the kiosk.
  const recent = [...eachDate(addDays(today, -4), addDays(today, -1))].filter(isWeekday);
  for (const [i, key] of ["ben", "mateo", "chloe"].entries()) {
    const date = recent[i % Math.max(1, recent.length)] ?? addDays(today, -1);
    push(key, date, DEMO_SHIFT_TIMES[DEMO_STAFF.find((p) => p.key === key)!.shift].start + int(-5, 5), "in", "flagged", "low-margin");
  }
  for (const date of recent.slice(0, 2)) push(null, date, 8 * 60 + int(30, 59), null, "rejected", "no-match");

  // One forgotten check-out outside the approved week is waiting as a request from its owner.
  const ask = [...missingOuts].reverse().find((m) => m.date < approvedWeek.from || m.date > approvedWeek.to);
  const correctionRequests = ask ? [{ person: ask.person, date: ask.date, checkIn: null, checkOut: hhmm(ask.end), reason: "I forgot to check out" }] : [];
  return { from, holiday, events, leave, correctionRequests, approvedWeek };
}
