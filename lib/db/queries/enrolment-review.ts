// Enrolment review: a finished enrolment waits ("held") until an admin approves it, unless the organisation
// auto-approves enrolments without a 1:N collision. The review shows the captures (kept in the object store only
// while the enrolment waits) and the 1:N result (the nearest other person and score, in the audit entry written
// when the enrolment finished). Approval and refusal are audited.
import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import { checkinOptions } from "@/lib/checkin/options";
import type { Pose } from "@/lib/checkin/payload";
import { AppError } from "@/lib/errors";
import { isValidKey } from "@/lib/storage";
import { db } from "../client";
import { auditLog, users } from "../schema";
import { writeAudit } from "./audit";
import { deleteTemplatesOfUser, setEnrolment } from "./templates";

/** Where an enrolment capture waits for review: one object per person and pose (a new capture replaces it). */
export function enrolCropKey(orgId: string, userId: string, pose: Pose): string {
  const key = `${orgId}/enrol-${pose}/${userId}.jpg`;
  if (!isValidKey(key)) throw new Error("invalid enrolment crop key");
  return key;
}

export const enrolCropKeys = (orgId: string, userId: string) => checkinOptions.enrolPoses.map((p) => enrolCropKey(orgId, userId, p));

/** The audit actions that close an enrolment with its 1:N result. */
export const ENROLMENT_FINISHED = ["enrolment.pending", "enrolment.held", "enrolment.auto-approved"] as const;

export interface CollisionResult {
  /** The nearest other person of the organisation (null: nobody else enrolled). */
  nearestUserId: string | null;
  nearestName: string | null;
  score: number | null;
  threshold: number;
  /** The nearest person matches at the threshold: the face may be someone else's. */
  flagged: boolean;
}

export interface PendingEnrolment {
  userId: string;
  name: string;
  email: string;
  finishedAt: Date | null;
  collision: CollisionResult | null;
  cropKeys: { pose: Pose; key: string }[];
}

/** Enrolments waiting for an admin, oldest first, with their 1:N result and capture keys. */
export async function listPendingEnrolments(orgId: string): Promise<PendingEnrolment[]> {
  const d = await db();
  const waiting = await d.select().from(users).where(and(eq(users.orgId, orgId), eq(users.enrolment, "held"))).orderBy(users.name).limit(200);
  if (!waiting.length) return [];
  const entries = await d
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.orgId, orgId), inArray(auditLog.action, [...ENROLMENT_FINISHED]), inArray(auditLog.targetId, waiting.map((u) => u.id))))
    .orderBy(desc(auditLog.at));
  const ids = new Set<string>();
  for (const e of entries) {
    const n = (e.data as { matchedUserId?: string } | null)?.matchedUserId;
    if (n) ids.add(n);
  }
  const names = new Map(
    ids.size ? (await d.select({ id: users.id, name: users.name }).from(users).where(and(eq(users.orgId, orgId), inArray(users.id, [...ids])))).map((u) => [u.id, u.name]) : [],
  );
  return waiting.map((u) => {
    const e = entries.find((x) => x.targetId === u.id);
    const data = (e?.data ?? {}) as { matchedUserId?: string | null; score?: number | null; threshold?: number; flagged?: boolean };
    return {
      userId: u.id,
      name: u.name,
      email: u.email,
      finishedAt: e?.at ?? null,
      collision: e
        ? {
            nearestUserId: data.matchedUserId ?? null,
            nearestName: data.matchedUserId ? (names.get(data.matchedUserId) ?? null) : null,
            score: data.score ?? null,
            threshold: data.threshold ?? 0,
            flagged: !!data.flagged,
          }
        : null,
      cropKeys: checkinOptions.enrolPoses.map((pose) => ({ pose, key: enrolCropKey(orgId, u.id, pose) })),
    };
  });
}

/** An admin approves a waiting enrolment: the person can check in. Audited. */
export async function approveEnrolment(orgId: string, actorId: string, userId: string): Promise<void> {
  const d = await db();
  await d.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ enrolment: "enrolled" })
      .where(and(eq(users.orgId, orgId), eq(users.id, userId), eq(users.enrolment, "held")))
      .returning({ id: users.id, name: users.name });
    if (!row) throw new AppError("not-found", "No enrolment waiting for approval for this person.");
    await writeAudit(tx, { orgId, actorId, action: "enrolment.approved", targetType: "user", targetId: userId, data: { name: row.name } });
  });
}

/** An admin refuses a waiting enrolment: its templates go and the person enrols again. Audited. */
export async function refuseEnrolment(orgId: string, actorId: string, userId: string, reason: string): Promise<void> {
  const d = await db();
  await d.transaction(async (tx) => {
    const [u] = await tx.select().from(users).where(and(eq(users.orgId, orgId), eq(users.id, userId), eq(users.enrolment, "held"))).for("update").limit(1);
    if (!u) throw new AppError("not-found", "No enrolment waiting for approval for this person.");
    const templates = await deleteTemplatesOfUser(tx, orgId, userId);
    await setEnrolment(tx, orgId, userId, "none");
    await writeAudit(tx, { orgId, actorId, action: "enrolment.refused", targetType: "user", targetId: userId, data: { name: u.name, templates, reason } });
  });
}
