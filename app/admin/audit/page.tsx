import { PageHeader } from "@/app/_components/ui/page-header";
import { ScrollBox } from "@/app/_components/ui/scroll-box";
import { ADMINS } from "@/lib/auth/guard";
import { requirePageMember } from "@/lib/auth/page";
import { listAudit, listAuditActions } from "@/lib/db/queries/audit";
import { listMembers } from "@/lib/db/queries/users";
import { getOrganisation } from "@/lib/db/queries/organisations";
import { auditFilterSchema, type AuditFilterInput } from "@/lib/validations/audit";
import { addDays, zonedInstant } from "@/lib/attendance";
import { auditActionLabel, describeAudit } from "@/lib/audit/describe";
import { formatDateTime, orgClock } from "@/lib/format";

export const metadata = { title: "Audit" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { orgId } = await requirePageMember(ADMINS, "/admin/audit");
  const parsed = auditFilterSchema.safeParse(await searchParams);
  const f: AuditFilterInput = parsed.success ? parsed.data : { action: undefined };
  const org = await getOrganisation(orgId);
  const tz = org?.timezone ?? "UTC";
  const clock = org ? orgClock(org) : orgClock({ timezone: tz });
  const [entries, actions, people] = await Promise.all([
    listAudit(orgId, {
      personId: f.person,
      action: f.action,
      from: f.from ? new Date(zonedInstant(f.from, 0, tz)) : undefined,
      to: f.to ? new Date(zonedInstant(addDays(f.to, 1), 0, tz) - 1) : undefined,
      limit: 200,
    }),
    listAuditActions(orgId),
    listMembers(orgId),
  ]);
  const names = new Map(people.map((p) => [p.id, p.name]));
  const ctx = { clock, nameOf: (id: string) => names.get(id) };
  return (
    <>
      <PageHeader title="Audit" description="Every change to settings, staff, devices, biometrics and records." />
      <form className="card mb-6 grid gap-4 sm:grid-cols-5" method="get">
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">Person</span>
          <select name="person" defaultValue={f.person ?? ""} className="input">
            <option value="">Anyone</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">Action</span>
          <select name="action" defaultValue={f.action ?? ""} className="input">
            <option value="">Any</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {auditActionLabel(a)}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">From</span>
          <input type="date" name="from" defaultValue={f.from} className="input" />
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">To</span>
          <input type="date" name="to" defaultValue={f.to} className="input" />
        </label>
        <div className="flex items-end">
          <button className="btn-secondary w-full" type="submit">
            Filter
          </button>
        </div>
      </form>
      {!parsed.success && <p className="mb-4 text-sm text-red-600">Some filters were invalid and were ignored.</p>}
      <ScrollBox label="Audit log" className="card p-0">
        <table className="w-full text-left text-sm" data-testid="audit-table">
          <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
            <tr>
              <th className="px-4 py-3">When</th>
              <th className="px-4 py-3">Who</th>
              <th className="px-4 py-3">Action</th>
              <th className="px-4 py-3">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.length === 0 && (
              <tr>
                <td colSpan={4} className="px-4 py-8 text-center text-slate-500">
                  No entries match.
                </td>
              </tr>
            )}
            {entries.map((e) => (
              <tr key={e.id} className="border-b border-slate-100 align-top last:border-0">
                <td className="whitespace-nowrap px-4 py-3 text-slate-600">
                  <time dateTime={e.at.toISOString()}>{formatDateTime(e.at, clock)}</time>
                </td>
                <td className="px-4 py-3">{e.actorName ?? "System"}</td>
                <td className="px-4 py-3 whitespace-nowrap">{auditActionLabel(e.action)}</td>
                <td className="min-w-64 px-4 py-3 text-slate-700">{describeAudit(e, ctx)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
    </>
  );
}
