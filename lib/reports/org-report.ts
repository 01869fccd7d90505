// One organisation's attendance report: rules from its settings, people and events from the database, rows from
// lib/reports. The on-screen tables, the exports and the /me page all go through openOrgReport, so that every
// figure comes from the same row builder.
import "server-only";
import type { DayStatus } from "@/lib/attendance/day";
import type { Person } from "@/lib/attendance/day";
import { WorkCalendar, rulesFromOrg, type DayCalendar } from "@/lib/attendance/rules";
import { overtimeStart } from "@/lib/attendance/overtime";
import { calendarForPerson, scheduleEventBounds } from "@/lib/attendance/schedule";
import type { LocalDate } from "@/lib/attendance/local-time";
import { getOrganisation, settingsOf } from "@/lib/db/queries/organisations";
import { listReportPeople, streamReportEvents } from "@/lib/db/queries/reports";
import { loadDaysOff } from "@/lib/db/queries/leave";
import { loadOrgSchedules } from "@/lib/db/queries/schedules";
import type { Organisation } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { approvalState } from "@/lib/attendance/approval";
import type { ReportEvent } from "@/lib/db/queries/reports";
import { listApprovals } from "@/lib/db/queries/approvals";
import { listLeaveTypes } from "@/lib/db/queries/leave";
import {
  createReport,
  payrollTable,
  personReports,
  type ReportInput,
  type ReportTable,
  dailyCells,
  dailyColumns,
  estimateDailyRows,
  formatCell,
  summaryCells,
  summaryColumns,
  type Column,
  type Report,
  type ReportMeta,
  type ReportProgress,
} from "@/lib/reports";

export interface OrgReportOptions {
  from: LocalDate;
  to: LocalDate;
  personId?: string;
  statuses?: readonly DayStatus[];
  now?: Date;
  signal?: AbortSignal;
  onProgress?: (p: ReportProgress) => void;
}

export interface OrgReport {
  org: Organisation;
  calendar: WorkCalendar;
  /** Each person's own calendar (their rota over the organisation's hours). */
  calendarFor: (person: Pick<Person, "id">) => DayCalendar;
  report: Report;
  meta: ReportMeta;
  peopleCount: number;
  /** Upper bound of daily rows (people × days), for a progress bar. */
  estimatedRows: number;
}

export function calendarOf(org: Organisation): WorkCalendar {
  return new WorkCalendar(rulesFromOrg({ timezone: org.timezone, settings: settingsOf(org) }));
}

/** The people's calendars (rotas) and the instants to read events between for work days `from`..`to`. */
export async function orgCalendars(orgId: string, calendar: WorkCalendar, from: LocalDate, to: LocalDate, personId?: string) {
  const [{ templates, byUser }, daysOffFor] = await Promise.all([loadOrgSchedules(orgId, { userId: personId }), loadDaysOff(orgId, overtimeStart(calendar.rules.overtime, from), to, personId)]);
  const cache = new Map<string, DayCalendar>();
  const calendarFor = (p: Pick<Person, "id">): DayCalendar => {
    let c = cache.get(p.id);
    if (!c) cache.set(p.id, (c = calendarForPerson(calendar, templates, byUser.get(p.id) ?? [])));
    return c;
  };
  // Weekly overtime needs the week's earlier days: read from the Monday of `from`'s week.
  const start = overtimeStart(calendar.rules.overtime, from);
  const bounds = byUser.size > 0 ? scheduleEventBounds(calendar, start, to) : calendar.eventBounds(start, to);
  return { calendarFor, daysOffFor: (p: Pick<Person, "id">) => daysOffFor(p.id), bounds };
}

export async function loadOrg(orgId: string): Promise<Organisation> {
  const org = await getOrganisation(orgId);
  if (!org) throw new AppError("not-found");
  return org;
}

/** The people, calendars and event stream of a report over work days `from`..`to` (one person with `personId`). */
async function orgReportInput(orgId: string, o: OrgReportOptions) {
  const org = await loadOrg(orgId);
  const calendar = calendarOf(org);
  const people = await listReportPeople(orgId, org.timezone, { personId: o.personId });
  if (o.personId && people.length === 0) throw new AppError("not-found", "No such person in this organisation.");
  const now = o.now ?? new Date();
  const { calendarFor, daysOffFor, bounds } = await orgCalendars(orgId, calendar, o.from, o.to, o.personId);
  const input: ReportInput<ReportEvent> = {
    calendar,
    calendarFor,
    daysOffFor,
    people,
    events: streamReportEvents(orgId, people, bounds),
    from: o.from,
    to: o.to,
    now,
    statuses: o.statuses?.length ? o.statuses : undefined,
    signal: o.signal,
    onProgress: o.onProgress,
  };
  const approvals = await listApprovals(orgId, o.from, o.to, o.personId);
  const approved = people.filter((p) => approvalState(approvals, p.id, o.from, o.to) === "approved").length;
  const meta: ReportMeta = {
    orgName: org.name,
    from: o.from,
    to: o.to,
    timezone: org.timezone,
    generatedAt: now,
    approval: `Approved for ${approved} of ${people.length} ${people.length === 1 ? "person" : "people"}`,
  };
  return { org, calendar, calendarFor, input, meta, people, approvals };
}

/**
 * Opens a report over work days `from`..`to` of the organisation (one person with `personId`, never another org's).
 * Its meta says how many of the people are approved for the whole range (the PDF header, the XLSX About sheet).
 */
export async function openOrgReport(orgId: string, o: OrgReportOptions): Promise<OrgReport> {
  const { org, calendar, calendarFor, input, meta, people } = await orgReportInput(orgId, o);
  return {
    org,
    calendar,
    calendarFor,
    report: createReport(input),
    meta,
    peopleCount: people.length,
    estimatedRows: estimateDailyRows(people.length, o.from, o.to),
  };
}

export interface OrgPayroll {
  table: ReportTable;
  meta: ReportMeta;
  peopleCount: number;
}

/**
 * The payroll sheet of work days `from`..`to`: one row per person with their leave by the organisation's leave
 * types and the approval of the range; the meta says how many people are approved.
 */
export async function openPayroll(orgId: string, o: Omit<OrgReportOptions, "statuses">): Promise<OrgPayroll> {
  const { input, meta, people, approvals } = await orgReportInput(orgId, o);
  const types = await listLeaveTypes(orgId);
  return { table: payrollTable(personReports(input), approvals, types.map((t) => t.name), o.from, o.to), meta, peopleCount: people.length };
}

/** The payroll sheet as the screen shows it: the same cells as the exports, and the totals row. */
export async function payrollView(orgId: string, o: Omit<OrgReportOptions, "statuses">): Promise<ScreenTable & { totals: string[]; meta: ReportMeta }> {
  const { table, meta } = await openPayroll(orgId, o);
  const rows: string[][] = [];
  for await (const cells of table.rows) rows.push(table.columns.map((c, i) => formatCell(c, cells[i] ?? null)));
  const totals = table.totals?.() ?? [];
  return { columns: table.columns, rows, total: rows.length, totals: table.columns.map((c, i) => formatCell(c, totals[i] ?? null)), meta };
}

/** A table as the screen shows it: the same cells (and the same formatting) as the exports. */
export interface ScreenTable {
  columns: readonly Column[];
  rows: string[][];
  /** Rows in the full table (rows may hold only the first `limit`). */
  total: number;
}

export interface ReportView {
  daily: ScreenTable;
  summary: ScreenTable;
  /** Daily-sheet rows per status (after the status filter). */
  statusCounts: Partial<Record<DayStatus, number>>;
}

/** Runs the report for the screen: the daily sheet up to `dailyLimit` rows (the rest are counted), the full summary. */
export async function reportView(orgId: string, o: OrgReportOptions, dailyLimit = 500): Promise<ReportView & { meta: ReportMeta }> {
  const { report, meta } = await openOrgReport(orgId, o);
  const tz = meta.timezone;
  const dailyRows: string[][] = [];
  const statusCounts: Partial<Record<DayStatus, number>> = {};
  let total = 0;
  for await (const r of report.daily()) {
    total++;
    statusCounts[r.status] = (statusCounts[r.status] ?? 0) + 1;
    if (dailyRows.length < dailyLimit) {
      const cells = dailyCells(r, tz);
      dailyRows.push(dailyColumns.map((c, i) => formatCell(c, cells[i] ?? null)));
    }
  }
  const summaryRows: string[][] = [];
  for await (const s of report.summary()) {
    const cells = summaryCells(s);
    summaryRows.push(summaryColumns.map((c, i) => formatCell(c, cells[i] ?? null)));
  }
  return {
    meta,
    daily: { columns: dailyColumns, rows: dailyRows, total },
    summary: { columns: summaryColumns, rows: summaryRows, total: summaryRows.length },
    statusCounts,
  };
}
