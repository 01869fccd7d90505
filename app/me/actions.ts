"use server";

import { revalidatePath } from "next/cache";
import { formAction } from "@/lib/auth/action";
import { MEMBERS } from "@/lib/auth/guard";
import { addLeave } from "@/lib/db/queries/leave";
import { leaveRequestSchema } from "@/lib/validations/leave";

/** The signed-in person asks for leave for themselves (never anyone else: the person is the session's). */
export const requestLeaveAction = formAction({ schema: leaveRequestSchema, roles: MEMBERS }, async (input, { orgId, user }) => {
  await addLeave(orgId, user.id, { ...input, userId: user.id }, "request");
  revalidatePath("/me");
  return "Leave requested: an admin will approve or refuse it.";
});
