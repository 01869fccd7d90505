import { PageHeader } from "@/app/_components/page-header";
import { ADMINS } from "@/lib/auth/guard";
import { requirePageMember } from "@/lib/auth/page";
import { listPendingInvites } from "@/lib/db/queries/invites";
import { getOrganisation } from "@/lib/db/queries/organisations";
import { listMembers } from "@/lib/db/queries/users";
import { InviteForm } from "./invite-form";
import { MemberActions, RevokeInviteButton } from "./member-actions";

export const metadata = { title: "Staff" };

const faceLabel = { none: "Not enrolled", enrolled: "Enrolled", held: "Held for review" } as const;

export default async function StaffPage() {
  const { orgId } = await requirePageMember(ADMINS, "/admin/staff");
  const [members, invites, org] = await Promise.all([listMembers(orgId), listPendingInvites(orgId), getOrganisation(orgId)]);
  const fmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: org?.timezone ?? "UTC" });
  const now = Date.now();
  return (
    <>
      <PageHeader title="Staff" description="Everyone in your organisation." />
      <section className="card mb-6">
        <h2 className="mb-3 font-medium">Invite someone</h2>
        <InviteForm />
      </section>

      {invites.length > 0 && (
        <section className="card mb-6 overflow-x-auto p-0">
          <h2 className="px-4 pt-4 font-medium">Pending invitations</h2>
          <table className="mt-2 w-full text-left text-sm">
            <tbody>
              {invites.map((i) => (
                <tr key={i.id} className="border-t border-slate-100">
                  <td className="px-4 py-2 font-medium">{i.name}</td>
                  <td className="px-4 py-2 text-slate-600">{i.email}</td>
                  <td className="px-4 py-2 capitalize">{i.role}</td>
                  <td className="px-4 py-2 text-slate-600">{i.expiresAt.getTime() < now ? "Expired" : `Expires ${fmt.format(i.expiresAt)}`}</td>
                  <td className="px-4 py-2 text-right">
                    <RevokeInviteButton inviteId={i.id} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      <div className="card overflow-x-auto p-0">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
            <tr>
              <th className="px-4 py-3">Name</th>
              <th className="px-4 py-3">Email</th>
              <th className="px-4 py-3">Role</th>
              <th className="px-4 py-3">Status</th>
              <th className="px-4 py-3">Face</th>
              <th className="px-4 py-3">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id} className="border-b border-slate-100 last:border-0" data-testid={`member-${m.email}`}>
                <td className="px-4 py-3 font-medium">{m.name}</td>
                <td className="px-4 py-3 text-slate-600">{m.email}</td>
                <td className="px-4 py-3 capitalize">{m.role}</td>
                <td className="px-4 py-3 capitalize">{m.status}</td>
                <td className={`px-4 py-3 ${m.enrolment === "held" ? "font-medium text-amber-700" : ""}`}>{faceLabel[m.enrolment]}</td>
                <td className="px-4 py-3">
                  <MemberActions userId={m.id} name={m.name} enrolment={m.enrolment} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
