import "server-only";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { normalisePublicJwk, type PublicJwk } from "@/lib/checkin/signature";
import { AppError } from "@/lib/errors";
import { db } from "../client";
import { preparedFor } from "../prepared";
import { devices, organisations, users, type Device, type Organisation } from "../schema";
import { writeAudit } from "./audit";

/** A device of this organisation (never another's). */
export async function getDevice(orgId: string, id: string): Promise<Device | null> {
  const d = await db();
  const [row] = await d.select().from(devices).where(and(eq(devices.orgId, orgId), eq(devices.id, id))).limit(1);
  return row ?? null;
}

/**
 * The organisation and one of its devices in one statement (a check-in needs both): the device is null when the
 * organisation has no device with that id (never another organisation's); both are null when the organisation
 * is gone.
 */
export async function getDeviceAndOrganisation(orgId: string, id: string): Promise<{ org: Organisation | null; device: Device | null }> {
  const [row] = await deviceAndOrganisationQuery(await db()).execute({ orgId, id });
  return { org: row?.org ?? null, device: row?.device ?? null };
}

const deviceAndOrganisationQuery = preparedFor((d) =>
  d
    .select({ org: organisations, device: devices })
    .from(organisations)
    .leftJoin(devices, and(eq(devices.orgId, organisations.id), eq(devices.id, sql.placeholder("id"))))
    .where(eq(organisations.id, sql.placeholder("orgId")))
    .limit(1)
    .prepare("get_device_and_organisation"),
);

/**
 * A kiosk by id, in whichever organisation it belongs to: a kiosk has no signed-in person, so its organisation
 * comes from its registration (and every request from it must carry its signature).
 */
export async function getKiosk(id: string): Promise<Device | null> {
  const d = await db();
  const [row] = await d.select().from(devices).where(and(eq(devices.id, id), eq(devices.kind, "kiosk"))).limit(1);
  return row ?? null;
}

export type DeviceState = "active" | "pending" | "revoked";
export const deviceState = (dv: Pick<Device, "approvedAt" | "revokedAt">): DeviceState =>
  dv.revokedAt ? "revoked" : dv.approvedAt ? "active" : "pending";

export async function listDevices(orgId: string) {
  const d = await db();
  return d
    .select({
      id: devices.id,
      kind: devices.kind,
      name: devices.name,
      userId: devices.userId,
      userName: users.name,
      approvedAt: devices.approvedAt,
      revokedAt: devices.revokedAt,
      lastSeenAt: devices.lastSeenAt,
      createdAt: devices.createdAt,
      publicKeyJwk: devices.publicKeyJwk,
    })
    .from(devices)
    .leftJoin(users, and(eq(users.id, devices.userId), eq(users.orgId, devices.orgId)))
    .where(eq(devices.orgId, orgId))
    .orderBy(desc(devices.createdAt));
}

const sameKey = (jwk: PublicJwk) => sql`${devices.publicKeyJwk}->>'x' = ${jwk.x} and ${devices.publicKeyJwk}->>'y' = ${jwk.y}`;

/**
 * Registers a person's own laptop. It is approved at once when it is the first device of someone who has
 * not enrolled yet (the invitee registering during invite acceptance, or after an admin reset their
 * enrolment); any other device waits for an admin. Registering the same key again returns the existing row.
 */
export async function registerPersonalDevice(input: { orgId: string; userId: string; name: string; jwk: PublicJwk }): Promise<Device> {
  const d = await db();
  const jwk = normalisePublicJwk(input.jwk);
  return d.transaction(async (tx) => {
    const [user] = await tx
      .select()
      .from(users)
      .where(and(eq(users.orgId, input.orgId), eq(users.id, input.userId)))
      .for("update")
      .limit(1);
    if (!user) throw new AppError("not-found");
    const [existing] = await tx.select().from(devices).where(and(eq(devices.orgId, input.orgId), sameKey(jwk))).limit(1);
    if (existing) {
      if (existing.userId !== input.userId || existing.kind !== "personal") throw new AppError("conflict", "This key is registered to another device.");
      return existing;
    }
    const active = await tx
      .select({ id: devices.id })
      .from(devices)
      .where(and(eq(devices.orgId, input.orgId), eq(devices.userId, input.userId), isNull(devices.revokedAt)));
    const autoApprove = user.enrolment === "none" && active.length === 0;
    const [row] = await tx
      .insert(devices)
      .values({
        orgId: input.orgId,
        userId: input.userId,
        kind: "personal",
        name: input.name,
        publicKeyJwk: jwk,
        approvedAt: autoApprove ? sql`now()` : null,
      })
      .returning();
    await writeAudit(tx, {
      orgId: input.orgId,
      actorId: input.userId,
      action: autoApprove ? "device.registered.approved" : "device.registered.pending",
      targetType: "device",
      targetId: row!.id,
      data: { kind: "personal", name: input.name, autoApproved: autoApprove },
    });
    return row!;
  });
}

/** A shared kiosk laptop, registered and approved by an admin. */
export async function registerKiosk(input: { orgId: string; adminId: string; name: string; jwk: PublicJwk }): Promise<Device> {
  const d = await db();
  const jwk = normalisePublicJwk(input.jwk);
  return d.transaction(async (tx) => {
    const [existing] = await tx.select().from(devices).where(sameKey(jwk)).limit(1);
    if (existing) throw new AppError("conflict", "This key is already registered.");
    const [row] = await tx
      .insert(devices)
      .values({ orgId: input.orgId, userId: null, kind: "kiosk", name: input.name, publicKeyJwk: jwk, approvedBy: input.adminId, approvedAt: sql`now()` })
      .returning();
    await writeAudit(tx, { orgId: input.orgId, actorId: input.adminId, action: "device.kiosk.registered", targetType: "device", targetId: row!.id, data: { name: input.name } });
    return row!;
  });
}

export async function approveDevice(orgId: string, actorId: string, id: string): Promise<Device> {
  const d = await db();
  return d.transaction(async (tx) => {
    const [row] = await tx
      .update(devices)
      .set({ approvedAt: sql`now()`, approvedBy: actorId })
      .where(and(eq(devices.orgId, orgId), eq(devices.id, id), isNull(devices.revokedAt), isNull(devices.approvedAt)))
      .returning();
    if (!row) throw new AppError("not-found", "No device waiting for approval with that id.");
    await writeAudit(tx, { orgId, actorId, action: "device.approved", targetType: "device", targetId: id });
    return row;
  });
}

export async function revokeDevice(orgId: string, actorId: string, id: string): Promise<Device> {
  const d = await db();
  return d.transaction(async (tx) => {
    const [row] = await tx
      .update(devices)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(devices.orgId, orgId), eq(devices.id, id), isNull(devices.revokedAt)))
      .returning();
    if (!row) throw new AppError("not-found", "No active device with that id.");
    await writeAudit(tx, { orgId, actorId, action: "device.revoked", targetType: "device", targetId: id, data: { kind: row.kind, name: row.name } });
    return row;
  });
}
