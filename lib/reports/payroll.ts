// The payroll sheet: one row per person over a pay period — regular hours, overtime, unpaid breaks, leave days by
// leave type, absences and whether the period is approved. Built from the same day records as every report; the
// screen, CSV, XLSX and PDF share its cells.
import { approvalState, type ApprovalState, type PeriodApproval } from "@/lib/attendance/approval";
import type { LocalDate } from "@/lib/attendance/local-time";
import type { PersonReport } from "./build";
import { minutesToHours, type CellValue, type Column, type ReportTable } from "./table";

export interface PayrollRow {
  userId: string;
  name: string;
  email: string | null;
  employeeNumber: string | null;
  from: LocalDate;
  to: LocalDate;
  regularMinutes: number;
  overtimeMinutes: number;
  unpaidBreakMinutes: number;
  /** Leave days taken in the period by leave type name (half days 0.5; planned days only). */
  leaveDays: ReadonlyMap<string, number>;
  absentCount: number;
  missingOutCount: number;
  approval: ApprovalState;
}

/** One person's payroll row from their evaluated period and the organisation's approvals. */
export function payrollRowOf(pr: PersonReport, approvals: readonly PeriodApproval[], from: LocalDate, to: LocalDate): PayrollRow {
  const leaveDays = new Map<string, number>();
  for (const d of pr.days)
    if (d.dayOff?.kind === "leave" && d.leaveDays > 0) leaveDays.set(d.dayOff.typeName, (leaveDays.get(d.dayOff.typeName) ?? 0) + d.leaveDays);
  const s = pr.summary;
  return {
    userId: s.userId,
    name: s.name,
    email: s.email,
    employeeNumber: s.employeeNumber,
    from,
    to,
    regularMinutes: s.regularMinutes,
    overtimeMinutes: s.overtimeMinutes,
    unpaidBreakMinutes: s.unpaidBreakMinutes,
    leaveDays,
    absentCount: s.absentCount,
    missingOutCount: s.missingOutCount,
    approval: approvalState(approvals, s.userId, from, to),
  };
}

export const approvalLabels: Readonly<Record<ApprovalState, string>> = Object.freeze({
  approved: "Approved",
  "partly approved": "Partly approved",
  "not approved": "Not approved",
});

/** The sheet's columns; one "<type> (days)" column per leave type of the organisation, in the order given. */
export function payrollColumns(leaveTypeNames: readonly string[]): Column[] {
  return [
    { key: "employeeNumber", header: "Employee no.", type: "text", width: 10 },
    { key: "name", header: "Person", type: "text", width: 22 },
    { key: "from", header: "From", type: "date", width: 11 },
    { key: "to", header: "To", type: "date", width: 11 },
    { key: "regular", header: "Regular (h)", type: "hours", width: 9 },
    { key: "overtime", header: "Overtime (h)", type: "hours", width: 9 },
    { key: "unpaidBreaks", header: "Unpaid breaks (h)", type: "hours", width: 10 },
    ...leaveTypeNames.map((n, i) => ({ key: `leave${i}`, header: `${n} (days)`, type: "days" as const, width: Math.max(10, n.length + 7) })),
    { key: "absences", header: "Absences (days)", type: "integer", width: 9 },
    { key: "missingOut", header: "Missing check-outs", type: "integer", width: 10 },
    { key: "approval", header: "Approval", type: "text", width: 16 },
  ];
}

/** The cells of one row, in payrollColumns(leaveTypeNames) order. */
export function payrollCells(row: PayrollRow, leaveTypeNames: readonly string[]): CellValue[] {
  return [
    row.employeeNumber,
    row.name,
    row.from,
    row.to,
    minutesToHours(row.regularMinutes),
    minutesToHours(row.overtimeMinutes),
    minutesToHours(row.unpaidBreakMinutes),
    ...leaveTypeNames.map((n) => row.leaveDays.get(n) ?? 0),
    row.absentCount,
    row.missingOutCount,
    approvalLabels[row.approval],
  ];
}

/** The totals row under the sheet: sums of the numbers (from minutes, not of rounded cells), a count of people. */
export function payrollTotals(rows: readonly PayrollRow[], leaveTypeNames: readonly string[]): CellValue[] {
  const sum = (f: (r: PayrollRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  const approved = rows.filter((r) => r.approval === "approved").length;
  return [
    null,
    `Total · ${rows.length === 1 ? "1 person" : `${rows.length} people`}`,
    null,
    null,
    minutesToHours(sum((r) => r.regularMinutes)),
    minutesToHours(sum((r) => r.overtimeMinutes)),
    minutesToHours(sum((r) => r.unpaidBreakMinutes)),
    ...leaveTypeNames.map((n) => sum((r) => r.leaveDays.get(n) ?? 0)),
    sum((r) => r.absentCount),
    sum((r) => r.missingOutCount),
    `${approved} of ${rows.length} approved`,
  ];
}

/** The lines a payroll PDF is signed on. */
export const PAYROLL_SIGN_OFF = ["Checked and approved by (name)", "Signature", "Date"] as const;

/**
 * The payroll sheet as a table: rows are mapped as they stream; the totals row (PDF) and the sign-off lines come
 * after the last one.
 */
export function payrollTable(people: AsyncIterable<PersonReport>, approvals: readonly PeriodApproval[], leaveTypeNames: readonly string[], from: LocalDate, to: LocalDate): ReportTable {
  const seen: PayrollRow[] = [];
  async function* rows() {
    for await (const pr of people) {
      const row = payrollRowOf(pr, approvals, from, to);
      seen.push(row);
      yield payrollCells(row, leaveTypeNames);
    }
  }
  return {
    name: "Payroll",
    title: "Payroll sheet",
    columns: payrollColumns(leaveTypeNames),
    rows: rows(),
    totals: () => payrollTotals(seen, leaveTypeNames),
    signOff: PAYROLL_SIGN_OFF,
  };
}
