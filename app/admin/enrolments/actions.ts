"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/auth/action";
import { ADMINS } from "@/lib/auth/guard";
import { approveEnrolment, enrolCropKeys, refuseEnrolment } from "@/lib/db/queries/enrolment-review";
import { objectStore } from "@/lib/storage";

function refresh(userId: string) {
  revalidatePath("/admin/enrolments");
  revalidatePath("/admin/staff");
  revalidatePath(`/admin/staff/${userId}`);
}

/** Approves an enrolment waiting for review: the person can check in. The review captures are deleted. */
export const approveEnrolmentAction = action({ schema: z.object({ userId: z.uuid() }), roles: ADMINS, target: (i) => i }, async ({ userId }, { orgId, user }) => {
  await approveEnrolment(orgId, user.id, userId);
  await objectStore().delete(enrolCropKeys(orgId, userId)).catch(() => {});
  refresh(userId);
  return "Approved: they can check in now.";
});

/** Refuses an enrolment waiting for review: its templates and captures are deleted; the person enrols again. */
export const refuseEnrolmentAction = action(
  { schema: z.object({ userId: z.uuid(), reason: z.string().trim().min(3, "Say why (at least 3 characters)").max(300) }), roles: ADMINS, target: (i) => ({ userId: i.userId }) },
  async ({ userId, reason }, { orgId, user }) => {
    await refuseEnrolment(orgId, user.id, userId, reason);
    await objectStore().delete(enrolCropKeys(orgId, userId)).catch(() => {});
    refresh(userId);
    return "Refused: they will be asked to enrol again.";
  },
);
