import Link from "next/link";
import { ScrollBox } from "@/app/_components/ui/scroll-box";
import { PageHeader } from "@/app/_components/ui/page-header";
import { countOf, formatAgo, formatDate, orgClock } from "@/lib/format";
import { ADMINS } from "@/lib/auth/guard";
import { requirePageMember } from "@/lib/auth/page";
import { listStaff } from "@/lib/db/queries/admin-staff";
import { listPendingInvites } from "@/lib/db/queries/invites";
import { getOrganisation } from "@/lib/db/queries/organisations";
import { staffQuerySchema, type StaffQuery, type StaffSort } from "@/lib/validations/staff";
import { accountTone, Badge, enrolmentTone } from "@/app/_components/ui/badge";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { ActionButton } from "@/app/_components/ui/action-button";
import { revokeInviteAction } from "./actions";
import { InviteForm } from "./invite-form";
import { FaceDataControls } from "./_components/face-data";
import { RoleSelect, StatusButton } from "./member-controls";

export const metadata = { title: "Staff" };
export const dynamic = "force-dynamic";

const enrolmentLabels = { none: "Not enrolled", enrolled: "Enrolled", held: "Held for review" } as const;

function sortHref(q: StaffQuery, sort: StaffSort): string {
  const current = q.sort ?? "name";
  const dir = current === sort ? (q.dir === "desc" ? "asc" : "desc") : sort === "lastCheckIn" ? "desc" : "asc";
  const p = new URLSearchParams();
  if (q.q) p.set("q", q.q);
  if (q.status) p.set("status", q.status);
  p.set("sort", sort);
  p.set("dir", dir);
  return `/admin/staff?${p}`;
}

function SortHeader({ q, sort, children, className = "" }: { q: StaffQuery; sort: StaffSort; children: React.ReactNode; className?: string }) {
  const active = (q.sort ?? "name") === sort;
  const dir = q.dir ?? (sort === "lastCheckIn" ? "desc" : "asc");
  return (
    <th className={`px-4 py-3 ${className}`} aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : "none"} scope="col">
      <Link href={sortHref(q, sort)} className="inline-flex items-center gap-1 hover:text-slate-800">
        {children}
        <span aria-hidden className={active ? "text-slate-700" : "text-slate-300"}>
          {active && dir === "desc" ? "▼" : "▲"}
        </span>
      </Link>
    </th>
  );
}

export default async function StaffPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { orgId, user } = await requirePageMember(ADMINS, "/admin/staff");
  const q = staffQuerySchema.parse(await searchParams);
  const [org, staff, invites] = await Promise.all([getOrganisation(orgId), listStaff(orgId, q), listPendingInvites(orgId)]);
  const clock = orgClock(org!);
  const now = new Date();
  const filtered = !!(q.q || q.status);
  return (
    <>
      <PageHeader title="Staff" description="Everyone in your organisation: account, face enrolment and last check-in." />
      <section className="card mb-6" aria-labelledby="invite-h">
        <h2 id="invite-h" className="mb-3 font-medium">
          Invite someone
        </h2>
        <InviteForm canInviteAdmins={user.role === "owner"} clock={clock} />
        {invites.length > 0 && (
          <div className="mt-5 border-t border-slate-100 pt-4">
            <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Pending invitations ({invites.length})</h3>
            <ul className="mt-2 divide-y divide-slate-100" data-testid="pending-invites">
              {invites.map((i) => {
                const expired = i.expiresAt.getTime() < now.getTime();
                return (
                  <li key={i.id} className="flex flex-wrap items-center justify-between gap-3 py-2 text-sm">
                    <div className="min-w-0">
                      <p className="truncate font-medium">
                        {i.name} <span className="font-normal text-slate-500">· {i.email}</span>
                      </p>
                      <p className="text-xs text-slate-500">
                        {i.role} · {expired ? <span className="text-red-600">expired {formatDate(i.expiresAt, clock)}</span> : `expires ${formatDate(i.expiresAt, clock)}`}
                      </p>
                    </div>
                    <ActionButton
                      action={revokeInviteAction}
                      input={{ inviteId: i.id }}
                      className="btn-secondary px-3 py-1.5 text-xs"
                      confirm={`Revoke the invite for ${i.email}? The link stops working.`}
                    >
                      Revoke
                    </ActionButton>
                  </li>
                );
              })}
            </ul>
          </div>
        )}
      </section>
      <form method="get" className="card mb-6 flex flex-wrap items-end gap-4 p-4" role="search">
        <label className="min-w-56 flex-1 text-sm">
          <span className="mb-1 block font-medium text-slate-700">Search</span>
          <input type="search" name="q" defaultValue={q.q} placeholder="Person or email" className="input" />
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">Account</span>
          <select name="status" defaultValue={q.status ?? ""} className="input">
            <option value="">All</option>
            <option value="active">Active</option>
            <option value="invited">Invited</option>
            <option value="deactivated">Deactivated</option>
          </select>
        </label>
        {q.sort && <input type="hidden" name="sort" value={q.sort} />}
        {q.dir && <input type="hidden" name="dir" value={q.dir} />}
        <button className="btn-secondary" type="submit">
          Search
        </button>
        {filtered && (
          <Link href="/admin/staff" className="link text-sm">
            Clear
          </Link>
        )}
      </form>

      {staff.length === 0 ? (
        <EmptyState title={filtered ? "Nobody matches" : "No staff yet"}>
          {filtered ? "Try another name or clear the filters." : "Invite your staff; they appear here once invited."}
        </EmptyState>
      ) : (
        <ScrollBox label="Staff table" className="card p-0">
          <table className="w-full min-w-[760px] text-left text-sm" data-testid="staff-table">
            <caption className="sr-only">Staff, {countOf(staff.length, "person", "people")}</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
              <tr>
                <SortHeader q={q} sort="name">
                  Name
                </SortHeader>
                <SortHeader q={q} sort="role">
                  Role
                </SortHeader>
                <SortHeader q={q} sort="status">
                  Account
                </SortHeader>
                <SortHeader q={q} sort="enrolment">
                  Face
                </SortHeader>
                <SortHeader q={q} sort="lastCheckIn">
                  Last check-in
                </SortHeader>
                <th className="px-4 py-3" scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {staff.map((m) => (
                <tr key={m.id} className="border-b border-slate-100 align-top last:border-0" data-testid="staff-row">
                  <td className="px-4 py-3">
                    <Link href={`/admin/staff/${m.id}`} className="font-medium hover:underline">
                      {m.name}
                    </Link>
                    {m.id === user.id && <span className="ml-1 text-xs text-slate-500">(you)</span>}
                    <p className="text-xs text-slate-500">{m.email}</p>
                  </td>
                  <td className="px-4 py-3">
                    {user.role === "owner" && m.id !== user.id ? <RoleSelect userId={m.id} name={m.name} role={m.role} /> : <span className="capitalize">{m.role}</span>}
                  </td>
                  <td className="px-4 py-3">
                    <Badge tone={accountTone[m.status]}>{m.status}</Badge>
                  </td>
                  <td className="px-4 py-3">
                    <Badge tone={enrolmentTone[m.enrolment]}>{enrolmentLabels[m.enrolment]}</Badge>
                    {m.templates > 0 && <p className="mt-1 text-xs text-slate-500">{countOf(m.templates, "template")}</p>}
                  </td>
                  <td className="px-4 py-3 text-slate-600">{m.lastCheckIn ? <time dateTime={m.lastCheckIn.toISOString()}>{formatAgo(m.lastCheckIn, now, clock)}</time> : <span className="text-slate-500">Never</span>}</td>
                  <td className="px-4 py-3 text-right">
                    <div className="flex flex-wrap justify-end gap-2">
                      <Link href={`/admin/staff/${m.id}`} className="btn-secondary px-3 py-1.5 text-xs">
                        Timeline
                      </Link>
                      {m.id !== user.id && (user.role === "owner" || m.role === "employee") && <StatusButton userId={m.id} name={m.name} status={m.status} />}
                    </div>
                    {(m.enrolment !== "none" || m.templates > 0) && (
                      <div className="mt-2">
                        <FaceDataControls userId={m.id} name={m.name} enrolment={m.enrolment} templates={m.templates} compact />
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </>
  );
}
