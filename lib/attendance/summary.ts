// Aggregates of day records: a person over a range, the organisation on one day, and a daily series for a chart.
import type { DayRecord, Person } from "./day";
import { eachDate, type LocalDate } from "./local-time";

/** Totals of one person over a range. Every figure is a sum over that person's DayRecords. */
export interface PersonSummary {
  userId: string;
  name: string;
  /** Working days in the range on which the person was expected and the day had begun. */
  workDays: number;
  /** Days with a check-in (present or late), days off included. */
  daysPresent: number;
  lateCount: number;
  /** Total minutes late over the late days. */
  lateMinutes: number;
  earlyLeaveCount: number;
  earlyLeaveMinutes: number;
  absentCount: number;
  /** Days whose check-out is missing (flag "missing-out"). */
  missingOutCount: number;
  /** Sum of the days' whole worked minutes (days without a check-out add nothing). */
  workedMinutes: number;
  /** Worked minutes within the overtime thresholds, and beyond them (regular + overtime = worked). */
  regularMinutes: number;
  overtimeMinutes: number;
  /** Leave days taken (planned days only, half days 0.5), by category. */
  leaveDaysPaid: number;
  leaveDaysUnpaid: number;
  leaveDaysSick: number;
  /** Planned days that were organisation holidays. */
  holidayCount: number;
  /** Sum of the days' punched break minutes. */
  breakMinutes: number;
  /** Sum of the days' unpaid break minutes (not in workedMinutes). */
  unpaidBreakMinutes: number;
}

export function emptySummary(person: Pick<Person, "id" | "name">): PersonSummary {
  return {
    userId: person.id,
    name: person.name,
    workDays: 0,
    daysPresent: 0,
    lateCount: 0,
    lateMinutes: 0,
    earlyLeaveCount: 0,
    earlyLeaveMinutes: 0,
    absentCount: 0,
    missingOutCount: 0,
    workedMinutes: 0,
    regularMinutes: 0,
    overtimeMinutes: 0,
    leaveDaysPaid: 0,
    leaveDaysUnpaid: 0,
    leaveDaysSick: 0,
    holidayCount: 0,
    breakMinutes: 0,
    unpaidBreakMinutes: 0,
  };
}

/** Adds one day to a running summary (mutates and returns `s`). */
export function addDayToSummary(s: PersonSummary, d: DayRecord): PersonSummary {
  if (d.isWorkDay && d.status !== "upcoming") s.workDays++;
  if (d.status === "present" || d.status === "late") s.daysPresent++;
  if (d.status === "late") {
    s.lateCount++;
    s.lateMinutes += d.lateMinutes;
  }
  if (d.earlyLeaveMinutes > 0) {
    s.earlyLeaveCount++;
    s.earlyLeaveMinutes += d.earlyLeaveMinutes;
  }
  if (d.status === "absent") s.absentCount++;
  if (d.flags.includes("missing-out")) s.missingOutCount++;
  if (d.workedMinutes !== null) s.workedMinutes += d.workedMinutes;
  s.regularMinutes += d.regularMinutes ?? 0;
  if (d.dayOff?.kind === "leave" && d.leaveDays > 0) {
    if (d.dayOff.category === "paid") s.leaveDaysPaid += d.leaveDays;
    else if (d.dayOff.category === "unpaid") s.leaveDaysUnpaid += d.leaveDays;
    else s.leaveDaysSick += d.leaveDays;
  }
  if (d.status === "holiday") s.holidayCount++;
  s.overtimeMinutes += d.overtimeMinutes;
  s.breakMinutes += d.breakMinutes;
  s.unpaidBreakMinutes += d.unpaidBreakMinutes;
  return s;
}

/** One person's summary over their day records. */
export function summarisePerson(person: Pick<Person, "id" | "name">, days: Iterable<DayRecord>): PersonSummary {
  const s = emptySummary(person);
  for (const d of days) addDayToSummary(s, d);
  return s;
}

/** A person on the dashboard. */
export interface DashboardEntry {
  userId: string;
  name: string;
  firstIn: Date | null;
  lastOut: Date | null;
  lateMinutes: number;
  flags: DayRecord["flags"];
}

/**
 * Today at a glance (the dashboard): who came in and is still at work (in now, breaks included), who came in and
 * has left, who of those who came in was late, who is absent, not yet in, or on a full day of leave. Lists are
 * sorted by name. The same DayRecords feed the reports, so a day's figures are the report's figures for that day:
 * came in = inNow + left (the report's days present), late and absent likewise. On a work day
 * inNow + left + absent + notYetIn = expected (plus anyone who worked on a day off, who is not expected).
 */
export interface DaySummary {
  date: LocalDate;
  /** Came in today (on time, late, or on a day off) and still at work or on a break. */
  inNow: DashboardEntry[];
  /** Came in today and checked out since. */
  left: DashboardEntry[];
  /** The late arrivals among inNow + left. */
  late: DashboardEntry[];
  absent: DashboardEntry[];
  notYetIn: DashboardEntry[];
  /** A full day of approved leave today, not worked. */
  onLeave: DashboardEntry[];
  /** People not expected today (day off, holiday) who did not come in. */
  off: DashboardEntry[];
  counts: {
    /** inNow + left: everyone who came in (the report's "present" days). */
    cameIn: number;
    inNow: number;
    left: number;
    late: number;
    absent: number;
    notYetIn: number;
    onLeave: number;
    off: number;
    expected: number;
  };
}

/**
 * Groups one work day's records (one per person; see evaluatePersonDays with from = to = today).
 * `names` maps userId to display name.
 */
export function summariseDay(date: LocalDate, records: Iterable<DayRecord>, names: ReadonlyMap<string, string>): DaySummary {
  const out: DaySummary = {
    date,
    inNow: [],
    left: [],
    late: [],
    absent: [],
    notYetIn: [],
    onLeave: [],
    off: [],
    counts: { cameIn: 0, inNow: 0, left: 0, late: 0, absent: 0, notYetIn: 0, onLeave: 0, off: 0, expected: 0 },
  };
  for (const r of records) {
    if (r.date !== date) continue;
    const entry: DashboardEntry = {
      userId: r.userId,
      name: names.get(r.userId) ?? r.userId,
      firstIn: r.firstIn,
      lastOut: r.lastOut,
      lateMinutes: r.lateMinutes,
      flags: r.flags,
    };
    switch (r.status) {
      case "late":
      case "present":
        (r.state === "out" ? out.left : out.inNow).push(entry);
        if (r.status === "late") out.late.push(entry);
        break;
      case "absent":
        out.absent.push(entry);
        break;
      case "not-yet-in":
        out.notYetIn.push(entry);
        break;
      case "leave":
        out.onLeave.push(entry);
        break;
      default:
        out.off.push(entry);
    }
    if (r.isWorkDay) out.counts.expected++;
  }
  const byName = (a: DashboardEntry, b: DashboardEntry) => a.name.localeCompare(b.name) || (a.userId < b.userId ? -1 : 1);
  for (const list of [out.inNow, out.left, out.late, out.absent, out.notYetIn, out.onLeave, out.off]) list.sort(byName);
  const c = out.counts;
  c.inNow = out.inNow.length;
  c.left = out.left.length;
  c.cameIn = c.inNow + c.left;
  c.late = out.late.length;
  c.absent = out.absent.length;
  c.notYetIn = out.notYetIn.length;
  c.onLeave = out.onLeave.length;
  c.off = out.off.length;
  return out;
}

/** One point of the attendance chart. */
export interface SeriesPoint {
  date: LocalDate;
  /** Person-days expected: working day, person active, day begun. */
  expected: number;
  /** Expected person-days with a check-in (present or late). */
  attended: number;
  /** Expected person-days with a late check-in. */
  late: number;
  /** attended / expected, 0..1; null on a day nobody was expected (weekend) — a gap in the chart. */
  attendanceRate: number | null;
  /** late / attended, 0..1 (share of arrivals that were late); null when nobody attended. */
  latenessRate: number | null;
}

/**
 * Builds the daily series (e.g. the last 30 days) from day records fed one at a time, so it can ride along a
 * streaming report. Days without records are present in the result with null rates.
 */
export class SeriesAccumulator {
  private readonly counts = new Map<LocalDate, { expected: number; attended: number; late: number }>();
  constructor(
    readonly from: LocalDate,
    readonly to: LocalDate,
  ) {}

  add(d: DayRecord): void {
    if (d.date < this.from || d.date > this.to) return;
    if (!d.isWorkDay || d.status === "upcoming" || d.status === "not-yet-in") return;
    let c = this.counts.get(d.date);
    if (!c) this.counts.set(d.date, (c = { expected: 0, attended: 0, late: 0 }));
    c.expected++;
    if (d.status === "present" || d.status === "late") c.attended++;
    if (d.status === "late") c.late++;
  }

  result(): SeriesPoint[] {
    const out: SeriesPoint[] = [];
    for (const date of eachDate(this.from, this.to)) {
      const c = this.counts.get(date) ?? { expected: 0, attended: 0, late: 0 };
      out.push({
        date,
        ...c,
        attendanceRate: c.expected > 0 ? c.attended / c.expected : null,
        latenessRate: c.attended > 0 ? c.late / c.attended : null,
      });
    }
    return out;
  }
}

/** The series over `from`..`to` of the given day records. */
export function attendanceSeries(from: LocalDate, to: LocalDate, records: Iterable<DayRecord>): SeriesPoint[] {
  const acc = new SeriesAccumulator(from, to);
  for (const r of records) acc.add(r);
  return acc.result();
}
