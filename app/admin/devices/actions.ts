"use server";

import { revalidatePath } from "next/cache";
import { action, formAction, messageAction } from "@/lib/auth/action";
import { ADMINS } from "@/lib/auth/guard";
import { renameDevice } from "@/lib/db/queries/admin-devices";
import { approveDevice, registerKiosk, revokeDevice } from "@/lib/db/queries/devices";
import { deviceIdSchema } from "@/lib/validations/common";
import { registerDeviceSchema, renameDeviceSchema } from "@/lib/validations/devices";

export const approveDeviceAction = messageAction({ schema: deviceIdSchema, roles: ADMINS, target: (i) => i }, async ({ deviceId }, { user, orgId }) => {
  await approveDevice(orgId, user.id, deviceId);
  revalidatePath("/admin/devices");
  return "Device approved.";
});

export const revokeDeviceAction = messageAction({ schema: deviceIdSchema, roles: ADMINS, target: (i) => i }, async ({ deviceId }, { user, orgId }) => {
  await revokeDevice(orgId, user.id, deviceId);
  revalidatePath("/admin/devices");
  return "Device revoked.";
});

/** Run by an admin on the shared laptop itself: registers and approves its key as this organisation's kiosk. */
export const registerKioskAction = action(
  { schema: registerDeviceSchema, roles: ADMINS },
  async ({ name, publicKeyJwk }, { user, orgId }) => {
    const device = await registerKiosk({ orgId, adminId: user.id, name, jwk: publicKeyJwk });
    revalidatePath("/admin/devices");
    return { deviceId: device.id };
  },
);

export const renameDeviceAction = formAction({ schema: renameDeviceSchema, roles: ADMINS, target: (i) => ({ deviceId: i.deviceId }) }, async ({ deviceId, name }, { orgId, user }) => {
  const { changed } = await renameDevice(orgId, user.id, deviceId, name);
  revalidatePath("/admin/devices");
  return changed ? "Renamed." : "Nothing changed.";
});
