"use server";

import { formAction } from "@/lib/auth/action";
import { requestMeta, secretLinkOrigin } from "@/lib/checkin/server/request-meta";
import { db } from "@/lib/db/client";
import { activeAccountsByEmail, createAuthToken } from "@/lib/db/queries/auth-tokens";
import { hitRateLimits } from "@/lib/db/queries/rate-limits";
import { AppError, limitMessages } from "@/lib/errors";
import { sendMail } from "@/lib/mail";
import { RESET_REQUESTED, resetRequestSchema } from "@/lib/validations/auth";

/**
 * "Forgot password?": mails a single-use, one-hour reset link to each active account with the address. The answer
 * is the same whether or not an account exists. Limited per address and per e-mail.
 */
export const requestPasswordResetAction = formAction({ schema: resetRequestSchema, roles: "public" }, async ({ email }) => {
  const { ip } = await requestMeta();
  const hits = [{ name: "resetEmail" as const, subject: email }, ...(ip ? [{ name: "resetIp" as const, subject: ip }] : [])];
  if (!(await hitRateLimits(null, hits)).allowed) throw new AppError("rate-limited", limitMessages.reset);
  const accounts = await activeAccountsByEmail(email);
  if (accounts.length === 0) return RESET_REQUESTED;
  const origin = await secretLinkOrigin();
  const d = await db();
  const links: string[] = [];
  for (const a of accounts) {
    const { token } = await createAuthToken(d, a.user, "password-reset");
    links.push(`${a.orgName}: ${origin}/reset-password/${token}`);
  }
  await sendMail({
    to: email,
    subject: "Choose a new Clockface password",
    text: [
      `Someone (hopefully you) asked to reset the Clockface password for ${email}.`,
      `Open the link to choose a new password. It works once and expires in one hour:`,
      ``,
      ...links,
      ``,
      `If you did not ask for this, ignore this mail: your password stays as it is.`,
    ].join("\n"),
  });
  return RESET_REQUESTED;
});
