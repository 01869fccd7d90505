// The payroll sheet's rows, cells and totals from real day records: a hand-computed week.
import { describe, expect, it } from "vitest";
import type { PeriodApproval } from "@/lib/attendance/approval";
import type { EventInput } from "@/lib/attendance/events";
import { daysOffOf, type ApprovedLeave } from "@/lib/attendance/leave";
import type { PunchKind } from "@/lib/attendance/punches";
import { WorkCalendar } from "@/lib/attendance/rules";
import { collect, personReports } from "@/lib/reports/build";
import { payrollCells, payrollColumns, payrollRowOf, payrollTable, payrollTotals } from "@/lib/reports/payroll";
import { dayRules } from "../attendance/month-fixture";

const A = "00000000-0000-7000-8000-0000000000a1";
const B = "00000000-0000-7000-8000-0000000000b2";
const people = [
  { id: A, name: "Łukasz Żółć", email: "l@x.test", employeeNumber: "E-1" },
  { id: B, name: "Ben", email: "b@x.test", employeeNumber: null },
];
let seq = 0;
const punch = (kind: PunchKind, at: string): EventInput => ({
  id: `p-${String(++seq).padStart(4, "0")}`,
  userId: A,
  kind,
  at: new Date(at),
  decision: "accepted",
  source: "face",
  supersedesId: null,
  voidedAt: null,
  reviewedAt: null,
});
// Week of Monday 2 March 2026 (GMT), overtime after 8 h a day, unpaid breaks.
const calendar = new WorkCalendar({ ...dayRules, overtime: { dailyMinutes: 480, weeklyMinutes: null } });
const events = [
  // Monday: 09:00–18:00 with 30 min of break: 8.5 h worked = 8 regular + 0.5 overtime; 0.5 h unpaid break.
  punch("in", "2026-03-02T09:00:00Z"),
  punch("break-start", "2026-03-02T12:00:00Z"),
  punch("break-end", "2026-03-02T12:30:00Z"),
  punch("out", "2026-03-02T18:00:00Z"),
  // Thursday: in, never out (missing check-out, no hours). Tuesday annual leave, Wednesday sick, Friday absent.
  punch("in", "2026-03-05T09:00:00Z"),
];
const leave: ApprovedLeave[] = [
  { typeId: "t1", typeName: "Annual leave", category: "paid", from: "2026-03-03", to: "2026-03-03", half: null },
  { typeId: "t2", typeName: "Sick leave", category: "sick", from: "2026-03-04", to: "2026-03-04", half: null },
];
const approvals: PeriodApproval[] = [{ userId: A, from: "2026-03-02", to: "2026-03-08", approvedAt: new Date("2026-03-09T10:00:00Z"), unlockedAt: null }];
const types = ["Annual leave", "Sick leave", "Unpaid leave"];
const input = () => ({
  calendar,
  people,
  events,
  daysOffFor: (p: { id: string }) => daysOffOf([], p.id === A ? leave : []),
  from: "2026-03-02",
  to: "2026-03-08",
  now: new Date("2026-03-10T12:00:00Z"),
});

describe("payroll sheet", () => {
  it("a person's week, hand-computed", async () => {
    const [a, b] = await collect(personReports(input()));
    const row = payrollRowOf(a!, approvals, "2026-03-02", "2026-03-08");
    expect(payrollCells(row, types)).toEqual(["E-1", "Łukasz Żółć", "2026-03-02", "2026-03-08", 8, 0.5, 0.5, 1, 1, 0, 1, 1, "Approved"]);
    const other = payrollRowOf(b!, approvals, "2026-03-02", "2026-03-08");
    expect(payrollCells(other, types)).toEqual([null, "Ben", "2026-03-02", "2026-03-08", 0, 0, 0, 0, 0, 0, 5, 0, "Not approved"]);
    expect(payrollTotals([row, other], types)).toEqual([null, "Total · 2 people", null, null, 8, 0.5, 0.5, 1, 1, 0, 6, 1, "1 of 2 approved"]);
    expect(payrollColumns(types).map((c) => c.header).slice(7, 10)).toEqual(["Annual leave (days)", "Sick leave (days)", "Unpaid leave (days)"]);
  });

  it("a half-approved range says so; the table streams rows, then its totals and sign-off lines", async () => {
    const table = payrollTable(personReports({ ...input(), to: "2026-03-15" }), approvals, types, "2026-03-02", "2026-03-15");
    const rows = await collect(table.rows);
    expect(rows.map((r) => r.at(-1))).toEqual(["Partly approved", "Not approved"]);
    expect(table.totals?.()?.at(-1)).toBe("0 of 2 approved");
    expect(table.signOff).toEqual(["Checked and approved by (name)", "Signature", "Date"]);
  });
});
