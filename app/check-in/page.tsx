import { MemberShell } from "@/app/_components/checkin/member-shell";
import { ADMINS, MEMBERS } from "@/lib/auth/guard";
import { requirePageMember } from "@/lib/auth/page";
import { getOrganisation } from "@/lib/db/queries/organisations";
import { punchStatus } from "@/lib/reports/punch-status";
import { CheckInFlow } from "./check-in-flow";

export const metadata = { title: "Check in" };

export default async function CheckInPage() {
  const { user, orgId } = await requirePageMember(MEMBERS, "/check-in");
  const [org, status] = await Promise.all([getOrganisation(orgId), punchStatus(orgId, user.id, new Date())]);
  return (
    <MemberShell name={user.name} orgName={org?.name} isAdmin={ADMINS.includes(user.role)}>
      <h1 className="text-2xl font-semibold tracking-tight">Check in</h1>
      <p className="mt-1 text-sm text-slate-600">Choose what to record, then look at the camera and follow the two prompts. It takes a few seconds.</p>
      <p className="mt-4 rounded-lg bg-slate-100 px-3 py-2 text-sm text-slate-700" role="status" data-testid="punch-status" data-state={status.state}>
        <span className="font-medium">{status.text}</span>
      </p>
      <div className="card mt-6">
        <CheckInFlow userId={user.id} enrolment={user.enrolment} allowed={status.allowed} isAdmin={ADMINS.includes(user.role)} />
      </div>
    </MemberShell>
  );
}
