"use server";

import { formAction } from "@/lib/auth/action";
import { signIn } from "@/lib/auth";
import { hashPassword } from "@/lib/auth/password";
import { hashInviteToken } from "@/lib/checkin/invite-token";
import { requestMeta } from "@/lib/checkin/server/request-meta";
import { acceptInvite } from "@/lib/db/queries/invites";
import { hitRateLimits } from "@/lib/db/queries/rate-limits";
import { AppError } from "@/lib/errors";
import { newPasswordSchema } from "@/lib/validations/auth";

/** Accepts an invite: sets the password, creates the member, signs them in and continues to /enrol. */
export const acceptInviteAction = formAction(
  { schema: newPasswordSchema, roles: "public", shape: { secret: ["password", "confirm"] } },
  async (input) => {
    const meta = await requestMeta();
    // Per address and per link (its hash: the token itself is never stored).
    const hits = [{ name: "inviteToken" as const, subject: hashInviteToken(input.token) }, ...(meta.ip ? [{ name: "inviteIp" as const, subject: meta.ip }] : [])];
    if (!(await hitRateLimits(null, hits)).allowed) throw new AppError("rate-limited");
    const { user, orgSlug } = await acceptInvite(input.token, await hashPassword(input.password), meta.ip);
    await signIn("credentials", { email: user.email, password: input.password, organisation: orgSlug, redirectTo: "/enrol" });
  },
);
