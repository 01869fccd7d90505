// Device management by admins: list, rename, approve, revoke (each audited in the same transaction).
import "server-only";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { db } from "../client";
import type { Tx } from "../open";
import { devices, users, type Device } from "../schema";
import { writeAudit } from "./audit";

export type DeviceState = "pending" | "approved" | "revoked";

export interface DeviceRow {
  id: string;
  name: string;
  kind: Device["kind"];
  userId: string | null;
  userName: string | null;
  state: DeviceState;
  approvedAt: Date | null;
  approvedByName: string | null;
  revokedAt: Date | null;
  lastSeenAt: Date | null;
  createdAt: Date;
}

export function deviceState(d: Pick<Device, "approvedAt" | "revokedAt">): DeviceState {
  return d.revokedAt ? "revoked" : d.approvedAt ? "approved" : "pending";
}

/** Devices of the organisation: pending first, then approved, then revoked; newest first within each. */
export async function listDevices(orgId: string): Promise<DeviceRow[]> {
  const d = await db();
  const rows = await d
    .select({
      id: devices.id,
      name: devices.name,
      kind: devices.kind,
      userId: devices.userId,
      userName: users.name,
      approvedAt: devices.approvedAt,
      approvedByName: sql<string | null>`(select a.name from users a where a.id = "devices"."approved_by" and a.org_id = "devices"."org_id")`,
      revokedAt: devices.revokedAt,
      lastSeenAt: devices.lastSeenAt,
      createdAt: devices.createdAt,
    })
    .from(devices)
    .leftJoin(users, and(eq(users.id, devices.userId), eq(users.orgId, devices.orgId)))
    .where(eq(devices.orgId, orgId))
    .orderBy(
      asc(sql`case when ${devices.revokedAt} is not null then 2 when ${devices.approvedAt} is null then 0 else 1 end`),
      desc(devices.createdAt),
      asc(devices.id),
    )
    .limit(1000);
  return rows.map((r) => ({ ...r, state: deviceState(r) }));
}

async function lockDevice(tx: Tx, orgId: string, deviceId: string): Promise<Device> {
  const [dev] = await tx.select().from(devices).where(and(eq(devices.orgId, orgId), eq(devices.id, deviceId))).for("update").limit(1);
  if (!dev) throw new AppError("not-found", "That device does not exist.");
  return dev;
}

export async function renameDevice(orgId: string, actorId: string, deviceId: string, name: string): Promise<{ changed: boolean }> {
  const d = await db();
  return d.transaction(async (tx) => {
    const dev = await lockDevice(tx, orgId, deviceId);
    if (dev.name === name) return { changed: false };
    await tx.update(devices).set({ name }).where(and(eq(devices.orgId, orgId), eq(devices.id, deviceId)));
    await writeAudit(tx, { orgId, actorId, action: "device.renamed", targetType: "device", targetId: deviceId, data: { changes: { name: { from: dev.name, to: name } } } });
    return { changed: true };
  });
}

/** Approves a pending device; a revoked device stays revoked (the person registers it again). */
export async function approveDevice(orgId: string, actorId: string, deviceId: string): Promise<void> {
  const d = await db();
  await d.transaction(async (tx) => {
    const dev = await lockDevice(tx, orgId, deviceId);
    if (dev.revokedAt) throw new AppError("conflict", "A revoked device cannot be approved again: register it anew.");
    if (dev.approvedAt) throw new AppError("conflict", "That device is approved already.");
    await tx.update(devices).set({ approvedAt: new Date(), approvedBy: actorId }).where(and(eq(devices.orgId, orgId), eq(devices.id, deviceId)));
    await writeAudit(tx, { orgId, actorId, action: "device.approved", targetType: "device", targetId: deviceId, data: { name: dev.name, kind: dev.kind, userId: dev.userId } });
  });
}

/** Revokes a device: its key is refused from now on (check-ins check revokedAt). */
export async function revokeDevice(orgId: string, actorId: string, deviceId: string): Promise<void> {
  const d = await db();
  await d.transaction(async (tx) => {
    const dev = await lockDevice(tx, orgId, deviceId);
    if (dev.revokedAt) throw new AppError("conflict", "That device is revoked already.");
    await tx.update(devices).set({ revokedAt: new Date() }).where(and(eq(devices.orgId, orgId), eq(devices.id, deviceId)));
    await writeAudit(tx, { orgId, actorId, action: "device.revoked", targetType: "device", targetId: deviceId, data: { name: dev.name, kind: dev.kind, userId: dev.userId } });
  });
}
