import { MemberShell } from "@/app/_components/checkin/member-shell";
import { ADMINS, MEMBERS } from "@/lib/auth/guard";
import { requirePageMember } from "@/lib/auth/page";
import { punchLabels } from "@/lib/attendance/punches";
import { getOrganisation } from "@/lib/db/queries/organisations";
import { punchStatus } from "@/lib/reports/punch-status";
import { CheckInFlow } from "./check-in-flow";

export const metadata = { title: "Check in" };

export default async function CheckInPage() {
  const { user, orgId } = await requirePageMember(MEMBERS, "/check-in");
  const [org, status] = await Promise.all([getOrganisation(orgId), punchStatus(orgId, user.id, new Date())]);
  // A scan records the direction by the day's state (lib/attendance/events.ts nextKind): in when out, else out.
  const next = status.state === "out" ? "in" : "out";
  return (
    <MemberShell name={user.name} orgName={org?.name} isAdmin={ADMINS.includes(user.role)}>
      <h1 className="text-2xl font-semibold tracking-tight">Check in</h1>
      <p className="mt-1 text-sm text-slate-600">Look at the camera and follow the two prompts. It takes a few seconds.</p>
      <p className="mt-4 rounded-lg bg-slate-100 px-3 py-2 text-sm text-slate-700" role="status" data-testid="punch-status">
        <span className="font-medium">{status.text}</span> · this scan will record: {punchLabels[next].toLowerCase()}
      </p>
      <div className="card mt-6">
        <CheckInFlow userId={user.id} enrolment={user.enrolment} />
      </div>
    </MemberShell>
  );
}
