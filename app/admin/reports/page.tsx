import Link from "next/link";
import { countOf, formatLocalDate } from "@/lib/format";
import { ScrollBox } from "@/app/_components/ui/scroll-box";
import { PageHeader } from "@/app/_components/ui/page-header";
import { calendarOf, loadOrg, reportView, type ScreenTable } from "@/lib/reports/org-report";
import { dayStatuses, type DayStatus } from "@/lib/attendance/day";
import { ADMINS } from "@/lib/auth/guard";
import { requirePageMember } from "@/lib/auth/page";
import { listMembers } from "@/lib/db/queries/users";
import { AppError } from "@/lib/errors";
import { statusLabels } from "@/lib/reports";
import { fieldErrorsOf } from "@/lib/validations/field-errors";
import { reportFilterSchema, type ReportFilter } from "@/lib/validations/reports";
import { Badge, dayStatusTone } from "@/app/_components/ui/badge";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { ExportPanel } from "./export-panel";

export const metadata = { title: "Reports" };
export const dynamic = "force-dynamic";

/** Daily-sheet rows rendered on the page; the export holds all of them. */
const SCREEN_ROWS = 500;
const filterable: DayStatus[] = dayStatuses.filter((s) => s !== "upcoming");

export default async function ReportsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { orgId } = await requirePageMember(ADMINS, "/admin/reports");
  const sp = await searchParams;
  const org = await loadOrg(orgId);
  const today = calendarOf(org).today(new Date());
  const raw = { from: sp.from || `${today.slice(0, 7)}-01`, to: sp.to || today, person: sp.person, status: sp.status };
  const parsed = reportFilterSchema.safeParse(raw);
  const members = (await listMembers(orgId)).filter((m) => m.status !== "invited");
  const f: ReportFilter | null = parsed.success ? parsed.data : null;
  const fieldErrors = parsed.success ? {} : fieldErrorsOf(parsed.error);
  const view = f
    ? await reportView(orgId, { from: f.from, to: f.to, personId: f.person, statuses: f.status }, SCREEN_ROWS).catch((e: unknown) => {
        if (e instanceof AppError && e.code === "not-found") return null;
        throw e;
      })
    : null;
  const qs = new URLSearchParams();
  if (f) {
    qs.set("from", f.from);
    qs.set("to", f.to);
    if (f.person) qs.set("person", f.person);
    for (const s of f.status) qs.append("status", s);
  }
  const statusValues = f?.status ?? (Array.isArray(raw.status) ? raw.status : raw.status ? [raw.status] : []);
  const value = (k: "from" | "to") => (typeof raw[k] === "string" ? (raw[k] as string) : "");

  return (
    <>
      <PageHeader title="Reports" description={`Daily sheet and per-person summary, in ${org.timezone}. Exports hold the same figures.`} />
      <form method="get" className="card mb-6 grid gap-4 p-4 md:grid-cols-[auto_auto_1fr_auto]" aria-label="Report filters" noValidate>
        <Labelled label="From" name="from" errors={fieldErrors.from}>
          <input id="from" type="date" name="from" defaultValue={value("from")} className="input" aria-invalid={!!fieldErrors.from} aria-describedby="from-error" />
        </Labelled>
        <Labelled label="To" name="to" errors={fieldErrors.to}>
          <input id="to" type="date" name="to" defaultValue={value("to")} className="input" aria-invalid={!!fieldErrors.to} aria-describedby="to-error" />
        </Labelled>
        <Labelled label="Person" name="person" errors={fieldErrors.person}>
          <select id="person" name="person" defaultValue={typeof raw.person === "string" ? raw.person : ""} className="input" aria-describedby="person-error">
            <option value="">Everyone</option>
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </Labelled>
        <div className="flex items-end">
          <button type="submit" className="btn-primary w-full">
            Show
          </button>
        </div>
        <fieldset className="md:col-span-4">
          <legend className="mb-1 text-sm font-medium text-slate-700">Days with status (daily sheet; none ticked = all)</legend>
          <div className="flex flex-wrap gap-2">
            {filterable.map((s) => (
              <label
                key={s}
                className="flex items-center gap-1.5 rounded-lg border border-slate-300 px-2.5 py-1.5 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50"
              >
                <input type="checkbox" name="status" value={s} defaultChecked={statusValues.includes(s)} />
                {statusLabels[s]}
              </label>
            ))}
          </div>
          <p id="status-error" aria-live="polite" className="mt-1 text-xs text-red-600">
            {fieldErrors.status?.join(" ")}
          </p>
        </fieldset>
      </form>

      {!f ? (
        <p role="alert" className="card text-sm text-red-700">
          Please correct the filters above.
        </p>
      ) : !view ? (
        <EmptyState title="No such person">
          The person may have been removed. <Link href="/admin/reports" className="link">Reset the filters</Link>.
        </EmptyState>
      ) : (
        <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
          <div className="min-w-0 space-y-6 xl:col-span-2">
            <section className="card p-0" aria-labelledby="summary-h">
              <div className="flex flex-wrap items-baseline justify-between gap-2 px-5 py-4">
                <h2 id="summary-h" className="font-medium">
                  Per-person summary
                </h2>
                <p className="text-xs text-slate-500">
                  {formatLocalDate(f.from, org.locale)} to {formatLocalDate(f.to, org.locale)} · {countOf(view.summary.total, "person", "people")}
                </p>
              </div>
              <Table table={view.summary} label="Per-person summary" testId="summary-table" empty="Nobody in this report." />
            </section>
          </div>
          <div className="space-y-6">
            <ExportPanel query={qs.toString()} />
            <section className="card" aria-labelledby="counts-h">
              <h2 id="counts-h" className="font-medium">
                Days by status
              </h2>
              <ul className="mt-3 flex flex-wrap gap-2" data-testid="status-counts">
                {dayStatuses
                  .filter((s) => view.statusCounts[s])
                  .map((s) => (
                    <li key={s}>
                      <Badge tone={dayStatusTone[s]}>
                        {statusLabels[s]}: {view.statusCounts[s]}
                      </Badge>
                    </li>
                  ))}
                {view.daily.total === 0 && <li className="text-sm text-slate-500">No days match.</li>}
              </ul>
            </section>
          </div>
          <section className="card min-w-0 p-0 xl:col-span-3" aria-labelledby="daily-h">
            <div className="flex flex-wrap items-baseline justify-between gap-2 px-5 py-4">
              <h2 id="daily-h" className="font-medium">
                Daily sheet
              </h2>
              <p className="text-xs text-slate-500" data-testid="daily-total">
                {view.daily.total > view.daily.rows.length
                  ? `Showing the first ${view.daily.rows.length} of ${countOf(view.daily.total, "row")}: export for all of them.`
                  : countOf(view.daily.total, "row")}
              </p>
            </div>
            <Table table={view.daily} label="Daily sheet" testId="daily-table" empty="No days match these filters." statusColumn={3} />
          </section>
        </div>
      )}
    </>
  );
}

function Labelled({ label, name, errors, children }: { label: string; name: string; errors?: string[]; children: React.ReactNode }) {
  return (
    <div className="space-y-1 text-sm">
      <label htmlFor={name} className="block font-medium text-slate-700">
        {label}
      </label>
      {children}
      <p id={`${name}-error`} aria-live="polite" className="text-xs text-red-600">
        {errors?.join(" ")}
      </p>
    </div>
  );
}

function Table({ table, label, testId, empty, statusColumn }: { table: ScreenTable; label: string; testId: string; empty: string; statusColumn?: number }) {
  if (table.rows.length === 0) return <p className="border-t border-slate-100 px-5 py-8 text-center text-sm text-slate-500">{empty}</p>;
  const numeric = table.columns.map((c) => c.type === "integer" || c.type === "hours");
  return (
    <ScrollBox label={label} className="max-h-[36rem] border-t border-slate-100">
      <table className="w-full text-left text-sm" data-testid={testId}>
        <thead className="sticky top-0 bg-slate-50 text-xs uppercase text-slate-500">
          <tr>
            {table.columns.map((c, i) => (
              <th key={c.key} scope="col" className={`whitespace-nowrap px-3 py-2 ${numeric[i] ? "text-right" : ""}`}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, ri) => (
            <tr key={ri} className="border-t border-slate-100">
              {r.map((cell, i) => (
                <td
                  key={i}
                  className={`px-3 py-2 ${numeric[i] ? "text-right tabular-nums" : ""} ${table.columns[i]?.key === "email" ? "text-slate-500" : ""} ${table.columns[i]?.type === "text" && table.columns[i]?.key !== "flags" ? "whitespace-nowrap" : ""}`}
                >
                  {i === statusColumn ? <Badge tone={dayStatusTone[cell] ?? "slate"}>{cell}</Badge> : cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
