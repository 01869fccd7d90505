"use server";

import { revalidatePath } from "next/cache";
import { formAction } from "@/lib/auth/action";
import { ADMINS, assertMayManage } from "@/lib/auth/guard";
import { correctionRequestOwner, decideCorrectionRequest } from "@/lib/db/queries/correction-requests";
import { decideCorrectionRequestSchema } from "@/lib/validations/approvals";

export const decideCorrectionRequestAction = formAction({ schema: decideCorrectionRequestSchema, roles: ADMINS }, async (input, ctx) => {
  const { orgId, user } = ctx;
  // An owner's request changes an owner's attendance: only an owner decides it.
  const owner = await correctionRequestOwner(orgId, input.id);
  if (owner) await assertMayManage(ctx, { userId: owner });
  const r = await decideCorrectionRequest(orgId, user.id, input);
  revalidatePath("/admin", "layout");
  if (r.request.status === "refused") return "Refused.";
  return r.corrections === 0 ? "Approved: the day already matched the request." : `Approved: ${r.corrections === 1 ? "1 correction" : `${r.corrections} corrections`} made.`;
});
