"use server";

import { revalidatePath } from "next/cache";
import { action, formAction } from "@/lib/auth/action";
import { ADMINS } from "@/lib/auth/guard";
import { approveDevice, renameDevice, revokeDevice } from "@/lib/db/queries/admin-devices";
import { deviceIdSchema, renameDeviceSchema } from "@/lib/validations/devices";

export const renameDeviceAction = formAction({ schema: renameDeviceSchema, roles: ADMINS }, async ({ deviceId, name }, { orgId, user }) => {
  const { changed } = await renameDevice(orgId, user.id, deviceId, name);
  revalidatePath("/admin/devices");
  return changed ? "Renamed." : "Nothing changed.";
});

export const approveDeviceAction = action({ schema: deviceIdSchema, roles: ADMINS }, async ({ deviceId }, { orgId, user }) => {
  await approveDevice(orgId, user.id, deviceId);
  revalidatePath("/admin/devices");
  return "Device approved.";
});

export const revokeDeviceAction = action({ schema: deviceIdSchema, roles: ADMINS }, async ({ deviceId }, { orgId, user }) => {
  await revokeDevice(orgId, user.id, deviceId);
  revalidatePath("/admin/devices");
  return "Device revoked: it can no longer check anyone in.";
});
