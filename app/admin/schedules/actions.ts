"use server";

import { revalidatePath } from "next/cache";
import { formAction, messageAction } from "@/lib/auth/action";
import { ADMINS } from "@/lib/auth/guard";
import { createAssignment, createShiftTemplate, deleteAssignment, deleteShiftTemplate } from "@/lib/db/queries/schedules";
import { assignmentSchema, deleteByIdSchema, shiftTemplateSchema } from "@/lib/validations/schedules";

const PATH = "/admin/schedules";

export const createShiftTemplateAction = formAction(
  { schema: shiftTemplateSchema, roles: ADMINS, shape: { booleans: ["overnight"] } },
  async (input, { orgId, user }) => {
    const t = await createShiftTemplate(orgId, user.id, input);
    revalidatePath("/admin", "layout");
    return `Shift "${t.name}" added.`;
  },
);

export const deleteShiftTemplateAction = messageAction({ schema: deleteByIdSchema, roles: ADMINS }, async ({ id }, { orgId, user }) => {
  await deleteShiftTemplate(orgId, user.id, id);
  revalidatePath(PATH);
  return "Deleted.";
});

export const createAssignmentAction = formAction(
  { schema: assignmentSchema, roles: ADMINS, shape: { arrays: ["weekdays"] }, target: (i) => ({ userId: i.userId }) },
  async (input, { orgId, user }) => {
    await createAssignment(orgId, user.id, input);
    revalidatePath("/admin", "layout");
    return "Added to the rota.";
  },
);

export const deleteAssignmentAction = messageAction({ schema: deleteByIdSchema, roles: ADMINS }, async ({ id }, { orgId, user }) => {
  await deleteAssignment(orgId, user.id, id);
  revalidatePath("/admin", "layout");
  return "Removed.";
});
