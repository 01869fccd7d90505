"use server";

import { revalidatePath } from "next/cache";
import { formAction } from "@/lib/auth/action";
import { MEMBERS } from "@/lib/auth/guard";
import { createCorrectionRequest } from "@/lib/db/queries/correction-requests";
import { addLeave } from "@/lib/db/queries/leave";
import { setEmailReminders } from "@/lib/db/queries/notifications";
import { emailRemindersSchema } from "@/lib/validations/notifications";
import { AppError } from "@/lib/errors";
import { calendarOf, loadOrg } from "@/lib/reports/org-report";
import { correctionRequestSchema } from "@/lib/validations/approvals";
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
/**
 * The signed-in person asks for a correction of one of their own days. A `userId` other than their own (another
 * person's day, another organisation's id) is a field error; nothing is written then.
 */
export const requestCorrectionAction = formAction({ schema: correctionRequestSchema, roles: MEMBERS }, async (input, { orgId, user }) => {
  if (input.userId && input.userId !== user.id) throw new AppError("forbidden", "You can only ask about your own days.", { userId: ["You can only ask about your own days"] });
  const org = await loadOrg(orgId);
  await createCorrectionRequest(orgId, user.id, { date: input.date, checkIn: input.checkIn, checkOut: input.checkOut, reason: input.reason }, calendarOf(org).today(new Date()));
  revalidatePath("/me");
  return "Correction requested: an admin will approve or refuse it.";
});
