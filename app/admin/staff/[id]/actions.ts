"use server";

import { revalidatePath } from "next/cache";
import { zonedInstant, parseLocalTime } from "@/lib/attendance/local-time";
import { formAction } from "@/lib/auth/action";
import { ADMINS } from "@/lib/auth/guard";
import { addCorrectedEvent, editCorrectedEvent, voidEvent } from "@/lib/db/queries/corrections";
import { getOrganisation } from "@/lib/db/queries/organisations";
import { AppError } from "@/lib/errors";
import { addEventSchema, editEventSchema, voidEventSchema } from "@/lib/validations/corrections";

/** The instant of a local date and time in the organisation's timezone. */
async function instantIn(orgId: string, date: string, time: string): Promise<Date> {
  const org = await getOrganisation(orgId);
  if (!org) throw new AppError("not-found");
  try {
    return new Date(zonedInstant(date, parseLocalTime(time), org.timezone));
  } catch {
    throw new AppError("bad-input", undefined, { date: ["Not a calendar date"] });
  }
}

function refresh(userId: string | null | undefined) {
  revalidatePath("/admin");
  revalidatePath("/admin/reports");
  if (userId) revalidatePath(`/admin/staff/${userId}`);
}

export const addEventAction = formAction({ schema: addEventSchema, roles: ADMINS, target: (i) => ({ userId: i.userId }), notOwn: true }, async (input, { orgId, user }) => {
  const at = await instantIn(orgId, input.date, input.time);
  await addCorrectedEvent(orgId, user.id, { userId: input.userId, at, kind: input.kind, reason: input.reason });
  refresh(input.userId);
  return `Added a check-${input.kind} at ${input.time} on ${input.date}.`;
});

export const editEventAction = formAction({ schema: editEventSchema, roles: ADMINS, target: (i) => ({ eventId: i.eventId }), notOwn: true }, async (input, { orgId, user }) => {
  const at = await instantIn(orgId, input.date, input.time);
  const r = await editCorrectedEvent(orgId, user.id, { eventId: input.eventId, at, kind: input.kind, reason: input.reason });
  refresh(r.userId);
  return "Event corrected; the original is kept in the history.";
});

export const voidEventAction = formAction({ schema: voidEventSchema, roles: ADMINS, target: (i) => ({ eventId: i.eventId }), notOwn: true }, async (input, { orgId, user }) => {
  const r = await voidEvent(orgId, user.id, input);
  refresh(r.userId);
  return "Event voided; it stays in the history and no longer counts.";
});
