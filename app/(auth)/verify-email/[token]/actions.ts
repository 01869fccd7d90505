"use server";

import { formAction } from "@/lib/auth/action";
import { verifyEmailWithToken } from "@/lib/db/queries/auth-tokens";
import { verifyEmailSchema } from "@/lib/validations/auth";

/** Confirms an owner's e-mail address with the link mailed at sign-up (single use, one day). */
export const verifyEmailAction = formAction(
  { schema: verifyEmailSchema, roles: "public" },
  async ({ token }) => {
    const { user } = await verifyEmailWithToken(token);
    return `Thank you: ${user.email} is confirmed.`;
  },
);
