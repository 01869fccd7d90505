// Dashboard reads (latest check-ins, the review queue) and the one dashboard write (mark an attempt reviewed).
import "server-only";
import { and, desc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { PunchKind } from "@/lib/attendance/punches";
import { AppError } from "@/lib/errors";
import { db } from "../client";
import { attendanceEvents, devices, users } from "../schema";
import { writeAudit } from "./audit";

const feedColumns = {
  id: attendanceEvents.id,
  at: attendanceEvents.at,
  createdAt: attendanceEvents.createdAt,
  kind: attendanceEvents.kind,
  decision: attendanceEvents.decision,
  reason: attendanceEvents.reason,
  source: attendanceEvents.source,
  userId: attendanceEvents.userId,
  userName: users.name,
  deviceName: devices.name,
  deviceKind: devices.kind,
};

export interface FeedEvent {
  id: string;
  at: Date;
  /** When the row was written (the feed's cursor: a correction may carry an older `at`). */
  createdAt: Date;
  kind: PunchKind | null;
  decision: "accepted" | "rejected" | "flagged";
  reason: string | null;
  source: "face" | "correction";
  userId: string | null;
  userName: string | null;
  deviceName: string | null;
  deviceKind: "personal" | "kiosk" | null;
}

/** The most recent attempts of the organisation (every decision; voided events left out), newest first. */
export async function listLatestEvents(orgId: string, opts: { limit?: number; after?: Date } = {}): Promise<FeedEvent[]> {
  const d = await db();
  return d
    .select(feedColumns)
    .from(attendanceEvents)
    .leftJoin(users, and(eq(users.id, attendanceEvents.userId), eq(users.orgId, attendanceEvents.orgId)))
    .leftJoin(devices, and(eq(devices.id, attendanceEvents.deviceId), eq(devices.orgId, attendanceEvents.orgId)))
    .where(and(eq(attendanceEvents.orgId, orgId), isNull(attendanceEvents.voidedAt), opts.after ? gt(attendanceEvents.createdAt, opts.after) : undefined))
    .orderBy(desc(attendanceEvents.createdAt), desc(attendanceEvents.id))
    .limit(Math.min(opts.limit ?? 15, 100));
}

export interface ReviewItem extends FeedEvent {
  blobKey: string | null;
  score: number | null;
  margin: number | null;
  antispoof: number | null;
  strictCosine: number | null;
}

const waiting = (orgId: string) =>
  and(
    eq(attendanceEvents.orgId, orgId),
    inArray(attendanceEvents.decision, ["rejected", "flagged"]),
    isNull(attendanceEvents.reviewedAt),
    isNull(attendanceEvents.voidedAt),
    // An attempt a correction has replaced is settled.
    // (the outer table is named explicitly: see lib/db/queries/admin-staff.ts)
    sql`not exists (select 1 from attendance_events s where s.org_id = "attendance_events"."org_id" and s.supersedes_id = "attendance_events"."id")`,
  );

/** Rejected and flagged attempts nobody has reviewed yet, newest first, with their stored crop key and scores. */
export async function listReviewQueue(orgId: string, limit = 20): Promise<{ items: ReviewItem[]; total: number }> {
  const d = await db();
  const [items, [count]] = await Promise.all([
    d
      .select({
        ...feedColumns,
        blobKey: attendanceEvents.blobKey,
        score: attendanceEvents.score,
        margin: attendanceEvents.margin,
        antispoof: attendanceEvents.antispoof,
        strictCosine: attendanceEvents.strictCosine,
      })
      .from(attendanceEvents)
      .leftJoin(users, and(eq(users.id, attendanceEvents.userId), eq(users.orgId, attendanceEvents.orgId)))
      .leftJoin(devices, and(eq(devices.id, attendanceEvents.deviceId), eq(devices.orgId, attendanceEvents.orgId)))
      .where(waiting(orgId))
      .orderBy(desc(attendanceEvents.at), desc(attendanceEvents.id))
      .limit(Math.min(limit, 100)),
    d.select({ n: sql<number>`count(*)::int` }).from(attendanceEvents).where(waiting(orgId)),
  ]);
  return { items, total: count?.n ?? 0 };
}

/** Marks a rejected or flagged attempt as reviewed (audited). Another organisation's id is not found. */
export async function markEventReviewed(orgId: string, actorId: string, eventId: string, note?: string): Promise<void> {
  const d = await db();
  await d.transaction(async (tx) => {
    const [ev] = await tx
      .select({ id: attendanceEvents.id, decision: attendanceEvents.decision, reviewedAt: attendanceEvents.reviewedAt, userId: attendanceEvents.userId })
      .from(attendanceEvents)
      .where(and(eq(attendanceEvents.orgId, orgId), eq(attendanceEvents.id, eventId)))
      .for("update")
      .limit(1);
    if (!ev) throw new AppError("not-found", "That attempt no longer exists.");
    if (ev.decision === "accepted") throw new AppError("conflict", "Only rejected or flagged attempts need a review.");
    if (ev.reviewedAt) throw new AppError("conflict", "Someone has already reviewed this attempt.");
    await tx.update(attendanceEvents).set({ reviewedAt: new Date() }).where(and(eq(attendanceEvents.orgId, orgId), eq(attendanceEvents.id, eventId)));
    await writeAudit(tx, {
      orgId,
      actorId,
      action: "attendance.reviewed",
      targetType: "attendance_event",
      targetId: eventId,
      data: { decision: ev.decision, userId: ev.userId, ...(note ? { note } : {}) },
    });
  });
}

/**
 * Marks every attempt waiting for review as reviewed (one audit entry with the count). `exceptOwners`: leaves
 * owners' attempts to an owner (owners' records are changed by owners only, lib/auth/guard.ts).
 */
export async function markAllReviewed(orgId: string, actorId: string, opts: { exceptOwners?: boolean } = {}): Promise<number> {
  const d = await db();
  return d.transaction(async (tx) => {
    const notOwners = sql`not exists (select 1 from users u where u.org_id = "attendance_events"."org_id" and u.id = "attendance_events"."user_id" and u.role = 'owner')`;
    const where = opts.exceptOwners ? and(waiting(orgId), notOwners) : waiting(orgId);
    const rows = await tx.update(attendanceEvents).set({ reviewedAt: new Date() }).where(where).returning({ id: attendanceEvents.id });
    if (rows.length) await writeAudit(tx, { orgId, actorId, action: "attendance.reviewed.all", targetType: "organisation", targetId: orgId, data: { count: rows.length } });
    return rows.length;
  });
}
