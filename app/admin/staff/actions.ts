"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/auth/action";
import { ADMINS } from "@/lib/auth/guard";
import { changeMemberRole, setMemberStatus } from "@/lib/db/queries/admin-staff";
import { changeRoleSchema, setMemberStatusSchema } from "@/lib/validations/staff";

export const setMemberStatusAction = action({ schema: setMemberStatusSchema, roles: ADMINS }, async ({ userId, status }, { orgId, user }) => {
  const { changed } = await setMemberStatus(orgId, user, userId, status);
  revalidatePath("/admin/staff");
  revalidatePath(`/admin/staff/${userId}`);
  if (!changed) return "Nothing changed.";
  return status === "deactivated" ? "Deactivated: they can no longer sign in or check in." : "Reactivated.";
});

export const changeRoleAction = action({ schema: changeRoleSchema, roles: ADMINS }, async ({ userId, role }, { orgId, user }) => {
  const { changed } = await changeMemberRole(orgId, user, userId, role);
  revalidatePath("/admin/staff");
  revalidatePath(`/admin/staff/${userId}`);
  return changed ? `Role changed to ${role}.` : "Nothing changed.";
});
