"use server";

import { z } from "zod";
import { formAction } from "@/lib/auth/action";
import { verifyEmailWithToken } from "@/lib/db/queries/auth-tokens";

/** Confirms an owner's e-mail address with the link mailed at sign-up (single use, one day). */
export const verifyEmailAction = formAction(
  { schema: z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This link is not valid.") }), roles: "public" },
  async ({ token }) => {
    const { user } = await verifyEmailWithToken(token);
    return `Thank you: ${user.email} is confirmed.`;
  },
);
