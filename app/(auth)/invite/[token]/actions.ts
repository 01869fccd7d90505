"use server";

import { z } from "zod";
import { formAction } from "@/lib/auth/action";
import { signIn } from "@/lib/auth";
import { hashPassword } from "@/lib/auth/password";
import { hashInviteToken, INVITE_TOKEN_RE } from "@/lib/checkin/invite-token";
import { requestMeta } from "@/lib/checkin/server/request-meta";
import { acceptInvite } from "@/lib/db/queries/invites";
import { hitRateLimits } from "@/lib/db/queries/rate-limits";
import { AppError } from "@/lib/errors";
import { passwordSchema } from "@/lib/validations/auth";

const acceptSchema = z
  .object({ token: z.string().regex(INVITE_TOKEN_RE, "This link is not valid."), password: passwordSchema, confirm: z.string().max(200) })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The passwords do not match" });

/** Accepts an invite: sets the password, creates the member, signs them in and continues to /enrol. */
export const acceptInviteAction = formAction(
  { schema: acceptSchema, roles: "public", shape: { secret: ["password", "confirm"] } },
  async (input) => {
    const meta = await requestMeta();
    // Per address and per link (its hash: the token itself is never stored).
    const hits = [{ name: "inviteToken" as const, subject: hashInviteToken(input.token) }, ...(meta.ip ? [{ name: "inviteIp" as const, subject: meta.ip }] : [])];
    if (!(await hitRateLimits(null, hits)).allowed) throw new AppError("rate-limited");
    const { user, orgSlug } = await acceptInvite(input.token, await hashPassword(input.password), meta.ip);
    await signIn("credentials", { email: user.email, password: input.password, organisation: orgSlug, redirectTo: "/enrol" });
  },
);
