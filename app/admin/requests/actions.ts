"use server";

import { revalidatePath } from "next/cache";
import { formAction } from "@/lib/auth/action";
import { ADMINS } from "@/lib/auth/guard";
import { decideCorrectionRequest } from "@/lib/db/queries/correction-requests";
import { decideCorrectionRequestSchema } from "@/lib/validations/approvals";

export const decideCorrectionRequestAction = formAction({ schema: decideCorrectionRequestSchema, roles: ADMINS }, async (input, { orgId, user }) => {
  const r = await decideCorrectionRequest(orgId, user.id, input);
  revalidatePath("/admin", "layout");
  if (r.request.status === "refused") return "Refused.";
  return r.corrections === 0 ? "Approved: the day already matched the request." : `Approved: ${r.corrections === 1 ? "1 correction" : `${r.corrections} corrections`} made.`;
});
