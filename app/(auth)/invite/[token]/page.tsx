import Link from "next/link";
import { LINK_TOKEN_RE } from "@/lib/validations/auth";
import { findInvite, inviteProblemMessages } from "@/lib/db/queries/invites";
import { AcceptInviteForm } from "./accept-form";

export const metadata = { title: "Accept your invitation" };
export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const found = LINK_TOKEN_RE.test(token) ? await findInvite(token) : ({ ok: false, problem: "unknown" } as const);
  if (!found.ok)
    return (
      <>
        <h1 className="text-xl font-semibold">Invitation</h1>
        <p className="mt-3 text-sm text-slate-700" data-testid="invite-problem">
          {inviteProblemMessages[found.problem]}
        </p>
        <Link href="/sign-in" className="btn-secondary mt-6">
          Sign in
        </Link>
      </>
    );
  const { invite, orgName } = found.value;
  return (
    <>
      <h1 className="text-xl font-semibold">Join {orgName}</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600">
        Hello {invite.name}. Choose a password for <strong>{invite.email}</strong>. Next you will read the biometric consent and enrol your face on this laptop.
      </p>
      <AcceptInviteForm token={token} />
    </>
  );
}
