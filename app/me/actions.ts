"use server";

import { revalidatePath } from "next/cache";
import { formAction } from "@/lib/auth/action";
import { MEMBERS } from "@/lib/auth/guard";
import { addLeave } from "@/lib/db/queries/leave";
import { setEmailReminders } from "@/lib/db/queries/notifications";
import { emailRemindersSchema } from "@/lib/validations/notifications";
import { leaveRequestSchema } from "@/lib/validations/leave";

/** The signed-in person asks for leave for themselves (never anyone else: the person is the session's). */
export const requestLeaveAction = formAction({ schema: leaveRequestSchema, roles: MEMBERS }, async (input, { orgId, user }) => {
  await addLeave(orgId, user.id, { ...input, userId: user.id }, "request");
  revalidatePath("/me");
  return "Leave requested: an admin will approve or refuse it.";
});

/** The signed-in person turns their own e-mails (reminders, leave decisions, the admins' digest) on or off. */
export const setEmailRemindersAction = formAction(
  { schema: emailRemindersSchema, roles: MEMBERS, shape: { booleans: ["emailReminders"] } },
  async ({ emailReminders }, { orgId, user }) => {
    await setEmailReminders(orgId, user.id, emailReminders);
    revalidatePath("/me");
    return emailReminders ? "E-mail reminders are on." : "E-mail reminders are off.";
  },
);
