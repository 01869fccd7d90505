// Report tables as columns + cells: the one place that turns rows into displayed values, used by the on-screen
// table and by every export, so that the numbers are the same everywhere.
import type { DayFlag, DayStatus } from "@/lib/attendance/day";
import { daysBetween, toLocal, type LocalDate } from "@/lib/attendance/local-time";
import type { DailyRow, Report, SummaryRow } from "./build";

export type CellValue = string | number | null;

export interface Column {
  key: string;
  header: string;
  /** text: free text; date: "YYYY-MM-DD"; time: "HH:MM" (+n days); integer; hours: decimal hours, 2 decimals;
   * days: a count of days in halves (1, 0.5), 1 decimal. */
  type: "text" | "date" | "time" | "integer" | "hours" | "days";
  /** Relative width (about characters): XLSX column width, PDF share of the page width. */
  width: number;
}

export interface ReportTable {
  /** Sheet name (XLSX) / section name; short, no special characters. */
  name: string;
  /** Human title (PDF section heading). */
  title: string;
  columns: readonly Column[];
  rows: AsyncIterable<CellValue[]> | Iterable<CellValue[]>;
  /** A totals row, read after `rows` has been iterated (PDF: drawn in bold under the table). */
  totals?: () => CellValue[] | null;
  /** Lines to sign under the table (PDF), e.g. "Approved by", "Signature", "Date". */
  signOff?: readonly string[];
}

/** What a report's header says. */
export interface ReportMeta {
  orgName: string;
  from: LocalDate;
  to: LocalDate;
  timezone: string;
  /** When the export was made (printed in the organisation's timezone). */
  generatedAt: Date;
  /** Which of the range is approved (lib/attendance/approval.ts), e.g. "Approved for 9 of 10 people". */
  approval?: string;
}

export const statusLabels: Record<DayStatus, string> = {
  present: "Present",
  late: "Late",
  absent: "Absent",
  "not-yet-in": "Not yet in",
  off: "Off",
  upcoming: "Upcoming",
  holiday: "Holiday",
  leave: "Leave",
};

export const flagLabels: Record<DayFlag, string> = {
  "missing-out": "Missing check-out",
  "missing-in": "Missing check-in",
  "on-shift": "On shift",
  "on-break": "On break",
  "early-leave": "Early leave",
  "non-working-day": "Non-working day",
  corrected: "Corrected",
  "pending-review": "Pending review",
};

/** The Shift cell of a working day that follows the organisation's own hours (no rota). */
export const DEFAULT_SHIFT_LABEL = "Default";

/** Decimal hours of whole minutes, rounded to 2 decimals (7h45 → 7.75). */
export function minutesToHours(minutes: number): number {
  return Math.round((minutes / 60) * 100) / 100;
}

/** A time cell: "HH:MM", or "HH:MM (+n)" / "HH:MM (-n)" when the instant falls n days after (before) the row's date. */
export const TIME_CELL = /^(\d\d):(\d\d)(?: \(([+-]\d+)\))?$/;

/** "HH:MM" of an instant in the organisation's timezone, with " (+1)" when it falls after the row's date. */
export function timeCell(instant: Date | null, rowDate: LocalDate, timezone: string): string | null {
  if (!instant) return null;
  const l = toLocal(instant, timezone);
  const hh = String(Math.floor(l.minutes / 60)).padStart(2, "0");
  const mm = String(l.minutes % 60).padStart(2, "0");
  const shift = daysBetween(rowDate, l.date);
  return shift === 0 ? `${hh}:${mm}` : `${hh}:${mm} (${shift > 0 ? "+" : ""}${shift})`;
}

export const dailyColumns: readonly Column[] = [
  { key: "date", header: "Date", type: "date", width: 11 },
  { key: "name", header: "Person", type: "text", width: 22 },
  { key: "email", header: "Email", type: "text", width: 26 },
  { key: "status", header: "Status", type: "text", width: 10 },
  { key: "firstIn", header: "First in", type: "time", width: 10 },
  { key: "lastOut", header: "Last out", type: "time", width: 10 },
  { key: "hours", header: "Hours", type: "hours", width: 7 },
  { key: "breakMinutes", header: "Breaks (min)", type: "integer", width: 9 },
  { key: "lateMinutes", header: "Late (min)", type: "integer", width: 8 },
  { key: "earlyLeaveMinutes", header: "Early leave (min)", type: "integer", width: 12 },
  { key: "overtime", header: "Overtime (h)", type: "hours", width: 9 },
  { key: "employeeNumber", header: "Employee no.", type: "text", width: 10 },
  { key: "shift", header: "Shift", type: "text", width: 12 },
  { key: "flags", header: "Flags", type: "text", width: 26 },
];

/** The cells of one daily row, in dailyColumns order. */
export function dailyCells(row: DailyRow, timezone: string): CellValue[] {
  return [
    row.date,
    row.name,
    row.email,
    statusLabels[row.status],
    timeCell(row.firstIn, row.date, timezone),
    timeCell(row.lastOut, row.date, timezone),
    row.workedMinutes === null ? null : minutesToHours(row.workedMinutes),
    row.breakMinutes,
    row.lateMinutes,
    row.earlyLeaveMinutes,
    minutesToHours(row.overtimeMinutes),
    row.employeeNumber,
    row.shiftName ?? (row.isWorkDay ? DEFAULT_SHIFT_LABEL : null),
    row.flags.map((f) => flagLabels[f]).join("; "),
  ];
}

export const summaryColumns: readonly Column[] = [
  { key: "name", header: "Person", type: "text", width: 22 },
  { key: "email", header: "Email", type: "text", width: 26 },
  { key: "workDays", header: "Work days", type: "integer", width: 8 },
  { key: "daysPresent", header: "Days present", type: "integer", width: 10 },
  { key: "lateCount", header: "Late", type: "integer", width: 6 },
  { key: "lateMinutes", header: "Late (min)", type: "integer", width: 8 },
  { key: "earlyLeaveCount", header: "Early leaves", type: "integer", width: 10 },
  { key: "earlyLeaveMinutes", header: "Early leave (min)", type: "integer", width: 12 },
  { key: "absentCount", header: "Absent", type: "integer", width: 7 },
  { key: "missingOutCount", header: "Missing check-outs", type: "integer", width: 14 },
  { key: "hours", header: "Hours", type: "hours", width: 8 },
  { key: "breakMinutes", header: "Breaks (min)", type: "integer", width: 9 },
  { key: "unpaidBreakMinutes", header: "Unpaid breaks (min)", type: "integer", width: 12 },
  { key: "regular", header: "Regular (h)", type: "hours", width: 9 },
  { key: "overtime", header: "Overtime (h)", type: "hours", width: 9 },
  { key: "leavePaid", header: "Paid leave (days)", type: "days", width: 10 },
  { key: "leaveUnpaid", header: "Unpaid leave (days)", type: "days", width: 10 },
  { key: "leaveSick", header: "Sick leave (days)", type: "days", width: 10 },
  { key: "employeeNumber", header: "Employee no.", type: "text", width: 10 },
  { key: "holidayCount", header: "Holidays", type: "integer", width: 8 },
];

/** The cells of one summary row, in summaryColumns order. */
export function summaryCells(row: SummaryRow): CellValue[] {
  return [
    row.name,
    row.email,
    row.workDays,
    row.daysPresent,
    row.lateCount,
    row.lateMinutes,
    row.earlyLeaveCount,
    row.earlyLeaveMinutes,
    row.absentCount,
    row.missingOutCount,
    minutesToHours(row.workedMinutes),
    row.breakMinutes,
    row.unpaidBreakMinutes,
    minutesToHours(row.regularMinutes),
    minutesToHours(row.overtimeMinutes),
    row.leaveDaysPaid,
    row.leaveDaysUnpaid,
    row.leaveDaysSick,
    row.employeeNumber,
    row.holidayCount,
  ];
}

/** A cell as text, the way the screen, CSV and PDF show it (hours with 2 decimals; empty for null). */
export function formatCell(column: Pick<Column, "type">, value: CellValue): string {
  if (value === null) return "";
  if (typeof value === "number") return column.type === "hours" ? value.toFixed(2) : column.type === "days" ? value.toFixed(1) : String(value);
  return value;
}

async function* mapAsync<T, U>(it: AsyncIterable<T>, f: (x: T) => U): AsyncGenerator<U> {
  for await (const x of it) yield f(x);
}

/** The daily sheet of a report as a table. */
export function dailyTable(report: Pick<Report, "daily">, timezone: string): ReportTable {
  return { name: "Daily", title: "Daily sheet", columns: dailyColumns, rows: mapAsync(report.daily(), (r) => dailyCells(r, timezone)) };
}

/** The per-person summary of a report as a table. */
export function summaryTable(report: Pick<Report, "summary">): ReportTable {
  return { name: "Summary", title: "Per-person summary", columns: summaryColumns, rows: mapAsync(report.summary(), summaryCells) };
}
