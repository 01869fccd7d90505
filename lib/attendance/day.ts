// One person's work day: punches and breaks, lateness, early leave, worked time and flags.
import type { EffectiveEvent, EventInput } from "./events";
import { resolveEvents } from "./events";
import { eachDate, type LocalDate } from "./local-time";
import type { DayOff } from "./leave";
import { overtimeStart, splitOvertime } from "./overtime";
import { punchTimeline, type PunchState } from "./punches";
import type { DayCalendar, DayWindow } from "./rules";

/**
 * - present: checked in on time (on a working day), or worked on a day off;
 * - late: checked in after shiftStart + graceMinutes;
 * - absent: a working day with no accepted check-in, and the day is over (see RuleOptions.absentAfter);
 * - not-yet-in: a working day in progress, no check-in yet, still time to arrive;
 * - off: not a working day (no shift planned), and nobody checked in;
 * - upcoming: the work day has not begun at `now`;
 * - holiday / leave: a planned day excused by an organisation holiday or a full day of approved leave, not worked.
 */
export type DayStatus = "present" | "late" | "absent" | "not-yet-in" | "off" | "upcoming" | "holiday" | "leave";

export const dayStatuses: readonly DayStatus[] = ["present", "late", "absent", "not-yet-in", "off", "upcoming", "holiday", "leave"];

/**
 * - missing-out: the work day ended while the person was in (or on a break): the open stretch is never invented,
 *   worked time counts closed stretches only;
 * - missing-in: a check-out (or break punch) came while the person was out: its check-in is missing;
 * - on-shift: checked in, no check-out yet, and the work day is still open at `now`;
 * - on-break: on a break, and the work day is still open at `now`;
 * - early-leave: last check-out before shiftEnd − earlyLeaveGraceMinutes;
 * - non-working-day: attendance on a day without a planned shift (no lateness or early leave applies);
 * - corrected: a correction added, replaced or voided an event of this day;
 * - pending-review: flagged attempts of this day wait for an admin.
 */
export type DayFlag = "missing-out" | "missing-in" | "on-shift" | "on-break" | "early-leave" | "non-working-day" | "corrected" | "pending-review";

export interface DayRecord {
  userId: string;
  /** The work day (an overnight shift's start date), in the organisation's timezone. */
  date: LocalDate;
  isWorkDay: boolean;
  /** The planned shift's name when it comes from a rota; null for the organisation default or no shift. */
  shiftName: string | null;
  status: DayStatus;
  /** First effective check-in of the work day. */
  firstIn: Date | null;
  /** Last check-out that ended work (null without one). */
  lastOut: Date | null;
  /** Where the person stood after the day's last punch. */
  state: PunchState;
  /**
   * Whole minutes worked: the sum of closed work stretches (plus paid breaks), less unpaid break time; null when
   * no stretch of work was closed (only a check-in, or nothing).
   */
  workedMinutes: number | null;
  /** workedMinutes less overtime (lib/attendance/overtime.ts); null with workedMinutes. */
  regularMinutes: number | null;
  /** Worked minutes beyond the daily threshold, or beyond the weekly one within the ISO week. */
  overtimeMinutes: number;
  /** Whole minutes of closed breaks punched. */
  breakMinutes: number;
  /** Whole minutes of break time not paid: unpaid punched breaks, topped up to the shift's unpaid break. */
  unpaidBreakMinutes: number;
  /** A holiday or approved leave on this date (on any day, planned or not). */
  dayOff: DayOff | null;
  /** Leave days this date takes: 1 (full), 0.5 (half), 0 (none, or not a planned day, or a holiday). */
  leaveDays: number;
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
  /** A holiday or approved leave on this date. */
  dayOff?: DayOff | null;
}

/**
 * Evaluates one person's work day at `now` (the clock is an argument: pass the request time, or a fixed one).
 *
 * Worked time: every closed stretch of work (check-in or break end → break start or check-out) is summed;
 * punched breaks are unpaid unless `rules.paidBreaks`. A shift's unpaid break minutes (a rota template) are the
 * unpaid part of the day's breaks: punched breaks up to that many minutes are unpaid whatever the setting, and
 * when the punched breaks are shorter the difference is still deducted (never below zero worked time).
 */
export function evaluateDay(input: DayInput, calendar: DayCalendar, now: Date | number): DayRecord {
  const { events, userId } = input;
  const dayOff = input.dayOff ?? null;
  let w = input.window;
  let excused: "holiday" | "leave" | null = null;
  let leaveDays = 0;
  if (dayOff && w.isWorkDay) {
    if (dayOff.kind === "holiday" || dayOff.half === null) {
      // Not expected at all: no lateness, no absence; attendance still counts, as on a day off.
      excused = dayOff.kind;
      if (dayOff.kind === "leave") leaveDays = 1;
      w = { ...w, isWorkDay: false };
    } else {
      // Half a day of leave: the other half is expected (the shift starts or ends at its mid-point, whole minutes).
      const mid = w.shiftStart + Math.floor((w.shiftEnd - w.shiftStart) / 2 / MINUTE_MS) * MINUTE_MS;
      w = dayOff.half === "am" ? { ...w, shiftStart: mid } : { ...w, shiftEnd: mid };
      leaveDays = 0.5;
    }
  }
  const nowMs = typeof now === "number" ? now : now.getTime();
  const { graceMinutes } = calendar.rules;
  const paidBreaks = calendar.rules.paidBreaks ?? false;
  const { earlyLeaveGraceMinutes, absentAfter } = calendar.options;
  const flags: DayFlag[] = [];

  const t = punchTimeline(events);
  const { firstIn, lastOut } = t;
  let corrected = input.corrected ?? false;
  for (const e of events) if (e.source === "correction") corrected = true;

  let status: DayStatus;
  let lateMinutes = 0;
  let earlyLeaveMinutes = 0;
  let workedMinutes: number | null = null;
  let breakMinutes = 0;
  let unpaidBreakMinutes = 0;

  if (firstIn) {
    if (w.isWorkDay) {
      const late = ceilMinutes(firstIn.getTime() - w.shiftStart);
      if (late > graceMinutes) lateMinutes = late;
    } else {
      flags.push("non-working-day");
    }
    status = lateMinutes > 0 ? "late" : "present";
    const dayOver = nowMs >= w.windowEnd;
    if (t.state !== "out") flags.push(dayOver ? "missing-out" : t.state === "break" ? "on-break" : "on-shift");
    if (t.missingIn) flags.push("missing-in");
    if (t.intervals.some((i) => i.kind === "work" && i.end)) {
      const presenceMs = t.workMs + t.breakMs;
      const scheduledMs = (w.isWorkDay ? w.unpaidBreakMinutes : 0) * MINUTE_MS;
      const unpaidMs = Math.min(presenceMs, Math.max(scheduledMs, paidBreaks ? 0 : t.breakMs));
      breakMinutes = Math.floor(t.breakMs / MINUTE_MS);
      unpaidBreakMinutes = Math.floor(unpaidMs / MINUTE_MS);
      workedMinutes = Math.floor((presenceMs - unpaidMs) / MINUTE_MS);
    }
    if (lastOut && w.isWorkDay && t.state === "out") {
      const early = ceilMinutes(w.shiftEnd - lastOut.getTime());
      if (early > earlyLeaveGraceMinutes) {
        earlyLeaveMinutes = early;
        flags.push("early-leave");
      }
    }
  } else {
    if (t.missingIn) flags.push("missing-in");
    if (nowMs < w.windowStart && !t.missingIn) status = "upcoming";
    else if (excused) status = excused;
    else if (!w.isWorkDay) status = "off";
    else {
      // Still possible to arrive: on time until shiftStart + grace (inclusive), or at all until shiftEnd.
      const open = absentAfter === "grace-end" ? nowMs <= w.shiftStart + graceMinutes * MINUTE_MS : nowMs < w.shiftEnd;
      status = open && nowMs < w.windowEnd ? "not-yet-in" : "absent";
    }
  }
  if (corrected) flags.push("corrected");
  if ((input.pendingReview ?? 0) > 0) flags.push("pending-review");

  return {
    userId,
    date: w.date,
    isWorkDay: w.isWorkDay,
    shiftName: w.shiftName,
    status,
    firstIn,
    lastOut,
    state: t.state,
    workedMinutes,
    regularMinutes: workedMinutes,
    overtimeMinutes: 0,
    breakMinutes,
    unpaidBreakMinutes,
    dayOff,
    leaveDays,
    lateMinutes,
    earlyLeaveMinutes,
    flags,
  };
}

/** Someone whose days are evaluated. `activeFrom`/`activeTo` bound the days they are expected (inclusive). */
export interface Person {
  id: string;
  name: string;
  email?: string | null;
  /** The organisation's employee number (payroll), if set. */
  employeeNumber?: string | null;
  /** First work day on which the person is expected (e.g. the local date they joined). */
  activeFrom?: LocalDate | null;
  /** Last work day on which the person is expected (e.g. the day before deactivation). */
  activeTo?: LocalDate | null;
}

export interface PersonDaysOptions {
  /** Holidays and approved leave of this person by date (see daysOffOf). */
  daysOff?: ReadonlyMap<LocalDate, DayOff>;
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
 * any order) whose time falls in `calendar.eventBounds(overtimeStart(calendar.rules.overtime, from), to)` (the
 * week's earlier days count towards weekly overtime), plus any events their corrections point at.
 * Days outside the person's active period are left out, unless they hold attendance.
 */
export function evaluatePersonDays<E extends EventInput>(person: Person, events: readonly E[], calendar: DayCalendar, opts: PersonDaysOptions): DayRecord[] {
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
  const overtime = calendar.rules.overtime;
  for (const date of eachDate(overtimeStart(overtime, opts.from), last)) {
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
          dayOff: opts.daysOff?.get(date) ?? null,
        },
        calendar,
        opts.now,
      ),
    );
  }
  if (!overtime?.dailyMinutes && !overtime?.weeklyMinutes) return out;
  const split = splitOvertime(out, overtime);
  out.forEach((d, i) => Object.assign(d, split[i]));
  return out.filter((d) => d.date >= opts.from);
}
