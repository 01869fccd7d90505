// One person's work day: first-in / last-out, lateness, early leave, hours and flags.
import type { EffectiveEvent, EventInput } from "./events";
import { resolveEvents } from "./events";
import { eachDate, type LocalDate } from "./local-time";
import type { DayWindow, WorkCalendar } from "./rules";

/**
 * - present: checked in on time (on a working day), or worked on a day off;
 * - late: checked in after shiftStart + graceMinutes;
 * - absent: a working day with no accepted check-in, and the day is over (see RuleOptions.absentAfter);
 * - not-yet-in: a working day in progress, no check-in yet, still time to arrive;
 * - off: not a working day, and nobody checked in;
 * - upcoming: the work day has not begun at `now`.
 */
export type DayStatus = "present" | "late" | "absent" | "not-yet-in" | "off" | "upcoming";

export const dayStatuses: readonly DayStatus[] = ["present", "late", "absent", "not-yet-in", "off", "upcoming"];

/**
 * - missing-out: checked in, and the work day ended without a check-out after the last check-in (never invented:
 *   hours are only counted up to a real check-out, if any);
 * - missing-in: check-outs but no check-in (the day counts as absent until corrected);
 * - on-shift: checked in, no check-out yet, and the work day is still open at `now`;
 * - early-leave: last check-out before shiftEnd − earlyLeaveGraceMinutes;
 * - non-working-day: attendance on a day that is not a working day (no lateness or early leave applies);
 * - corrected: a correction added, replaced or voided an event of this day;
 * - pending-review: flagged attempts of this day wait for an admin.
 */
export type DayFlag = "missing-out" | "missing-in" | "on-shift" | "early-leave" | "non-working-day" | "corrected" | "pending-review";

export interface DayRecord {
  userId: string;
  /** The work day (an overnight shift's start date), in the organisation's timezone. */
  date: LocalDate;
  isWorkDay: boolean;
  status: DayStatus;
  /** First effective check-in of the work day. */
  firstIn: Date | null;
  /** Last effective check-out after firstIn. */
  lastOut: Date | null;
  /** Whole minutes from firstIn to lastOut (real elapsed time); null without both. */
  workedMinutes: number | null;
  /** Whole minutes (rounded up) after shiftStart, when late; else 0. */
  lateMinutes: number;
  /** Whole minutes (rounded up) before shiftEnd, when an early leave; else 0. */
  earlyLeaveMinutes: number;
  flags: DayFlag[];
}

const MINUTE_MS = 60_000;

/** Minutes from a to b, rounded up (a partial minute counts). */
const ceilMinutes = (ms: number) => Math.ceil(ms / MINUTE_MS);

export interface DayInput {
  userId: string;
  window: DayWindow;
  /** This person's effective events of the work day, by time (see resolveEvents). */
  events: readonly Pick<EffectiveEvent, "kind" | "at" | "source">[];
  /** Flagged attempts of the day waiting for review. */
  pendingReview?: number;
  /** A correction touched this day (an event replaced or voided, besides effective correction events). */
  corrected?: boolean;
}

/** Evaluates one person's work day at `now` (the clock is an argument: pass the request time, or a fixed one). */
export function evaluateDay(input: DayInput, calendar: WorkCalendar, now: Date | number): DayRecord {
  const { window: w, events, userId } = input;
  const nowMs = typeof now === "number" ? now : now.getTime();
  const { graceMinutes } = calendar.rules;
  const { earlyLeaveGraceMinutes, absentAfter } = calendar.options;
  const flags: DayFlag[] = [];

  let firstIn: Date | null = null;
  let lastOut: Date | null = null;
  let lastKind: "in" | "out" | null = null;
  let sawOut = false;
  let corrected = input.corrected ?? false;
  for (const e of events) {
    if (e.source === "correction") corrected = true;
    if (e.kind === "in") {
      if (!firstIn) firstIn = e.at;
    } else {
      sawOut = true;
      if (firstIn && e.at.getTime() > firstIn.getTime()) lastOut = e.at;
    }
    lastKind = e.kind;
  }

  let status: DayStatus;
  let lateMinutes = 0;
  let earlyLeaveMinutes = 0;
  let workedMinutes: number | null = null;

  if (firstIn) {
    if (w.isWorkDay) {
      const late = ceilMinutes(firstIn.getTime() - w.shiftStart);
      if (late > graceMinutes) lateMinutes = late;
    } else {
      flags.push("non-working-day");
    }
    status = lateMinutes > 0 ? "late" : "present";
    const dayOver = nowMs >= w.windowEnd;
    if (lastKind === "in") flags.push(dayOver ? "missing-out" : "on-shift");
    if (lastOut) {
      workedMinutes = Math.floor((lastOut.getTime() - firstIn.getTime()) / MINUTE_MS);
      if (w.isWorkDay && lastKind === "out") {
        const early = ceilMinutes(w.shiftEnd - lastOut.getTime());
        if (early > earlyLeaveGraceMinutes) {
          earlyLeaveMinutes = early;
          flags.push("early-leave");
        }
      }
    }
  } else {
    if (sawOut) flags.push("missing-in");
    if (nowMs < w.windowStart && !sawOut) status = "upcoming";
    else if (!w.isWorkDay) status = "off";
    else {
      // Still possible to arrive: on time until shiftStart + grace (inclusive), or at all until shiftEnd.
      const open = absentAfter === "grace-end" ? nowMs <= w.shiftStart + graceMinutes * MINUTE_MS : nowMs < w.shiftEnd;
      status = open && nowMs < w.windowEnd ? "not-yet-in" : "absent";
    }
  }
  if (corrected) flags.push("corrected");
  if ((input.pendingReview ?? 0) > 0) flags.push("pending-review");

  return { userId, date: w.date, isWorkDay: w.isWorkDay, status, firstIn, lastOut, workedMinutes, lateMinutes, earlyLeaveMinutes, flags };
}

/** Someone whose days are evaluated. `activeFrom`/`activeTo` bound the days they are expected (inclusive). */
export interface Person {
  id: string;
  name: string;
  email?: string | null;
  /** First work day on which the person is expected (e.g. the local date they joined). */
  activeFrom?: LocalDate | null;
  /** Last work day on which the person is expected (e.g. the day before deactivation). */
  activeTo?: LocalDate | null;
}

export interface PersonDaysOptions {
  /** Work days to evaluate, inclusive. */
  from: LocalDate;
  to: LocalDate;
  now: Date | number;
  /**
   * Evaluate days after `now`'s work day too (status "upcoming"). Default false: the range is cut at today.
   */
  includeFuture?: boolean;
}

/**
 * Evaluates every work day of one person in a range. `events` are all of that person's events (any decision,
 * any order) whose time falls in `calendar.eventBounds(from, to)`, plus any events their corrections point at.
 * Days outside the person's active period are left out, unless they hold attendance.
 */
export function evaluatePersonDays<E extends EventInput>(person: Person, events: readonly E[], calendar: WorkCalendar, opts: PersonDaysOptions): DayRecord[] {
  const { effective, pendingReview, superseded } = resolveEvents(events);
  const byDay = new Map<LocalDate, EffectiveEvent<E>[]>();
  for (const e of effective) {
    const d = calendar.workDateOf(e.at);
    let list = byDay.get(d);
    if (!list) byDay.set(d, (list = []));
    list.push(e);
  }
  const pendingByDay = new Map<LocalDate, number>();
  for (const e of pendingReview) {
    const d = calendar.workDateOf(e.at);
    pendingByDay.set(d, (pendingByDay.get(d) ?? 0) + 1);
  }
  const correctedDays = new Set<LocalDate>();
  for (const e of events) {
    if (e.voidedAt || superseded.has(e.id)) correctedDays.add(calendar.workDateOf(e.at));
  }

  const today = calendar.today(opts.now);
  const last = !opts.includeFuture && today < opts.to ? today : opts.to;
  const out: DayRecord[] = [];
  for (const date of eachDate(opts.from, last)) {
    const dayEvents = byDay.get(date);
    const inActive = (!person.activeFrom || date >= person.activeFrom) && (!person.activeTo || date <= person.activeTo);
    if (!inActive && !dayEvents) continue;
    out.push(
      evaluateDay(
        {
          userId: person.id,
          window: calendar.window(date),
          events: dayEvents ?? [],
          pendingReview: pendingByDay.get(date) ?? 0,
          corrected: correctedDays.has(date),
        },
        calendar,
        opts.now,
      ),
    );
  }
  return out;
}
