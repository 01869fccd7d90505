// Device management by admins beyond what lib/db/queries/devices.ts (check-in) provides: renaming (audited in the
// same transaction). Listing, approval, revocation and kiosk registration live in devices.ts.
import "server-only";
import { and, eq } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { db } from "../client";
import { devices } from "../schema";
import { writeAudit } from "./audit";

export async function renameDevice(orgId: string, actorId: string, deviceId: string, name: string): Promise<{ changed: boolean }> {
  const d = await db();
  return d.transaction(async (tx) => {
    const [dev] = await tx.select().from(devices).where(and(eq(devices.orgId, orgId), eq(devices.id, deviceId))).for("update").limit(1);
    if (!dev) throw new AppError("not-found", "That device does not exist.");
    if (dev.revokedAt) throw new AppError("conflict", "A revoked device cannot be renamed.");
    if (dev.name === name) return { changed: false };
    await tx.update(devices).set({ name }).where(and(eq(devices.orgId, orgId), eq(devices.id, deviceId)));
    await writeAudit(tx, { orgId, actorId, action: "device.renamed", targetType: "device", targetId: deviceId, data: { changes: { name: { from: dev.name, to: name } } } });
    return { changed: true };
  });
}
