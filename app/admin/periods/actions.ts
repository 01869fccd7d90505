"use server";

import { revalidatePath } from "next/cache";
import { isPayPeriod, payPeriodOf, periodLabel } from "@/lib/attendance/approval";
import { formAction } from "@/lib/auth/action";
import { ADMINS, everyoneBut, type MemberContext } from "@/lib/auth/guard";
import { approvePeriod, unlockPeriod } from "@/lib/db/queries/approvals";
import { settingsOf } from "@/lib/db/queries/organisations";
import { personBehind } from "@/lib/db/queries/people";
import { AppError } from "@/lib/errors";
import { calendarOf, loadOrg } from "@/lib/reports/org-report";
import { approvePeriodSchema, unlockPeriodSchema } from "@/lib/validations/approvals";

/** A named person must be of the caller's organisation (a field error otherwise, before anything else). */
async function assertPerson(orgId: string, userId: string | null) {
  if (userId && !(await personBehind(orgId, { userId })))
    throw new AppError("bad-input", "Please correct the highlighted fields.", { userId: ["No such person in this organisation"] });
}

/** The organisation's pay period starting `from` (week or month, by its setting) and its locale; a date that starts none is a field error. */
async function periodStarting(orgId: string, from: string) {
  const org = await loadOrg(orgId);
  const kind = settingsOf(org).payPeriod;
  const period = payPeriodOf(from, kind);
  if (!isPayPeriod(from, period.to, kind)) throw new AppError("bad-input", "Please correct the highlighted fields.", { from: [`Not the start of a ${kind}`] });
  if (from > calendarOf(org).today(new Date())) throw new AppError("bad-input", "Please correct the highlighted fields.", { from: ["That period has not begun yet"] });
  return { period, locale: org.locale };
}

/** Whom "everyone" left out, in words (guard.everyoneBut): the actor, and for an admin the owners. */
const leftOutNote = (ctx: MemberContext) => (ctx.user.role === "owner" ? "your own is left to another owner" : "your own and the owners' are left to someone else");

// A named person: the owner rule and the own-record rule (the wrapper's target). Everyone: those two rules leave the
// actor (and, for an admin, the owners) out.
const person = (i: { userId: string | null }) => (i.userId ? { userId: i.userId } : null);

export const approvePeriodAction = formAction({ schema: approvePeriodSchema, roles: ADMINS, target: person, notOwn: true }, async (input, ctx) => {
  const { orgId, user } = ctx;
  await assertPerson(orgId, input.userId);
  const { period, locale } = await periodStarting(orgId, input.from);
  const { approved, leftOut } = await approvePeriod(orgId, user.id, { period, userId: input.userId, but: await everyoneBut(ctx) });
  revalidatePath("/admin", "layout");
  const note = leftOut > 0 ? ` (${leftOutNote(ctx)})` : "";
  return approved === 0 ? `${periodLabel(period, locale)} was approved already${note}.` : `${periodLabel(period, locale)} approved for ${approved === 1 ? "1 person" : `${approved} people`}${note}.`;
});

export const unlockPeriodAction = formAction({ schema: unlockPeriodSchema, roles: ADMINS, target: person, notOwn: true }, async (input, ctx) => {
  const { orgId, user } = ctx;
  await assertPerson(orgId, input.userId);
  const { period, locale } = await periodStarting(orgId, input.from);
  const { unlocked } = await unlockPeriod(orgId, user.id, { from: period.from, userId: input.userId, reason: input.reason, but: await everyoneBut(ctx) });
  revalidatePath("/admin", "layout");
  return `${periodLabel(period, locale)} unlocked for ${unlocked === 1 ? "1 person" : `${unlocked} people`}: it can change again until it is approved again.`;
});
