"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/auth/action";
import { ADMINS } from "@/lib/auth/guard";
import { markEventReviewed } from "@/lib/db/queries/admin-dashboard";
import { reviewEventSchema } from "@/lib/validations/corrections";

/** Dashboard: a rejected or flagged attempt has been looked at. */
export const markReviewedAction = action({ schema: reviewEventSchema, roles: ADMINS }, async ({ eventId }, { orgId, user }) => {
  await markEventReviewed(orgId, user.id, eventId);
  revalidatePath("/admin");
  return "Marked as reviewed.";
});
