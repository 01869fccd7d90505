import "server-only";
import { and, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { db, type Database } from "../client";
import type { Tx } from "../open";
import { attendanceEvents, auditLog, users } from "../schema";

export interface AuditInput {
  orgId: string;
  actorId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  data?: Record<string, unknown>;
}

/** Appends an audit entry inside the caller's transaction (so it commits or rolls back with the change). */
export async function writeAudit(tx: Tx | Database, entry: AuditInput) {
  await tx.insert(auditLog).values(entry);
}

export interface AuditFilter {
  actorId?: string;
  /**
   * Entries a person took part in: done by them, about them (target user), or about one of their attendance
   * events (corrections, reviews) — what "filter by person" means on the Audit page.
   */
  personId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  before?: Date;
  limit?: number;
}

export async function listAudit(orgId: string, f: AuditFilter = {}) {
  const d = await db();
  const where: SQL[] = [eq(auditLog.orgId, orgId)];
  if (f.actorId) where.push(eq(auditLog.actorId, f.actorId));
  if (f.personId) {
    const theirEvents = d
      .select({ id: sql<string>`${attendanceEvents.id}::text` })
      .from(attendanceEvents)
      .where(and(eq(attendanceEvents.orgId, orgId), eq(attendanceEvents.userId, f.personId)));
    where.push(
      or(
        eq(auditLog.actorId, f.personId),
        and(eq(auditLog.targetType, "user"), eq(auditLog.targetId, f.personId)),
        and(eq(auditLog.targetType, "attendance_event"), inArray(auditLog.targetId, theirEvents)),
      )!,
    );
  }
  if (f.action) where.push(eq(auditLog.action, f.action));
  if (f.from) where.push(gte(auditLog.at, f.from));
  if (f.to) where.push(lte(auditLog.at, f.to));
  if (f.before) where.push(lt(auditLog.at, f.before));
  return d
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      data: auditLog.data,
      actorId: auditLog.actorId,
      actorName: users.name,
    })
    .from(auditLog)
    .leftJoin(users, and(eq(users.id, auditLog.actorId), eq(users.orgId, auditLog.orgId)))
    .where(and(...where))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(Math.min(f.limit ?? 100, 500));
}

export async function listAuditActions(orgId: string): Promise<string[]> {
  const d = await db();
  const rows = await d.selectDistinct({ action: auditLog.action }).from(auditLog).where(eq(auditLog.orgId, orgId));
  return rows.map((r) => r.action).sort();
}
