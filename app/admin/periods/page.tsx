// Pay periods: approve a week or month (by the organisation's setting) for one person or everyone; approved periods
// are locked until unlocked with a reason. Links to the period's payroll sheet.
import { ScrollBox } from "@/app/_components/ui/scroll-box";
import Link from "next/link";
import { Badge } from "@/app/_components/ui/badge";
import { PageHeader } from "@/app/_components/ui/page-header";
import { lockOn, payPeriodOf, periodLabel, shiftPeriod } from "@/lib/attendance/approval";
import { isLocalDate } from "@/lib/attendance/local-time";
import { ADMINS } from "@/lib/auth/guard";
import { requirePageMember } from "@/lib/auth/page";
import { listApprovals } from "@/lib/db/queries/approvals";
import { settingsOf } from "@/lib/db/queries/organisations";
import { listPendingRequests } from "@/lib/db/queries/pending-requests";
import { listReportPeople } from "@/lib/db/queries/reports";
import { listMembers } from "@/lib/db/queries/users";
import { isSoleOwner, manageRefusal } from "@/lib/auth/separation";
import { formatLocalDateTime } from "@/lib/attendance/local-time";
import { calendarOf, loadOrg, payrollView } from "@/lib/reports/org-report";
import { ApprovePeriodForm, UnlockPeriodForm } from "./_components/forms";

export const metadata = { title: "Pay periods" };
export const dynamic = "force-dynamic";

export default async function PeriodsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { orgId, user } = await requirePageMember(ADMINS, "/admin/periods");
  const sp = await searchParams;
  const org = await loadOrg(orgId);
  const kind = settingsOf(org).payPeriod;
  const today = calendarOf(org).today(new Date());
  const current = payPeriodOf(today, kind);
  const asked = typeof sp.date === "string" && isLocalDate(sp.date) && sp.date <= current.to ? sp.date : today;
  const period = payPeriodOf(asked, kind);
  const [people, approvals, pending, sheet, members] = await Promise.all([
    listReportPeople(orgId, org.timezone),
    listApprovals(orgId, period.from, period.to),
    listPendingRequests(orgId),
    payrollView(orgId, { from: period.from, to: period.to }),
    listMembers(orgId),
  ]);
  // Nobody approves or unlocks their own period; an admin no owner's (the actions refuse it too).
  const roles = new Map(members.map((m) => [m.id, m.role]));
  const soleOwner = isSoleOwner(user, members);
  const refusalFor = (p: { id: string }) => manageRefusal(user, { id: p.id, role: roles.get(p.id) ?? "employee" }, true, soleOwner);
  const label = periodLabel(period, org.locale);
  const inPeriod = pending.filter((r) => r.from <= period.to && period.from <= r.to);
  const approvedCount = people.filter((p) => lockOn(approvals, p.id, period.from)).length;
  const q = `from=${period.from}&to=${period.to}&part=payroll`;
  const previous = shiftPeriod(period, -1);
  const next = shiftPeriod(period, 1);

  return (
    <>
      <PageHeader title="Pay periods" description={`Approve each ${kind} when its hours are right: an approved period is locked (corrections, leave and punches in it need an unlock with a reason first). Change week or month in Settings.`} />
      <div className="mb-6 flex flex-wrap items-center gap-2" role="group" aria-label="Period">
        <Link className="btn-secondary px-3 py-1.5" href={`?date=${previous.from}`} aria-label="Previous period">
          ←
        </Link>
        <h2 className="min-w-48 text-center font-medium" aria-live="polite">
          {label} <span className="text-sm font-normal text-slate-500">({period.from} to {period.to})</span>
        </h2>
        {next.from <= current.from ? (
          <Link className="btn-secondary px-3 py-1.5" href={`?date=${next.from}`} aria-label="Next period">
            →
          </Link>
        ) : (
          <span className="btn-secondary px-3 py-1.5 opacity-40" aria-hidden>
            →
          </span>
        )}
      </div>
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <section className="card xl:col-span-2" aria-labelledby="people-h">
          <h2 id="people-h" className="mb-4 text-lg font-medium">
            People · {approvedCount} of {people.length} approved
          </h2>
          <ScrollBox label="People in this period">
            <table className="w-full min-w-[520px] text-left text-sm" data-testid="period-people">
              <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
                <tr>
                  <th scope="col" className="py-2 pr-4">Person</th>
                  <th scope="col" className="py-2 pr-4">Status</th>
                  <th scope="col" className="py-2">Action</th>
                </tr>
              </thead>
              <tbody>
                {people.map((p) => {
                  const lock = lockOn(approvals, p.id, period.from);
                  const last = [...approvals].reverse().find((a) => a.userId === p.id);
                  return (
                    <tr key={p.id} className="border-b border-slate-100 align-top last:border-0">
                      <td className="py-3 pr-4">
                        <Link href={`/admin/staff/${p.id}`} className="font-medium underline">
                          {p.name}
                        </Link>
                        {p.employeeNumber && <span className="ml-2 text-xs text-slate-500">#{p.employeeNumber}</span>}
                      </td>
                      <td className="py-3 pr-4">
                        {lock ? (
                          <Badge tone="green">Approved</Badge>
                        ) : (
                          <Badge tone="slate">Not approved</Badge>
                        )}
                        {last && (
                          <p className="mt-1 text-xs text-slate-500">
                            {lock
                              ? `by ${last.approvedByName ?? "a former admin"}, ${formatLocalDateTime(last.approvedAt, org.timezone)}`
                              : last.unlockedAt
                                ? `Unlocked by ${last.unlockedByName ?? "a former admin"}, ${formatLocalDateTime(last.unlockedAt, org.timezone)}: ${last.unlockReason}`
                                : null}
                          </p>
                        )}
                      </td>
                      <td className="py-3">
                        {refusalFor(p) ? (
                          <p className="text-xs text-slate-500" data-testid="approve-not-yours">
                            {refusalFor(p)}
                          </p>
                        ) : lock ? (
                          <UnlockPeriodForm from={period.from} userId={p.id} label="Unlock" />
                        ) : (
                          <ApprovePeriodForm from={period.from} userId={p.id} label={`Approve ${p.name}`} />
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollBox>
        </section>
        <div className="space-y-6">
          <section className="card" aria-labelledby="all-h">
            <h2 id="all-h" className="mb-4 text-lg font-medium">Everyone</h2>
            {inPeriod.length > 0 && (
              <p className="mb-3 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-800">
                {inPeriod.length === 1 ? "1 request" : `${inPeriod.length} requests`} in this period still wait for a decision (
                <Link href="/admin/requests" className="underline">
                  Requests
                </Link>
                ).
              </p>
            )}
            <ApprovePeriodForm from={period.from} label={`Approve ${label} for everyone`} />
            {approvedCount > 0 && (
              <div className="mt-4">
                <UnlockPeriodForm from={period.from} label="Unlock for everyone" />
              </div>
            )}
          </section>
          <section className="card" aria-labelledby="payroll-h">
            <h2 id="payroll-h" className="mb-2 text-lg font-medium">Payroll sheet</h2>
            <p className="mb-3 text-sm text-slate-600">Regular hours, overtime, unpaid breaks, leave by type and absences per person, with the approval.</p>
            <ul className="flex flex-wrap gap-2 text-sm" data-testid="payroll-links">
              <li>
                <a className="btn-secondary" href={`/api/reports/csv?${q}`} download>
                  CSV
                </a>
              </li>
              <li>
                <a className="btn-secondary" href={`/api/reports/xlsx?${q}`} download>
                  Excel
                </a>
              </li>
              <li>
                <a className="btn-secondary" href={`/api/reports/pdf?${q}`} download>
                  PDF
                </a>
              </li>
            </ul>
          </section>
        </div>
      </div>
      <section className="card mt-6" aria-labelledby="sheet-h">
        <h2 id="sheet-h" className="mb-1 text-lg font-medium">Payroll sheet · {label}</h2>
        <p className="mb-4 text-sm text-slate-600">The same figures as the CSV, Excel and PDF files. {sheet.meta.approval}.</p>
        <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Payroll sheet">
          <table className="w-full text-left text-sm tabular-nums" data-testid="payroll-sheet">
            <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
              <tr>
                {sheet.columns.map((c) => (
                  <th key={c.key} scope="col" className={`whitespace-nowrap py-2 pr-4 ${c.type === "text" || c.type === "date" ? "" : "text-right"}`}>
                    {c.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {sheet.rows.map((r, i) => (
                <tr key={i} className="border-b border-slate-100">
                  {r.map((v, j) => (
                    <td key={j} className={`whitespace-nowrap py-2 pr-4 ${sheet.columns[j]!.type === "text" || sheet.columns[j]!.type === "date" ? "" : "text-right"}`}>
                      {v}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot className="font-semibold">
              <tr>
                {sheet.totals.map((v, j) => (
                  <td key={j} className={`whitespace-nowrap py-2 pr-4 ${sheet.columns[j]!.type === "text" || sheet.columns[j]!.type === "date" ? "" : "text-right"}`}>
                    {v}
                  </td>
                ))}
              </tr>
            </tfoot>
          </table>
        </div>
      </section>
    </>
  );
}
