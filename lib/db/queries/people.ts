// Whose record an id points at: the person behind a user, attendance-event or device id (for the owner and
// own-record rules in lib/auth/guard.ts).
import "server-only";
import { and, eq } from "drizzle-orm";
import { db } from "../client";
import { attendanceEvents, devices, users, type Role } from "../schema";

/** An id an action takes that belongs to a person's record. */
export type PersonRef = { userId: string } | { eventId: string } | { deviceId: string };

/**
 * The person the id belongs to (their user id and role), in this organisation; null when there is none (an unknown
 * id, a kiosk, an event without a person): the action itself then answers not-found or goes ahead.
 */
export async function personBehind(orgId: string, ref: PersonRef): Promise<{ userId: string; role: Role } | null> {
  const d = await db();
  const person = { userId: users.id, role: users.role };
  const q =
    "userId" in ref
      ? d.select(person).from(users).where(and(eq(users.orgId, orgId), eq(users.id, ref.userId)))
      : "eventId" in ref
        ? d
            .select(person)
            .from(attendanceEvents)
            .innerJoin(users, eq(users.id, attendanceEvents.userId))
            .where(and(eq(attendanceEvents.orgId, orgId), eq(attendanceEvents.id, ref.eventId)))
        : d
            .select(person)
            .from(devices)
            .innerJoin(users, eq(users.id, devices.userId))
            .where(and(eq(devices.orgId, orgId), eq(devices.id, ref.deviceId)));
  const [row] = await q.limit(1);
  return row ?? null;
}
