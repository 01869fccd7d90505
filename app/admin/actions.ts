"use server";

import { revalidatePath } from "next/cache";
import { messageAction } from "@/lib/auth/action";
import { ADMINS } from "@/lib/auth/guard";
import { markAllReviewed, markEventReviewed } from "@/lib/db/queries/admin-dashboard";
import { noInputSchema } from "@/lib/validations/common";
import { reviewEventSchema } from "@/lib/validations/corrections";

/** Dashboard: a rejected or flagged attempt has been looked at. */
export const markReviewedAction = messageAction({ schema: reviewEventSchema, roles: ADMINS, target: (i) => ({ eventId: i.eventId }) }, async ({ eventId }, { orgId, user }) => {
  await markEventReviewed(orgId, user.id, eventId);
  revalidatePath("/admin");
  return "Marked as reviewed.";
});

/** Dashboard: every waiting attempt has been looked at. */
export const markAllReviewedAction = messageAction({ schema: noInputSchema, roles: ADMINS }, async (_input, { orgId, user }) => {
  const n = await markAllReviewed(orgId, user.id, { exceptOwners: user.role !== "owner" });
  revalidatePath("/admin");
  return n === 1 ? "1 attempt marked as reviewed." : `${n} attempts marked as reviewed.`;
});
