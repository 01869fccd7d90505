import { MemberShell } from "@/app/_components/checkin/member-shell";
import { ADMINS, MEMBERS } from "@/lib/auth/guard";
import { requirePageMember } from "@/lib/auth/page";
import { getOrganisation } from "@/lib/db/queries/organisations";

export default async function MeLayout({ children }: { children: React.ReactNode }) {
  const { user, orgId } = await requirePageMember(MEMBERS, "/me");
  const org = await getOrganisation(orgId);
  return (
    <MemberShell name={user.name} orgName={org?.name} isAdmin={ADMINS.includes(user.role)} wide>
      {children}
    </MemberShell>
  );
}
