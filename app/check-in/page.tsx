import { MemberShell } from "@/app/_components/checkin/member-shell";
import { ADMINS, MEMBERS } from "@/lib/auth/guard";
import { requirePageMember } from "@/lib/auth/page";
import { getOrganisation } from "@/lib/db/queries/organisations";
import { CheckInFlow } from "./check-in-flow";

export const metadata = { title: "Check in" };

export default async function CheckInPage() {
  const { user, orgId } = await requirePageMember(MEMBERS, "/check-in");
  const org = await getOrganisation(orgId);
  return (
    <MemberShell name={user.name} orgName={org?.name} isAdmin={ADMINS.includes(user.role)}>
      <h1 className="text-2xl font-semibold tracking-tight">Check in</h1>
      <p className="mt-1 text-sm text-slate-600">Look at the camera and follow the two prompts. It takes a few seconds.</p>
      <div className="card mt-6">
        <CheckInFlow userId={user.id} enrolment={user.enrolment} />
      </div>
    </MemberShell>
  );
}
