"use server";

import { revalidatePath } from "next/cache";
import { formAction } from "@/lib/auth/action";
import { ADMINS, assertMayManage } from "@/lib/auth/guard";
import { correctionRequestOwner, decideCorrectionRequest } from "@/lib/db/queries/correction-requests";
import { decideCorrectionRequestSchema } from "@/lib/validations/approvals";

export const decideCorrectionRequestAction = formAction({ schema: decideCorrectionRequestSchema, roles: ADMINS }, async (input, ctx) => {
  const { orgId, user } = ctx;
  // Nobody decides their own request; an owner's request changes an owner's attendance: only another owner decides it.
  const person = await correctionRequestOwner(orgId, input.id);
  if (person) await assertMayManage(ctx, { userId: person }, { notOwn: true });
  const r = await decideCorrectionRequest(orgId, user.id, input);
  revalidatePath("/admin", "layout");
  if (r.request.status === "refused") return "Refused.";
  return r.corrections === 0 ? "Approved: the day already matched the request." : `Approved: ${r.corrections === 1 ? "1 correction" : `${r.corrections} corrections`} made.`;
});
