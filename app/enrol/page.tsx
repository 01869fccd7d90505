import { MemberShell } from "@/app/_components/checkin/member-shell";
import { ADMINS, MEMBERS } from "@/lib/auth/guard";
import { requirePageMember } from "@/lib/auth/page";
import { CONSENT_PARAGRAPHS, CONSENT_TITLE, CONSENT_VERSION } from "@/lib/checkin/consent";
import { remainingPoses } from "@/lib/checkin/server/enrol";
import { currentConsent } from "@/lib/db/queries/consents";
import { getOrganisation } from "@/lib/db/queries/organisations";
import { EnrolFlow } from "./enrol-flow";

export const metadata = { title: "Enrol your face" };

export default async function EnrolPage() {
  const { user, orgId } = await requirePageMember(MEMBERS, "/enrol");
  const [org, consent] = await Promise.all([getOrganisation(orgId), currentConsent(orgId, user.id)]);
  const remaining = user.enrolment === "none" ? await remainingPoses(orgId, user.id) : [];
  return (
    <MemberShell name={user.name} orgName={org?.name} isAdmin={ADMINS.includes(user.role)}>
      <h1 className="text-2xl font-semibold tracking-tight">Enrol your face</h1>
      <p className="mt-1 text-sm text-slate-600">Three short captures on this laptop. Afterwards you check in by looking at the camera.</p>
      <EnrolFlow
        userId={user.id}
        enrolment={user.enrolment}
        consented={consent?.textVersion === CONSENT_VERSION}
        remaining={remaining}
        consent={{ version: CONSENT_VERSION, title: CONSENT_TITLE, paragraphs: [...CONSENT_PARAGRAPHS] }}
      />
    </MemberShell>
  );
}
