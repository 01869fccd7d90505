import Link from "next/link";
import { PageHeader } from "@/app/_components/page-header";
import { ADMINS } from "@/lib/auth/guard";
import { requirePageMember } from "@/lib/auth/page";
import { getOrganisation, settingsOf } from "@/lib/db/queries/organisations";
import { listMembers } from "@/lib/db/queries/users";
import { weekdayNames } from "@/lib/validations/settings";

export const metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const { orgId } = await requirePageMember(ADMINS);
  const [org, members] = await Promise.all([getOrganisation(orgId), listMembers(orgId)]);
  const s = settingsOf(org!);
  const enrolled = members.filter((m) => m.enrolment === "enrolled").length;
  return (
    <>
      <PageHeader title="Dashboard" description={`Today in ${org!.timezone}`} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Stat label="Staff" value={members.filter((m) => m.status === "active").length} />
        <Stat label="Enrolled faces" value={enrolled} />
        <Stat label="Shift" value={`${s.shiftStart}–${s.shiftEnd}`} detail={s.workDays.map((d) => weekdayNames[d - 1]).join(" ")} />
      </div>
      {enrolled === 0 && (
        <div className="card mt-6">
          <h2 className="font-medium">Get started</h2>
          <ol className="mt-2 list-decimal space-y-1 pl-5 text-sm text-slate-600">
            <li>
              Check your <Link className="text-brand-600 hover:underline" href="/admin/settings">working hours and timezone</Link>.
            </li>
            <li>
              Invite your staff from <Link className="text-brand-600 hover:underline" href="/admin/staff">Staff</Link>.
            </li>
            <li>Each person accepts the invite, consents and enrols their face, then checks in from their laptop.</li>
          </ol>
        </div>
      )}
    </>
  );
}

function Stat({ label, value, detail }: { label: string; value: string | number; detail?: string }) {
  return (
    <div className="card">
      <p className="text-sm text-slate-500">{label}</p>
      <p className="mt-1 text-2xl font-semibold">{value}</p>
      {detail && <p className="mt-1 text-xs text-slate-500">{detail}</p>}
    </div>
  );
}
