// Whole-organisation views over a short range that fits in memory (today, the last 30 days): the dashboard and
// its chart. For long ranges (a year of reports) use lib/reports createReport, which streams person by person.
import { evaluatePersonDays, type DayRecord, type Person } from "./day";
import type { EventInput } from "./events";
import { addDays, type LocalDate } from "./local-time";
import type { WorkCalendar } from "./rules";
import { attendanceSeries, summariseDay, type DaySummary, type SeriesPoint } from "./summary";

/** Events grouped by person (events without a person are dropped). */
export function groupByUser<E extends EventInput>(events: Iterable<E>): Map<string, E[]> {
  const out = new Map<string, E[]>();
  for (const e of events) {
    if (!e.userId) continue;
    let list = out.get(e.userId);
    if (!list) out.set(e.userId, (list = []));
    list.push(e);
  }
  return out;
}

export interface OrgDaysInput<E extends EventInput = EventInput> {
  calendar: WorkCalendar;
  people: readonly Person[];
  /** All events of `calendar.eventBounds(from, to)` for these people, any order, any decision. */
  events: Iterable<E>;
  from: LocalDate;
  to: LocalDate;
  now: Date | number;
}

/** Every person's day records over a short range, person by person. */
export function evaluateOrgDays<E extends EventInput>(input: OrgDaysInput<E>): DayRecord[] {
  const byUser = groupByUser(input.events);
  return input.people.flatMap((p) => evaluatePersonDays(p, byUser.get(p.id) ?? [], input.calendar, { from: input.from, to: input.to, now: input.now }));
}

/**
 * The dashboard's "today" at `now`: present / late / absent / not-yet-in with names. `events` are those of
 * `calendar.eventBounds(today, today)` where today = `calendar.today(now)`.
 */
export function dashboardToday<E extends EventInput>(input: Omit<OrgDaysInput<E>, "from" | "to">): DaySummary {
  const today = input.calendar.today(input.now);
  const records = evaluateOrgDays({ ...input, from: today, to: today });
  return summariseDay(today, records, new Map(input.people.map((p) => [p.id, p.name])));
}

/**
 * The chart's series over the `days` work days ending today (default 30): attendance rate and lateness rate.
 * `events` are those of `calendar.eventBounds(today − (days − 1), today)`; see `seriesRange`.
 */
export function attendanceChart<E extends EventInput>(input: Omit<OrgDaysInput<E>, "from" | "to"> & { days?: number }): SeriesPoint[] {
  const { from, to } = seriesRange(input.calendar, input.now, input.days);
  return attendanceSeries(from, to, evaluateOrgDays({ ...input, from, to }));
}

/** The dates (and the instants to query events for) of the `days`-day series ending today. */
export function seriesRange(calendar: WorkCalendar, now: Date | number, days = 30): { from: LocalDate; to: LocalDate; bounds: { from: Date; to: Date } } {
  const to = calendar.today(now);
  const from = addDays(to, -(days - 1));
  return { from, to, bounds: calendar.eventBounds(from, to) };
}
