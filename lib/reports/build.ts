// Report rows built from a stream of events ordered by person, one person in memory at a time.
import { evaluatePersonDays, type DayRecord, type DayStatus, type Person } from "@/lib/attendance/day";
import type { EventInput } from "@/lib/attendance/events";
import type { DayOff } from "@/lib/attendance/leave";
import type { LocalDate } from "@/lib/attendance/local-time";
import type { DayCalendar, WorkCalendar } from "@/lib/attendance/rules";
import { addDayToSummary, emptySummary, type PersonSummary } from "@/lib/attendance/summary";

/** A row of the daily sheet: one person on one work day. */
export interface DailyRow extends DayRecord {
  name: string;
  email: string | null;
  employeeNumber: string | null;
}

/** A row of the per-person summary. */
export interface SummaryRow extends PersonSummary {
  email: string | null;
  employeeNumber: string | null;
}

/** One person's evaluated range. */
export interface PersonReport {
  person: Person;
  days: DayRecord[];
  summary: SummaryRow;
}

export interface ReportProgress {
  /** People evaluated so far. */
  people: number;
  peopleTotal: number;
  /** Events read so far. */
  events: number;
}

export interface ReportInput<E extends EventInput = EventInput> {
  calendar: WorkCalendar;
  /**
   * Everyone in the report, in output order (filter by person by passing fewer people). Small: one entry per
   * person, not per event.
   */
  people: readonly Person[];
  /**
   * The events of `calendar.eventBounds(from, to)` for those people (any decision; rejected and voided ones are
   * fine, they are resolved here), grouped by person in the same order as `people`, e.g. a keyset-paginated query
   * ordered by the same person key, then `at`. Events of people not in `people` (or with no user) are skipped.
   * A person's events appearing after a later person's raise ReportOrderError.
   */
  events: AsyncIterable<E> | Iterable<E>;
  /**
   * The calendar of one person (their rota over the organisation's hours, lib/attendance/schedule.ts). Default:
   * `calendar` for everyone. With rotas, read events between scheduleEventBounds(calendar, from, to).
   */
  calendarFor?: (person: Person) => DayCalendar;
  /** Holidays and each person's approved leave by date (lib/attendance/leave.ts daysOffOf). */
  daysOffFor?: (person: Person) => ReadonlyMap<LocalDate, DayOff>;
  /** Work days, inclusive, in the organisation's timezone. */
  from: LocalDate;
  to: LocalDate;
  /** The clock: days after now's work day are left out; today may be "not-yet-in"; open days are "on-shift". */
  now: Date | number;
  /** Daily-sheet status filter (the summary always covers every day). Default: all statuses. */
  statuses?: readonly DayStatus[];
  /** Called after each person (cheap; throttle in the caller if it goes to a network). */
  onProgress?: (p: ReportProgress) => void;
  /** Stop early (e.g. the client disconnected). */
  signal?: AbortSignal;
}

export class ReportOrderError extends Error {
  constructor(userId: string) {
    super(`Events of person ${userId} arrived after a later person's: order events by the same person key as the people list`);
    this.name = "ReportOrderError";
  }
}

/**
 * Evaluates the report person by person. Memory: one person's events and days at a time (~a few hundred per
 * year), whatever the size of the organisation.
 */
export async function* personReports<E extends EventInput>(input: ReportInput<E>): AsyncGenerator<PersonReport> {
  const { people, calendar } = input;
  const index = new Map<string, number>();
  people.forEach((p, i) => index.set(p.id, i));
  const opts = { from: input.from, to: input.to, now: input.now };
  let next = 0; // index of the next person not yet emitted
  let buffer: E[] = [];
  let events = 0;
  let current = -1; // index of the person whose events are in `buffer`

  const emit = (i: number): PersonReport => {
    const person = people[i]!;
    const days = evaluatePersonDays(person, i === current ? buffer : [], input.calendarFor?.(person) ?? calendar, { ...opts, daysOff: input.daysOffFor?.(person) });
    const summary: SummaryRow = { ...emptySummary(person), email: person.email ?? null, employeeNumber: person.employeeNumber ?? null };
    for (const d of days) addDayToSummary(summary, d);
    input.onProgress?.({ people: i + 1, peopleTotal: people.length, events });
    return { person, days, summary };
  };

  for await (const e of input.events) {
    if (input.signal?.aborted) throw input.signal.reason ?? new Error("aborted");
    events++;
    if (!e.userId) continue;
    const i = index.get(e.userId);
    if (i === undefined) continue;
    if (i === current) {
      buffer.push(e);
      continue;
    }
    if (i < next) throw new ReportOrderError(e.userId);
    // Finish the current person, then everyone without events up to this one.
    while (next < i) {
      yield emit(next);
      next++;
    }
    current = i;
    buffer = [e];
  }
  while (next < people.length) {
    if (input.signal?.aborted) throw input.signal.reason ?? new Error("aborted");
    yield emit(next);
    next++;
  }
}

/** The two report tables over one pass of the events. */
export interface Report {
  /** Daily-sheet rows, person by person, day by day (status filter applied). Iterate once. */
  daily(): AsyncGenerator<DailyRow>;
  /**
   * Per-person summary rows. Iterated after daily(), it replays summaries gathered on the way (one per person);
   * iterated first, it reads the events itself (and daily() then throws).
   */
  summary(): AsyncGenerator<SummaryRow>;
}

/** A report over one pass of the events: the on-screen table and every export use these rows. */
export function createReport<E extends EventInput>(input: ReportInput<E>): Report {
  const source = personReports(input);
  const summaries: SummaryRow[] = [];
  const statuses = input.statuses ? new Set(input.statuses) : null;
  let dailyStarted = false;
  let drained = false;

  return {
    async *daily() {
      if (dailyStarted) throw new Error("Report.daily() can be iterated once");
      dailyStarted = true;
      for await (const pr of source) {
        summaries.push(pr.summary);
        for (const d of pr.days) {
          if (statuses && !statuses.has(d.status)) continue;
          yield { ...d, name: pr.person.name, email: pr.person.email ?? null, employeeNumber: pr.person.employeeNumber ?? null };
        }
      }
      drained = true;
    },
    async *summary() {
      if (!drained) {
        dailyStarted = true;
        for await (const pr of source) summaries.push(pr.summary);
        drained = true;
      }
      yield* summaries;
    },
  };
}

/** Collects an async iterable into an array (for small reports and tests; never for a year of an organisation). */
export async function collect<T>(it: AsyncIterable<T> | Iterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/**
 * Turns a keyset-paginated query into an async iterable of rows: `fetchPage(after)` returns the rows following
 * `after` (the last row of the previous page; null for the first page), an empty or short page ends it.
 */
export async function* paginate<T>(fetchPage: (after: T | null) => Promise<readonly T[]>, pageSize: number): AsyncGenerator<T> {
  let after: T | null = null;
  for (;;) {
    const page = await fetchPage(after);
    yield* page;
    if (page.length < pageSize) return;
    after = page[page.length - 1]!;
  }
}

/** Number of daily rows a report will have at most (people × days), for a progress bar. */
export function estimateDailyRows(peopleCount: number, from: LocalDate, to: LocalDate): number {
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
  return Math.max(0, days) * peopleCount;
}
