"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action, formAction } from "@/lib/auth/action";
import { ADMINS } from "@/lib/auth/guard";
import { publicJwkSchema } from "@/lib/checkin/signature";
import { renameDevice } from "@/lib/db/queries/admin-devices";
import { approveDevice, registerKiosk, revokeDevice } from "@/lib/db/queries/devices";
import { renameDeviceSchema } from "@/lib/validations/devices";

export const approveDeviceAction = action({ schema: z.object({ deviceId: z.uuid() }), roles: ADMINS, target: (i) => i }, async ({ deviceId }, { user, orgId }) => {
  await approveDevice(orgId, user.id, deviceId);
  revalidatePath("/admin/devices");
  return { approved: true };
});

export const revokeDeviceAction = action({ schema: z.object({ deviceId: z.uuid() }), roles: ADMINS, target: (i) => i }, async ({ deviceId }, { user, orgId }) => {
  await revokeDevice(orgId, user.id, deviceId);
  revalidatePath("/admin/devices");
  return { revoked: true };
});

/** Run by an admin on the shared laptop itself: registers and approves its key as this organisation's kiosk. */
export const registerKioskAction = action(
  { schema: z.object({ name: z.string().trim().min(1).max(80), publicKeyJwk: publicJwkSchema }), roles: ADMINS },
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
