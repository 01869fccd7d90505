"use server";

import { revalidatePath } from "next/cache";
import { isPayPeriod, payPeriodOf, periodLabel } from "@/lib/attendance/approval";
import { formAction } from "@/lib/auth/action";
import { ADMINS } from "@/lib/auth/guard";
import { approvePeriod, unlockPeriod } from "@/lib/db/queries/approvals";
import { settingsOf } from "@/lib/db/queries/organisations";
import { roleOfPersonBehind } from "@/lib/db/queries/people";
import { AppError } from "@/lib/errors";
import { calendarOf, loadOrg } from "@/lib/reports/org-report";
import { approvePeriodSchema, unlockPeriodSchema } from "@/lib/validations/approvals";

/** A named person must be of the caller's organisation (a field error otherwise, before anything else). */
async function assertPerson(orgId: string, userId: string | null) {
  if (userId && !(await roleOfPersonBehind(orgId, { userId })))
    throw new AppError("bad-input", "Please correct the highlighted fields.", { userId: ["No such person in this organisation"] });
}

/** The organisation's pay period starting `from` (week or month, by its setting); a date that starts none is a field error. */
async function periodStarting(orgId: string, from: string) {
  const org = await loadOrg(orgId);
  const kind = settingsOf(org).payPeriod;
  const period = payPeriodOf(from, kind);
  if (!isPayPeriod(from, period.to, kind)) throw new AppError("bad-input", "Please correct the highlighted fields.", { from: [`Not the start of a ${kind}`] });
  if (from > calendarOf(org).today(new Date())) throw new AppError("bad-input", "Please correct the highlighted fields.", { from: ["That period has not begun yet"] });
  return period;
}

export const approvePeriodAction = formAction({ schema: approvePeriodSchema, roles: ADMINS }, async (input, { orgId, user }) => {
  await assertPerson(orgId, input.userId);
  const period = await periodStarting(orgId, input.from);
  const { approved } = await approvePeriod(orgId, user.id, { period, userId: input.userId });
  revalidatePath("/admin", "layout");
  return approved === 0 ? `${periodLabel(period)} was approved already.` : `${periodLabel(period)} approved for ${approved === 1 ? "1 person" : `${approved} people`}.`;
});

export const unlockPeriodAction = formAction({ schema: unlockPeriodSchema, roles: ADMINS }, async (input, { orgId, user }) => {
  await assertPerson(orgId, input.userId);
  const period = await periodStarting(orgId, input.from);
  const { unlocked } = await unlockPeriod(orgId, user.id, { from: period.from, userId: input.userId, reason: input.reason });
  revalidatePath("/admin", "layout");
  return `${periodLabel(period)} unlocked for ${unlocked === 1 ? "1 person" : `${unlocked} people`}: it can change again until it is approved again.`;
});
