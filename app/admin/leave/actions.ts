"use server";

import { revalidatePath } from "next/cache";
import { formAction, messageAction } from "@/lib/auth/action";
import { ADMINS, assertMayManage } from "@/lib/auth/guard";
import { addLeave, createHoliday, createLeaveType, decideLeave, deleteHoliday, leaveRequestOwner } from "@/lib/db/queries/leave";
import { decideLeaveSchema, deleteHolidaySchema, holidaySchema, leaveTypeSchema, recordLeaveSchema } from "@/lib/validations/leave";

export const createHolidayAction = formAction({ schema: holidaySchema, roles: ADMINS }, async (input, { orgId, user }) => {
  await createHoliday(orgId, user.id, input);
  revalidatePath("/admin", "layout");
  return `${input.date} is now a holiday.`;
});

export const deleteHolidayAction = messageAction({ schema: deleteHolidaySchema, roles: ADMINS }, async ({ date }, { orgId, user }) => {
  await deleteHoliday(orgId, user.id, date);
  revalidatePath("/admin", "layout");
  return "Removed.";
});

export const createLeaveTypeAction = formAction({ schema: leaveTypeSchema, roles: ADMINS }, async (input, { orgId, user }) => {
  await createLeaveType(orgId, user.id, input);
  revalidatePath("/admin/leave");
  return `Leave type "${input.name}" added.`;
});

export const recordLeaveAction = formAction({ schema: recordLeaveSchema, roles: ADMINS, target: (i) => ({ userId: i.userId }), notOwn: true }, async (input, { orgId, user }) => {
  await addLeave(orgId, user.id, input, "record");
  revalidatePath("/admin", "layout");
  return "Leave recorded (approved).";
});

export const decideLeaveAction = formAction({ schema: decideLeaveSchema, roles: ADMINS }, async (input, ctx) => {
  const { orgId, user } = ctx;
  // Nobody decides their own leave; an owner's, only another owner.
  const person = await leaveRequestOwner(orgId, input.id);
  if (person) await assertMayManage(ctx, { userId: person }, { notOwn: true });
  const r = await decideLeave(orgId, user.id, input);
  revalidatePath("/admin", "layout");
  return r.status === "approved" ? "Approved." : "Refused.";
});
