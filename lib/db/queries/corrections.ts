// Corrections of attendance records. Nothing is overwritten: an added event is a new row (source "correction"),
// an edit is a new row that supersedes the original, a void sets voidedAt on the row. Each change writes a
// corrections row (before / after) and an audit entry in the same transaction.
import "server-only";
import { and, asc, desc, eq, gte, lt, sql } from "drizzle-orm";
import type { PunchKind } from "@/lib/attendance/punches";
import { AppError } from "@/lib/errors";
import { db } from "../client";
import type { Tx } from "../open";
import { attendanceEvents, corrections, users, type AttendanceEvent } from "../schema";
import { assertUnlockedInstants } from "./approvals";
import { writeAudit } from "./audit";

/** How far in the future a corrected time may lie (clock skew between the admin's laptop and the server). */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

type Snapshot = Record<string, unknown>;

function snapshot(e: Pick<AttendanceEvent, "id" | "userId" | "kind" | "at" | "decision" | "source">): Snapshot {
  return { id: e.id, userId: e.userId, kind: e.kind, at: e.at.toISOString(), decision: e.decision, source: e.source };
}

function notInFuture(at: Date, now = Date.now()) {
  if (at.getTime() > now + FUTURE_TOLERANCE_MS)
    throw new AppError("bad-input", "A correction cannot be in the future.", { time: ["This time has not happened yet"] });
}

async function assertMember(tx: Tx, orgId: string, userId: string) {
  const [u] = await tx.select({ id: users.id }).from(users).where(and(eq(users.orgId, orgId), eq(users.id, userId))).limit(1);
  if (!u) throw new AppError("not-found", "No such person in this organisation.");
}

/** The current version of an event, locked: exists in this organisation, not voided, not replaced by a correction. */
async function lockCurrent(tx: Tx, orgId: string, eventId: string): Promise<AttendanceEvent> {
  const [ev] = await tx
    .select()
    .from(attendanceEvents)
    .where(and(eq(attendanceEvents.orgId, orgId), eq(attendanceEvents.id, eventId)))
    .for("update")
    .limit(1);
  if (!ev) throw new AppError("not-found", "That event does not exist.");
  if (ev.voidedAt) throw new AppError("conflict", "That event has been voided already.");
  const [replacement] = await tx
    .select({ id: attendanceEvents.id })
    .from(attendanceEvents)
    .where(and(eq(attendanceEvents.orgId, orgId), eq(attendanceEvents.supersedesId, eventId)))
    .limit(1);
  if (replacement) throw new AppError("conflict", "That event has been corrected already: change the latest version.");
  return ev;
}

export interface CorrectionResult {
  correctionId: string;
  /** The new event (add, edit) or the voided one. */
  eventId: string;
  userId: string | null;
}

/** Adds an event that the person's check-in missed (e.g. forgot to check out). */
export async function addCorrectedEvent(
  orgId: string,
  adminId: string,
  input: { userId: string; at: Date; kind: PunchKind; reason: string },
): Promise<CorrectionResult> {
  notInFuture(input.at);
  const d = await db();
  return d.transaction((tx) => addCorrectedEventTx(tx, orgId, adminId, input));
}

/** addCorrectedEvent inside the caller's transaction; `requestId` links an employee's request it carries out. */
export async function addCorrectedEventTx(
  tx: Tx,
  orgId: string,
  adminId: string,
  input: { userId: string; at: Date; kind: PunchKind; reason: string; requestId?: string },
): Promise<CorrectionResult> {
  notInFuture(input.at);
  await assertMember(tx, orgId, input.userId);
  await assertUnlockedInstants(tx, orgId, input.userId, [input.at]);
  const [ev] = await tx
    .insert(attendanceEvents)
    .values({ orgId, userId: input.userId, kind: input.kind, at: input.at, decision: "accepted", source: "correction", reason: input.reason })
    .returning();
  const after = snapshot(ev!);
  const [c] = await tx
    .insert(corrections)
    .values({ orgId, eventId: ev!.id, userId: input.userId, adminId, action: "add", before: null, after, reason: input.reason, requestId: input.requestId ?? null })
    .returning({ id: corrections.id });
  await writeAudit(tx, {
    orgId,
    actorId: adminId,
    action: "attendance.corrected.add",
    targetType: "attendance_event",
    targetId: ev!.id,
    data: { userId: input.userId, reason: input.reason, after, ...(input.requestId ? { requestId: input.requestId } : {}) },
  });
  return { correctionId: c!.id, eventId: ev!.id, userId: input.userId };
}

/** Replaces an event's time or direction: a new accepted event supersedes the original, which stays as it was. */
export async function editCorrectedEvent(
  orgId: string,
  adminId: string,
  input: { eventId: string; at: Date; kind: PunchKind; reason: string },
): Promise<CorrectionResult> {
  notInFuture(input.at);
  const d = await db();
  return d.transaction((tx) => editCorrectedEventTx(tx, orgId, adminId, input));
}

/** editCorrectedEvent inside the caller's transaction; `requestId` links an employee's request it carries out. */
export async function editCorrectedEventTx(
  tx: Tx,
  orgId: string,
  adminId: string,
  input: { eventId: string; at: Date; kind: PunchKind; reason: string; requestId?: string },
): Promise<CorrectionResult> {
  notInFuture(input.at);
  const original = await lockCurrent(tx, orgId, input.eventId);
  if (!original.userId) throw new AppError("bad-input", "This attempt has no person: add an event for the right person instead.");
  if (original.kind === input.kind && original.at.getTime() === input.at.getTime() && original.decision === "accepted")
    throw new AppError("bad-input", "Nothing to change: pick another time or direction.", { time: ["Same as the current event"] });
  await assertUnlockedInstants(tx, orgId, original.userId, [original.at, input.at]);
  const [ev] = await tx
    .insert(attendanceEvents)
    .values({
      orgId,
      userId: original.userId,
      deviceId: original.deviceId,
      kind: input.kind,
      at: input.at,
      decision: "accepted",
      source: "correction",
      supersedesId: original.id,
      reason: input.reason,
    })
    .returning();
  const before = snapshot(original);
  const after = snapshot(ev!);
  const [c] = await tx
    .insert(corrections)
    .values({ orgId, eventId: original.id, userId: original.userId, adminId, action: "edit", before, after, reason: input.reason, requestId: input.requestId ?? null })
    .returning({ id: corrections.id });
  await writeAudit(tx, {
    orgId,
    actorId: adminId,
    action: "attendance.corrected.edit",
    targetType: "attendance_event",
    targetId: original.id,
    data: { userId: original.userId, reason: input.reason, before, after, ...(input.requestId ? { requestId: input.requestId } : {}) },
  });
  return { correctionId: c!.id, eventId: ev!.id, userId: original.userId };
}

/** Voids an event: it stays in the table with voidedAt set and no longer counts. */
export async function voidEvent(orgId: string, adminId: string, input: { eventId: string; reason: string }): Promise<CorrectionResult> {
  const d = await db();
  return d.transaction(async (tx) => {
    const ev = await lockCurrent(tx, orgId, input.eventId);
    if (ev.userId) await assertUnlockedInstants(tx, orgId, ev.userId, [ev.at], "reason");
    const voidedAt = new Date();
    await tx.update(attendanceEvents).set({ voidedAt }).where(and(eq(attendanceEvents.orgId, orgId), eq(attendanceEvents.id, ev.id)));
    const before = snapshot(ev);
    const after = { ...before, voidedAt: voidedAt.toISOString() };
    const [c] = await tx
      .insert(corrections)
      .values({ orgId, eventId: ev.id, userId: ev.userId, adminId, action: "void", before, after, reason: input.reason })
      .returning({ id: corrections.id });
    await writeAudit(tx, {
      orgId,
      actorId: adminId,
      action: "attendance.corrected.void",
      targetType: "attendance_event",
      targetId: ev.id,
      data: { userId: ev.userId, reason: input.reason, before },
    });
    return { correctionId: c!.id, eventId: ev.id, userId: ev.userId };
  });
}

export interface TimelineEvent {
  id: string;
  at: Date;
  kind: PunchKind | null;
  decision: "accepted" | "rejected" | "flagged";
  reason: string | null;
  source: "face" | "correction";
  supersedesId: string | null;
  voidedAt: Date | null;
  reviewedAt: Date | null;
  blobKey: string | null;
  score: number | null;
  deviceId: string | null;
  /** Another event replaced this one (it stays, it no longer counts). */
  supersededBy: string | null;
}

/** Every event of one person in [from, to) (voided and replaced ones too), oldest first. */
export async function listPersonEvents(orgId: string, userId: string, bounds: { from: Date; to: Date }): Promise<TimelineEvent[]> {
  const d = await db();
  return d
    .select({
      id: attendanceEvents.id,
      at: attendanceEvents.at,
      kind: attendanceEvents.kind,
      decision: attendanceEvents.decision,
      reason: attendanceEvents.reason,
      source: attendanceEvents.source,
      supersedesId: attendanceEvents.supersedesId,
      voidedAt: attendanceEvents.voidedAt,
      reviewedAt: attendanceEvents.reviewedAt,
      blobKey: attendanceEvents.blobKey,
      score: attendanceEvents.score,
      deviceId: attendanceEvents.deviceId,
            // The outer table is named explicitly (drizzle leaves single-table select fields unqualified).
      supersededBy: sql<string | null>`(select s.id from attendance_events s where s.org_id = "attendance_events"."org_id" and s.supersedes_id = "attendance_events"."id" order by s.created_at desc limit 1)`,
    })
    .from(attendanceEvents)
    .where(
      and(
        eq(attendanceEvents.orgId, orgId),
        eq(attendanceEvents.userId, userId),
        gte(attendanceEvents.at, bounds.from),
        lt(attendanceEvents.at, bounds.to),
      ),
    )
    .orderBy(asc(attendanceEvents.at), asc(attendanceEvents.id));
}

/** Corrections of one person (or of the whole organisation), newest first, with the admin's name. */
export async function listCorrections(orgId: string, f: { userId?: string; limit?: number } = {}) {
  const d = await db();
  return d
    .select({
      id: corrections.id,
      eventId: corrections.eventId,
      userId: corrections.userId,
      action: corrections.action,
      before: corrections.before,
      after: corrections.after,
      reason: corrections.reason,
      requestId: corrections.requestId,
      createdAt: corrections.createdAt,
      adminId: corrections.adminId,
      adminName: users.name,
    })
    .from(corrections)
    .leftJoin(users, and(eq(users.id, corrections.adminId), eq(users.orgId, corrections.orgId)))
    .where(and(eq(corrections.orgId, orgId), f.userId ? eq(corrections.userId, f.userId) : undefined))
    .orderBy(desc(corrections.createdAt), desc(corrections.id))
    .limit(Math.min(f.limit ?? 100, 500));
}

/** One row of `listCorrections`. */
export type CorrectionEntry = Awaited<ReturnType<typeof listCorrections>>[number];
