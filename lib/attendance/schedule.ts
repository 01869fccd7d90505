// Schedules: shift templates assigned per person by weekday and date range (a rota), the organisation's own hours
// as the fallback. Pure: the person's calendar of planned shifts and work-day windows, no clock, no IO.
import { addDays, isoWeekday, parseLocalTime, toLocal, zonedInstant, type LocalDate, type LocalTime } from "./local-time";
import type { DayCalendar, DayWindow, RuleOptions, WorkCalendar } from "./rules";

/** A named shift an organisation plans (e.g. "Early 06:00–14:00", "Night 22:00–06:00"). */
export interface ShiftTemplate {
  id: string;
  name: string;
  start: LocalTime;
  end: LocalTime;
  /** Ends the next day (end before start). */
  overnight: boolean;
  /** Unpaid break minutes of the shift (see evaluateDay: deducted even when no break is punched). */
  unpaidBreakMinutes: number;
}

/**
 * A template given to one person on some weekdays from `from` until `to` (inclusive; null = open-ended). While a
 * person has an assignment covering a date, their rota decides that date: a shift on the assigned weekdays, no
 * shift (not an absence) on the others. Dates no assignment covers follow the organisation's own hours.
 */
export interface ShiftAssignment {
  id: string;
  userId: string;
  templateId: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays: readonly number[];
  from: LocalDate;
  to: LocalDate | null;
}

/** Nominal (wall-clock) length of a shift in minutes; real length differs on DST nights. */
export function shiftLengthMinutes(t: Pick<ShiftTemplate, "start" | "end" | "overnight">): number {
  const s = parseLocalTime(t.start);
  const e = parseLocalTime(t.end);
  return t.overnight ? e + 1440 - s : e - s;
}

/** Why a template is inconsistent, per field (empty when fine). One source for the form and the server. */
export function shiftTemplateIssues(t: Pick<ShiftTemplate, "start" | "end" | "overnight" | "unpaidBreakMinutes">): Partial<Record<"end" | "unpaidBreakMinutes", string>> {
  const s = parseLocalTime(t.start);
  const e = parseLocalTime(t.end);
  if (!t.overnight && e <= s) return { end: "The shift must end after it starts (or mark it as overnight)" };
  if (t.overnight && e >= s) return { end: "An overnight shift ends the next day, before its start time" };
  if (t.unpaidBreakMinutes >= shiftLengthMinutes(t)) return { unpaidBreakMinutes: "The break must be shorter than the shift" };
  return {};
}

/** Two assignments of one person overlap when their date ranges share a day and their weekdays share one. */
export function assignmentsOverlap(a: Pick<ShiftAssignment, "weekdays" | "from" | "to">, b: Pick<ShiftAssignment, "weekdays" | "from" | "to">): boolean {
  const aEnd = a.to ?? "9999-12-31";
  const bEnd = b.to ?? "9999-12-31";
  if (a.from > bEnd || b.from > aEnd) return false;
  // Overlapping ranges shorter than a week may still miss each other's weekdays.
  const from = a.from > b.from ? a.from : b.from;
  const to = aEnd < bEnd ? aEnd : bEnd;
  const shared = new Set(a.weekdays.filter((d) => b.weekdays.includes(d)));
  if (shared.size === 0) return false;
  for (let d = from, i = 0; d <= to && i < 7; d = addDays(d, 1), i++) if (shared.has(isoWeekday(d))) return true;
  return false;
}

/** The first of `existing` that `candidate` overlaps (same person assumed), if any. */
export function findOverlap<A extends Pick<ShiftAssignment, "weekdays" | "from" | "to">>(candidate: Pick<ShiftAssignment, "weekdays" | "from" | "to">, existing: readonly A[]): A | undefined {
  return existing.find((e) => assignmentsOverlap(candidate, e));
}

/** A shift planned on one day: a template from the rota, or the organisation's own hours (name null). */
export interface PlannedShift {
  name: string | null;
  startMin: number;
  endMin: number;
  overnight: boolean;
  unpaidBreakMinutes: number;
}

/**
 * One person's calendar with a rota. A day's window of events begins at local midnight, or — after an overnight
 * shift — half-way between that shift's end and the day's own shift start (or midnight when none), so that a
 * night shift and its check-out belong to the day on which it started. Windows are real instants (DST-exact).
 */
export class RotaCalendar implements DayCalendar {
  readonly rules: DayCalendar["rules"];
  readonly options: RuleOptions;
  readonly timezone: string;
  private readonly templates: ReadonlyMap<string, ShiftTemplate>;
  private readonly cache = new Map<LocalDate, DayWindow>();

  constructor(
    private readonly base: WorkCalendar,
    templates: Iterable<ShiftTemplate>,
    private readonly assignments: readonly ShiftAssignment[],
  ) {
    this.rules = base.rules;
    this.options = base.options;
    this.timezone = base.timezone;
    this.templates = new Map([...templates].map((t) => [t.id, t]));
  }

  /** The shift planned on `date`, or null (a day off: not an absence). */
  shiftOn(date: LocalDate): PlannedShift | null {
    const covering = this.assignments.filter((a) => a.from <= date && (a.to === null || date <= a.to));
    if (covering.length === 0) {
      if (!this.base.isWorkDay(date)) return null;
      const r = this.base.rules;
      return { name: null, startMin: parseLocalTime(r.shiftStart), endMin: parseLocalTime(r.shiftEnd), overnight: r.overnight, unpaidBreakMinutes: 0 };
    }
    const wd = isoWeekday(date);
    const a = covering.find((x) => x.weekdays.includes(wd));
    const t = a && this.templates.get(a.templateId);
    if (!t) return null;
    return { name: t.name, startMin: parseLocalTime(t.start), endMin: parseLocalTime(t.end), overnight: t.overnight, unpaidBreakMinutes: t.unpaidBreakMinutes };
  }

  /** Local minutes on `date` at which its window begins. */
  private boundaryMin(date: LocalDate): number {
    const prev = this.shiftOn(addDays(date, -1));
    if (!prev?.overnight) return 0;
    const cur = this.shiftOn(date);
    const nextStart = cur ? cur.startMin : 1440;
    return nextStart > prev.endMin ? prev.endMin + Math.floor((nextStart - prev.endMin) / 2) : prev.endMin;
  }

  window(date: LocalDate): DayWindow {
    let w = this.cache.get(date);
    if (!w) {
      const tz = this.timezone;
      const next = addDays(date, 1);
      const shift = this.shiftOn(date);
      const windowStart = zonedInstant(date, this.boundaryMin(date), tz);
      w = {
        date,
        isWorkDay: shift !== null,
        shiftName: shift?.name ?? null,
        unpaidBreakMinutes: shift?.unpaidBreakMinutes ?? 0,
        shiftStart: shift ? zonedInstant(date, shift.startMin, tz) : windowStart,
        shiftEnd: shift ? zonedInstant(shift.overnight ? next : date, shift.endMin, tz) : windowStart,
        windowStart,
        windowEnd: zonedInstant(next, this.boundaryMin(next), tz),
      };
      this.cache.set(date, w);
    }
    return w;
  }

  workDateOf(instant: Date | number): LocalDate {
    const ms = typeof instant === "number" ? instant : instant.getTime();
    const date = toLocal(ms, this.timezone).date;
    const w = this.window(date);
    if (ms < w.windowStart) return addDays(date, -1);
    if (ms >= w.windowEnd) return addDays(date, 1);
    return date;
  }

  eventBounds(from: LocalDate, to: LocalDate): { from: Date; to: Date } {
    return { from: new Date(this.window(from).windowStart), to: new Date(this.window(to).windowEnd) };
  }

  today(now: Date | number): LocalDate {
    return this.workDateOf(now);
  }
}

/** The calendar for one person: the organisation's when they have no assignment, else their rota over it. */
export function calendarForPerson(base: WorkCalendar, templates: Iterable<ShiftTemplate>, assignments: readonly ShiftAssignment[]): DayCalendar {
  return assignments.length === 0 ? base : new RotaCalendar(base, templates, assignments);
}

/**
 * The instants to read events between for work days `from`..`to` of everyone, rotas included: the organisation's
 * bounds widened to every window a rota can give (local midnight of `from` to local midnight two days after `to`).
 */
export function scheduleEventBounds(base: WorkCalendar, from: LocalDate, to: LocalDate): { from: Date; to: Date } {
  const b = base.eventBounds(from, to);
  const tz = base.timezone;
  return {
    from: new Date(Math.min(b.from.getTime(), zonedInstant(from, 0, tz))),
    to: new Date(Math.max(b.to.getTime(), zonedInstant(addDays(to, 2), 0, tz))),
  };
}
