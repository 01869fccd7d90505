"use server";

import { AuthError } from "next-auth";
import { formAction } from "@/lib/auth/action";
import { AppError, limitMessages } from "@/lib/errors";
import { signIn, signOut } from "@/lib/auth";
import { MEMBERS } from "@/lib/auth/guard";
import { hashPassword } from "@/lib/auth/password";
import { requestMeta, secretLinkOrigin } from "@/lib/checkin/server/request-meta";
import { db } from "@/lib/db/client";
import { createAuthToken } from "@/lib/db/queries/auth-tokens";
import type { User } from "@/lib/db/schema";
import { sendMail } from "@/lib/mail";
import { createOrganisationWithOwner } from "@/lib/db/queries/organisations";
import { hitRateLimits } from "@/lib/db/queries/rate-limits";
import { signInFormSchema, signUpSchema } from "@/lib/validations/auth";
import { noInputSchema } from "@/lib/validations/common";

export const signUpAction = formAction(
  { schema: signUpSchema, roles: "public", shape: { secret: ["password"] } },
  async (input) => {
    const { ip } = await requestMeta();
    if (ip && !(await hitRateLimits(null, [{ name: "signUpIp", subject: ip }])).allowed) throw new AppError("rate-limited", limitMessages.signUpIp);
    const { owner } = await createOrganisationWithOwner({
      organisationName: input.organisationName,
      slug: input.slug,
      timezone: input.timezone,
      locale: input.locale,
      ownerName: input.name,
      email: input.email,
      passwordHash: await hashPassword(input.password),
    });
    await mailEmailVerification(owner, input.organisationName);
    await signIn("credentials", { email: input.email, password: input.password, organisation: input.slug, redirectTo: "/admin" });
  },
);

/** Mails a new owner the link that confirms their address (a failed mail is logged: the link can be sent again). */
async function mailEmailVerification(owner: User, organisationName: string) {
  try {
    const { token } = await createAuthToken(await db(), owner, "email-verify");
    await sendMail({
      to: owner.email,
      subject: "Confirm your e-mail address for Clockface",
      text: [
        `Welcome to Clockface, ${owner.name}.`,
        ``,
        `Confirm that ${owner.email} is yours, the owner address of ${organisationName} (needed to reset your password):`,
        ``,
        `${await secretLinkOrigin()}/verify-email/${token}`,
        ``,
        `The link works once, for one day.`,
      ].join("\n"),
    });
  } catch (e) {
    console.error("verification mail failed:", e instanceof Error ? e.message : "unknown error");
  }
}

function safeCallback(url: string | undefined): string {
  if (!url) return "/go";
  try {
    // Only ever redirect within this site: keep the path and query of whatever was given.
    const u = new URL(url, "http://local");
    return u.pathname.startsWith("/") && !u.pathname.startsWith("//") ? u.pathname + u.search : "/go";
  } catch {
    return "/go";
  }
}

export const signInAction = formAction(
  { schema: signInFormSchema, roles: "public", shape: { secret: ["password"] } },
  async (input) => {
    try {
      await signIn("credentials", {
        email: input.email,
        password: input.password,
        organisation: input.organisation ?? "",
        redirectTo: safeCallback(input.callbackUrl),
      });
    } catch (e) {
      if (!(e instanceof AuthError)) throw e; // the success path throws a redirect
      const code = (e as AuthError & { code?: string }).code;
      if (code === "locked") throw new AppError("rate-limited", limitMessages.accountLocked);
      if (code === "rate-limited") throw new AppError("rate-limited", limitMessages.signInIp);
      if (code === "choose-organisation")
        throw new AppError("bad-input", "This email belongs to several organisations: enter the organisation's address too.", {
          organisation: ["Which organisation?"],
        });
      throw new AppError("unauthenticated", "Wrong email or password.");
    }
  },
);

export const signOutAction = formAction({ schema: noInputSchema, roles: MEMBERS }, async () => {
  await signOut({ redirectTo: "/sign-in" });
});
