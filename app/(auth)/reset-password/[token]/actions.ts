"use server";

import { redirect } from "next/navigation";
import { formAction } from "@/lib/auth/action";
import { hashPassword } from "@/lib/auth/password";
import { hashInviteToken } from "@/lib/checkin/invite-token";
import { requestMeta } from "@/lib/checkin/server/request-meta";
import { resetPasswordWithToken } from "@/lib/db/queries/auth-tokens";
import { hitRateLimits } from "@/lib/db/queries/rate-limits";
import { clearSignInFailures } from "@/lib/db/queries/sign-in-limits";
import { AppError, limitMessages } from "@/lib/errors";
import { newPasswordSchema } from "@/lib/validations/auth";

/** Sets a new password with a reset link, lifts a sign-in lockout of the account, then asks to sign in. */
export const resetPasswordAction = formAction(
  { schema: newPasswordSchema, roles: "public", shape: { secret: ["password", "confirm", "token"] } },
  async ({ token, password }) => {
    const meta = await requestMeta();
    const hits = [{ name: "resetToken" as const, subject: hashInviteToken(token) }, ...(meta.ip ? [{ name: "resetIp" as const, subject: meta.ip }] : [])];
    if (!(await hitRateLimits(null, hits)).allowed) throw new AppError("rate-limited", limitMessages.reset);
    const { user } = await resetPasswordWithToken(token, await hashPassword(password), meta);
    await clearSignInFailures(user.email);
    redirect("/sign-in?reset=1");
  },
);
