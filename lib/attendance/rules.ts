// An organisation's attendance rules, and the calendar of work-day windows they imply.
import type { OrgSettings } from "@/lib/validations/settings";
import type { OvertimeRules } from "./overtime";
import {
  addDays,
  isoWeekday,
  parseLocalTime,
  toLocal,
  zonedInstant,
  type LocalDate,
  type LocalTime,
} from "./local-time";

/** What the organisation configures (lib/validations/settings.ts `rulesSchema`), timezone included. */
export interface AttendanceRules {
  /** IANA timezone, e.g. "Europe/London": every "day" and every "HH:MM" is read in it. */
  timezone: string;
  /** ISO weekdays on which the shift is worked: 1 = Monday … 7 = Sunday. For an overnight shift, the day it starts. */
  workDays: readonly number[];
  /** Local start of the shift, "HH:MM". */
  shiftStart: LocalTime;
  /** Local end of the shift, "HH:MM"; on the next day when `overnight`. */
  shiftEnd: LocalTime;
  /** The shift crosses midnight: its work day is the date on which it starts. */
  overnight: boolean;
  /** Minutes after shiftStart within which an arrival is not late. */
  graceMinutes: number;
  /** Punched breaks count as worked time (default false: breaks are unpaid). See evaluateDay for shift breaks. */
  paidBreaks?: boolean;
  /** Daily and weekly overtime thresholds (lib/attendance/overtime.ts); none by default. */
  overtime?: OvertimeRules;
}

/** Tunables with defaults; units in the comments. */
export interface RuleOptions {
  /** Minutes before shiftEnd within which a departure is not an early leave. Default 0. */
  earlyLeaveGraceMinutes: number;
  /**
   * Local time at which one work day's window of events begins (and the previous one ends).
   * Default: "00:00" (the calendar day) for a day shift; for an overnight shift the middle of the off-shift gap
   * (22:00→06:00 gives 14:00), so the whole shift and some slack on both sides fall into the same work day.
   */
  dayBoundary?: LocalTime;
  /**
   * When a working day without a check-in turns from "not-yet-in" into "absent":
   * "shift-end" (default: the person may still turn up late until the shift is over) or
   * "grace-end" (as soon as shiftStart + graceMinutes has passed).
   */
  absentAfter: "shift-end" | "grace-end";
}

export const defaultRuleOptions: RuleOptions = {
  earlyLeaveGraceMinutes: 0,
  absentAfter: "shift-end",
};

/** Rules of an organisation row (`organisations.timezone` + `organisations.settings`). */
export function rulesFromOrg(org: {
  timezone: string;
  settings: Pick<OrgSettings, "workDays" | "shiftStart" | "shiftEnd" | "overnight" | "graceMinutes"> &
    Partial<Pick<OrgSettings, "paidBreaks" | "overtimeDailyMinutes" | "overtimeWeeklyMinutes">>;
}): AttendanceRules {
  const s = org.settings;
  return {
    timezone: org.timezone,
    workDays: [...s.workDays],
    shiftStart: s.shiftStart,
    shiftEnd: s.shiftEnd,
    overnight: s.overnight,
    graceMinutes: s.graceMinutes,
    paidBreaks: s.paidBreaks ?? false,
    overtime: { dailyMinutes: s.overtimeDailyMinutes ?? null, weeklyMinutes: s.overtimeWeeklyMinutes ?? null },
  };
}

/** One work day of the organisation, as instants (epoch ms). */
export interface DayWindow {
  /** The work day: for an overnight shift, the date on which the shift starts. */
  date: LocalDate;
  /** A shift is planned on this day (the organisation's working days, or the person's rota). */
  isWorkDay: boolean;
  /** The planned shift's name (a rota's template); null for the organisation default or no shift. */
  shiftName: string | null;
  /** Unpaid break minutes of the planned shift (0 without a shift). */
  unpaidBreakMinutes: number;
  /** Instant the shift starts on this day (computed on non-working days too). */
  shiftStart: number;
  /** Instant the shift ends (the next calendar day for an overnight shift). */
  shiftEnd: number;
  /** Events at or after this instant and before `windowEnd` belong to this work day. */
  windowStart: number;
  windowEnd: number;
}

/**
 * What evaluating a person's days needs: the work day of an instant and each day's window and shift. The
 * organisation's WorkCalendar is one; a person with a rota gets a RotaCalendar (lib/attendance/schedule.ts).
 */
export interface DayCalendar {
  readonly rules: Pick<AttendanceRules, "timezone" | "graceMinutes" | "paidBreaks" | "overtime">;
  readonly options: RuleOptions;
  readonly timezone: string;
  window(date: LocalDate): DayWindow;
  workDateOf(instant: Date | number): LocalDate;
  eventBounds(from: LocalDate, to: LocalDate): { from: Date; to: Date };
  today(now: Date | number): LocalDate;
}

/**
 * The organisation's calendar: which work day an instant belongs to, and each day's shift and window as real
 * instants (so DST days are 23 or 25 hours long and an overnight shift over a change lasts 7 or 9 hours).
 * Windows are cached; one instance per report or request.
 */
export class WorkCalendar implements DayCalendar {
  readonly rules: AttendanceRules;
  readonly options: RuleOptions;
  private readonly startMin: number;
  private readonly endMin: number;
  private readonly boundaryMin: number;
  private readonly workDays: ReadonlySet<number>;
  private readonly cache = new Map<LocalDate, DayWindow>();

  constructor(rules: AttendanceRules, options: Partial<RuleOptions> = {}) {
    this.rules = rules;
    this.options = { ...defaultRuleOptions, ...options };
    this.startMin = parseLocalTime(rules.shiftStart);
    this.endMin = parseLocalTime(rules.shiftEnd);
    if (!rules.overnight && this.endMin <= this.startMin) throw new RangeError("shiftEnd must be after shiftStart unless the shift is overnight");
    if (rules.overnight && this.endMin >= this.startMin) throw new RangeError("an overnight shift must end before its start time");
    this.workDays = new Set(rules.workDays);
    if (this.options.dayBoundary !== undefined) {
      this.boundaryMin = parseLocalTime(this.options.dayBoundary);
    } else if (rules.overnight) {
      const gap = this.startMin - this.endMin; // off-shift minutes between end (morning) and start (evening)
      this.boundaryMin = this.endMin + Math.floor(gap / 2);
    } else {
      this.boundaryMin = 0;
    }
    // The shift must lie inside one window, else one shift would be split between two work days.
    const shiftEndAbs = this.rules.overnight ? this.endMin + 1440 : this.endMin;
    if (this.startMin < this.boundaryMin || shiftEndAbs > this.boundaryMin + 1440)
      throw new RangeError("dayBoundary must not fall inside the shift");
  }

  get timezone(): string {
    return this.rules.timezone;
  }

  isWorkDay(date: LocalDate): boolean {
    return this.workDays.has(isoWeekday(date));
  }

  /** The window, shift and working-day flag of work day `date`. */
  window(date: LocalDate): DayWindow {
    let w = this.cache.get(date);
    if (!w) {
      const tz = this.rules.timezone;
      const next = addDays(date, 1);
      w = {
        date,
        isWorkDay: this.isWorkDay(date),
        shiftName: null,
        unpaidBreakMinutes: 0,
        shiftStart: zonedInstant(date, this.startMin, tz),
        shiftEnd: this.rules.overnight ? zonedInstant(next, this.endMin, tz) : zonedInstant(date, this.endMin, tz),
        windowStart: zonedInstant(date, this.boundaryMin, tz),
        windowEnd: zonedInstant(next, this.boundaryMin, tz),
      };
      this.cache.set(date, w);
    }
    return w;
  }

  /** The work day an instant belongs to. */
  workDateOf(instant: Date | number): LocalDate {
    const ms = typeof instant === "number" ? instant : instant.getTime();
    const local = toLocal(ms, this.rules.timezone);
    let date = local.minutes < this.boundaryMin ? addDays(local.date, -1) : local.date;
    // Exactness at a boundary that a DST change moved: trust the windows' instants.
    const w = this.window(date);
    if (ms < w.windowStart) date = addDays(date, -1);
    else if (ms >= w.windowEnd) date = addDays(date, 1);
    return date;
  }

  /**
   * The instants between which events must be read to evaluate work days `from`..`to` (inclusive):
   * use it for the database query (`at >= from and at < to`).
   */
  eventBounds(from: LocalDate, to: LocalDate): { from: Date; to: Date } {
    return { from: new Date(this.window(from).windowStart), to: new Date(this.window(to).windowEnd) };
  }

  /** The work day in progress at `now` (what the dashboard calls "today"). */
  today(now: Date | number): LocalDate {
    return this.workDateOf(now);
  }
}
