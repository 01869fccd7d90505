"use server";

import { AuthError } from "next-auth";
import { z } from "zod";
import { formAction } from "@/lib/auth/action";
import { AppError, limitMessages } from "@/lib/errors";
import { signIn, signOut } from "@/lib/auth";
import { MEMBERS } from "@/lib/auth/guard";
import { hashPassword } from "@/lib/auth/password";
import { requestMeta } from "@/lib/checkin/server/request-meta";
import { createOrganisationWithOwner } from "@/lib/db/queries/organisations";
import { hitRateLimits } from "@/lib/db/queries/rate-limits";
import { signInSchema, signUpSchema } from "@/lib/validations/auth";

export const signUpAction = formAction(
  { schema: signUpSchema, roles: "public", shape: { secret: ["password"] } },
  async (input) => {
    const { ip } = await requestMeta();
    if (ip && !(await hitRateLimits(null, [{ name: "signUpIp", subject: ip }])).allowed) throw new AppError("rate-limited", limitMessages.signUpIp);
    await createOrganisationWithOwner({
      organisationName: input.organisationName,
      slug: input.slug,
      ownerName: input.name,
      email: input.email,
      passwordHash: await hashPassword(input.password),
    });
    await signIn("credentials", { email: input.email, password: input.password, organisation: input.slug, redirectTo: "/admin" });
  },
);

const signInForm = signInSchema.extend({ callbackUrl: z.string().max(500).optional() });

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
  { schema: signInForm, roles: "public", shape: { secret: ["password"] } },
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

export const signOutAction = formAction({ schema: z.object({}), roles: MEMBERS }, async () => {
  await signOut({ redirectTo: "/sign-in" });
});
