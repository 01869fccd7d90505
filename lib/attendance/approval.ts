// Pay-period approval: which period a date belongs to (ISO week or calendar month, by organisation setting), which
// approvals lock a person's date, and what an employee's correction request turns into. Pure: no clock, no IO.
import { addDays, eachDate, isoWeekday, type LocalDate } from "./local-time";
import type { PunchKind } from "./punches";
import { formatLocalDate, formatMonth } from "@/lib/format";

export const payPeriodKinds = ["week", "month"] as const;
export type PayPeriodKind = (typeof payPeriodKinds)[number];

export const payPeriodKindLabels: Readonly<Record<PayPeriodKind, string>> = Object.freeze({ week: "Week (Monday–Sunday)", month: "Calendar month" });

/** A pay period: whole local dates, inclusive. */
export interface PayPeriod {
  kind: PayPeriodKind;
  from: LocalDate;
  to: LocalDate;
}

/** The period of `kind` that holds `date`: its ISO week (Monday–Sunday) or its calendar month. */
export function payPeriodOf(date: LocalDate, kind: PayPeriodKind): PayPeriod {
  if (kind === "week") {
    const from = addDays(date, 1 - isoWeekday(date));
    return { kind, from, to: addDays(from, 6) };
  }
  const from = `${date.slice(0, 7)}-01`;
  const [y, m] = date.split("-").map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
  return { kind, from, to: addDays(next, -1) };
}

/** The period `delta` periods after (negative: before) `period`. */
export function shiftPeriod(period: PayPeriod, delta: number): PayPeriod {
  if (period.kind === "week") return payPeriodOf(addDays(period.from, 7 * delta), "week");
  const [y, m] = period.from.split("-").map(Number) as [number, number];
  const t = y * 12 + (m - 1) + delta;
  return payPeriodOf(`${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, "0")}-01`, "month");
}

/** Whether from..to is exactly one period of `kind` (what an approval must cover). */
export function isPayPeriod(from: LocalDate, to: LocalDate, kind: PayPeriodKind): boolean {
  const p = payPeriodOf(from, kind);
  return p.from === from && p.to === to;
}

/** "Week of 30 Nov 2026" / "November 2026", the dates written the organisation's `locale`'s way. */
export function periodLabel(period: Pick<PayPeriod, "kind" | "from">, locale: string): string {
  if (period.kind === "month") return formatMonth(period.from.slice(0, 7), locale);
  return `Week of ${formatLocalDate(period.from, locale)}`;
}

/** One person's approval of one period; an unlocked approval no longer locks anything (it stays, for the record). */
export interface PeriodApproval {
  userId: string;
  from: LocalDate;
  to: LocalDate;
  approvedAt: Date;
  unlockedAt: Date | null;
}

/** The approval that locks `userId`'s `date`, if any (approved and not unlocked). */
export function lockOn<A extends PeriodApproval>(approvals: readonly A[], userId: string, date: LocalDate): A | null {
  return approvals.find((a) => a.userId === userId && a.unlockedAt === null && a.from <= date && date <= a.to) ?? null;
}

/** The first approval that locks any of `userId`'s dates from..to (a leave request across a locked period). */
export function lockOverlapping<A extends PeriodApproval>(approvals: readonly A[], userId: string, from: LocalDate, to: LocalDate): A | null {
  return approvals.find((a) => a.userId === userId && a.unlockedAt === null && a.from <= to && from <= a.to) ?? null;
}

/** The one message every locked write answers with (corrections, leave, requests, punches). */
export function lockedMessage(a: Pick<PeriodApproval, "from" | "to">): string {
  return `${a.from} to ${a.to} is an approved pay period: an admin must unlock it (with a reason) before it can change`;
}

export type ApprovalState = "approved" | "partly approved" | "not approved";

/** Whether each date of from..to is locked for `userId`: all, some or none of them. */
export function approvalState(approvals: readonly PeriodApproval[], userId: string, from: LocalDate, to: LocalDate): ApprovalState {
  let locked = 0;
  let total = 0;
  for (const date of eachDate(from, to)) {
    total++;
    if (lockOn(approvals, userId, date)) locked++;
  }
  return locked === 0 ? "not approved" : locked === total ? "approved" : "partly approved";
}

/** What an employee asks to be corrected on one of their days: when they came in and / or left (local "HH:MM"). */
export interface CorrectionAsk {
  date: LocalDate;
  /** Minutes after local midnight of `date`; null = leave as it is. */
  checkIn: number | null;
  /** Minutes after local midnight of `date`; may be past 24 h for a check-out after midnight; null = as it is. */
  checkOut: number | null;
}

/** A current (counting) event of the person's day: accepted, not voided, not replaced. */
export interface DayEvent {
  id: string;
  kind: PunchKind;
  /** Minutes after local midnight of the day (negative or past 24 h for the neighbouring days). */
  minutes: number;
}

export type CorrectionStep = { op: "edit"; eventId: string; kind: PunchKind; minutes: number } | { op: "add"; kind: PunchKind; minutes: number };

/** Field errors of a correction request against the person's day, or null when it is coherent. */
export function correctionAskIssues(ask: CorrectionAsk): Record<string, string[]> | null {
  if (ask.checkIn === null && ask.checkOut === null) return { checkIn: ["Give the check-in time, the check-out time, or both"] };
  if (ask.checkIn !== null && ask.checkOut !== null && ask.checkOut <= ask.checkIn) return { checkOut: ["The check-out must be after the check-in"] };
  return null;
}

/**
 * What approving the request does to the person's day: the day's first check-in moves to the asked time (or one is
 * added when there is none), and the day's last check-out likewise. An asked time equal to the current one is
 * left alone. Breaks are never touched.
 */
export function correctionSteps(ask: CorrectionAsk, day: readonly DayEvent[]): CorrectionStep[] {
  const sorted = [...day].sort((a, b) => a.minutes - b.minutes);
  const steps: CorrectionStep[] = [];
  const plan = (kind: "in" | "out", minutes: number | null, current: DayEvent | undefined) => {
    if (minutes === null) return;
    if (!current) steps.push({ op: "add", kind, minutes });
    else if (current.minutes !== minutes) steps.push({ op: "edit", eventId: current.id, kind, minutes });
  };
  plan("in", ask.checkIn, sorted.find((e) => e.kind === "in"));
  plan("out", ask.checkOut, [...sorted].reverse().find((e) => e.kind === "out"));
  return steps;
}
