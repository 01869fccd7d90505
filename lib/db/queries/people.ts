// Whose record an id points at: the person behind a user, attendance-event or device id (for the owner rule in
// lib/auth/guard.ts).
import "server-only";
import { and, eq } from "drizzle-orm";
import { db } from "../client";
import { attendanceEvents, devices, users, type Role } from "../schema";

/** An id an action takes that belongs to a person's record. */
export type PersonRef = { userId: string } | { eventId: string } | { deviceId: string };

/**
 * The role of the person the id belongs to, in this organisation; null when there is none (an unknown id, a
 * kiosk, an event without a person): the action itself then answers not-found or goes ahead.
 */
export async function roleOfPersonBehind(orgId: string, ref: PersonRef): Promise<Role | null> {
  const d = await db();
  const owner =
    "userId" in ref
      ? d.select({ role: users.role }).from(users).where(and(eq(users.orgId, orgId), eq(users.id, ref.userId)))
      : "eventId" in ref
        ? d
            .select({ role: users.role })
            .from(attendanceEvents)
            .innerJoin(users, eq(users.id, attendanceEvents.userId))
            .where(and(eq(attendanceEvents.orgId, orgId), eq(attendanceEvents.id, ref.eventId)))
        : d
            .select({ role: users.role })
            .from(devices)
            .innerJoin(users, eq(users.id, devices.userId))
            .where(and(eq(devices.orgId, orgId), eq(devices.id, ref.deviceId)));
  const [row] = await owner.limit(1);
  return row?.role ?? null;
}
