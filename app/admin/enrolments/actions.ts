"use server";

import { revalidatePath } from "next/cache";
import { messageAction } from "@/lib/auth/action";
import { ADMINS } from "@/lib/auth/guard";
import { approveEnrolment, enrolCropKeys, refuseEnrolment } from "@/lib/db/queries/enrolment-review";
import { objectStore } from "@/lib/storage";
import { userIdSchema } from "@/lib/validations/common";
import { refuseEnrolmentSchema } from "@/lib/validations/enrolment";

function refresh(userId: string) {
  revalidatePath("/admin/enrolments");
  revalidatePath("/admin/staff");
  revalidatePath(`/admin/staff/${userId}`);
}

/** Approves an enrolment waiting for review: the person can check in. The review captures are deleted. */
export const approveEnrolmentAction = messageAction({ schema: userIdSchema, roles: ADMINS, target: (i) => i }, async ({ userId }, { orgId, user }) => {
  await approveEnrolment(orgId, user.id, userId);
  await objectStore().delete(enrolCropKeys(orgId, userId)).catch(() => {});
  refresh(userId);
  return "Approved: they can check in now.";
});

/** Refuses an enrolment waiting for review: its templates and captures are deleted; the person enrols again. */
export const refuseEnrolmentAction = messageAction(
  { schema: refuseEnrolmentSchema, roles: ADMINS, target: (i) => ({ userId: i.userId }) },
  async ({ userId, reason }, { orgId, user }) => {
    await refuseEnrolment(orgId, user.id, userId, reason);
    await objectStore().delete(enrolCropKeys(orgId, userId)).catch(() => {});
    refresh(userId);
    return "Refused: they will be asked to enrol again.";
  },
);
