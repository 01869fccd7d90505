"use server";

import { revalidatePath } from "next/cache";
import { formAction } from "@/lib/auth/action";
import { ADMINS } from "@/lib/auth/guard";
import { setEmployeeNumber } from "@/lib/db/queries/employee-numbers";
import { employeeNumberSchema } from "@/lib/validations/staff";

export const setEmployeeNumberAction = formAction({ schema: employeeNumberSchema, roles: ADMINS }, async (input, { orgId, user }) => {
  const { changed } = await setEmployeeNumber(orgId, user.id, input.userId, input.employeeNumber);
  revalidatePath(`/admin/staff/${input.userId}`);
  return changed ? "Employee number saved." : "Nothing changed.";
});
