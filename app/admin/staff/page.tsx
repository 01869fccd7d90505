import { PageHeader } from "@/app/_components/page-header";
import { ADMINS } from "@/lib/auth/guard";
import { requirePageMember } from "@/lib/auth/page";
import { listMembers } from "@/lib/db/queries/users";

export const metadata = { title: "Staff" };

export default async function StaffPage() {
  const { orgId } = await requirePageMember(ADMINS, "/admin/staff");
  const members = await listMembers(orgId);
  return (
    <>
      <PageHeader title="Staff" description="Everyone in your organisation." />
      <div className="card overflow-x-auto p-0">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
            <tr>
              <th className="px-4 py-3">Name</th>
              <th className="px-4 py-3">Email</th>
              <th className="px-4 py-3">Role</th>
              <th className="px-4 py-3">Status</th>
              <th className="px-4 py-3">Face</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id} className="border-b border-slate-100 last:border-0">
                <td className="px-4 py-3 font-medium">{m.name}</td>
                <td className="px-4 py-3 text-slate-600">{m.email}</td>
                <td className="px-4 py-3 capitalize">{m.role}</td>
                <td className="px-4 py-3 capitalize">{m.status}</td>
                <td className="px-4 py-3 capitalize">{m.enrolment === "none" ? "Not enrolled" : m.enrolment}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
