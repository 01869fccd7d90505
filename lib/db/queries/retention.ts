// Retention: crops older than an organisation's cropRetentionDays, templates of people deactivated longer than
// its templateRetentionDays. The blob deletion itself happens in lib/retention.ts.
import "server-only";
import { and, asc, eq, inArray, isNotNull, lt } from "drizzle-orm";
import { db } from "../client";
import { attendanceEvents, organisations, users, type Organisation } from "../schema";
import { writeAudit } from "./audit";
import { deleteTemplatesOfUser, setEnrolment } from "./templates";

export async function listOrganisationsForRetention(): Promise<Pick<Organisation, "id" | "settings">[]> {
  const d = await db();
  return d.select({ id: organisations.id, settings: organisations.settings }).from(organisations).orderBy(asc(organisations.id));
}

/** Events of the organisation whose crop was taken before `cutoff` and is still stored, oldest first. */
export async function listExpiredCrops(orgId: string, cutoff: Date, limit: number): Promise<{ id: string; blobKey: string }[]> {
  const d = await db();
  const rows = await d
    .select({ id: attendanceEvents.id, blobKey: attendanceEvents.blobKey })
    .from(attendanceEvents)
    .where(and(eq(attendanceEvents.orgId, orgId), isNotNull(attendanceEvents.blobKey), lt(attendanceEvents.at, cutoff)))
    .orderBy(asc(attendanceEvents.at), asc(attendanceEvents.id))
    .limit(limit);
  return rows.filter((r): r is { id: string; blobKey: string } => r.blobKey !== null);
}

/** Clears the blob keys of events whose crops were deleted. */
export async function clearCropKeys(orgId: string, eventIds: string[]): Promise<number> {
  if (eventIds.length === 0) return 0;
  const d = await db();
  const rows = await d
    .update(attendanceEvents)
    .set({ blobKey: null })
    .where(and(eq(attendanceEvents.orgId, orgId), inArray(attendanceEvents.id, eventIds)))
    .returning({ id: attendanceEvents.id });
  return rows.length;
}

/**
 * Deletes the face templates of people deactivated before `cutoff` and marks them not enrolled, in one
 * transaction. Returns how many templates and people.
 */
export async function deleteExpiredTemplates(orgId: string, cutoff: Date): Promise<{ templates: number; people: number }> {
  const d = await db();
  return d.transaction(async (tx) => {
    const due = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.orgId, orgId), eq(users.status, "deactivated"), lt(users.deactivatedAt, cutoff)))
      .for("update");
    let templates = 0;
    let people = 0;
    for (const u of due) {
      const n = await deleteTemplatesOfUser(tx, orgId, u.id);
      if (n === 0) continue;
      templates += n;
      people++;
      await setEnrolment(tx, orgId, u.id, "none");
    }
    return { templates, people };
  });
}

export async function auditRetentionRun(orgId: string, data: Record<string, unknown>): Promise<void> {
  const d = await db();
  await writeAudit(d, { orgId, actorId: null, action: "retention.run", targetType: "organisation", targetId: orgId, data });
}
