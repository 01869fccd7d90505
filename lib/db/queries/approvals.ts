// Pay-period approvals and the locks they put on a person's dates. Every write that lands on a person's day
// (corrections, leave, correction requests, punches) calls assertUnlocked* inside its own transaction.
import "server-only";
import { and, asc, eq, gte, inArray, isNull, lte, ne, notInArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { lockOverlapping, lockedMessage, type PayPeriod, type PeriodApproval } from "@/lib/attendance/approval";
import { localDateOf, type LocalDate } from "@/lib/attendance/local-time";
import { AppError } from "@/lib/errors";
import { db, type Database } from "../client";
import type { Tx } from "../open";
import { organisations, periodApprovals, users, type Role } from "../schema";
import { writeAudit } from "./audit";

type Reader = Tx | Database;

/** Active (not unlocked) approvals of the person's dates from..to. */
export async function activeLocks(tx: Reader, orgId: string, userId: string, from: LocalDate, to: LocalDate): Promise<PeriodApproval[]> {
  return tx
    .select({ userId: periodApprovals.userId, from: periodApprovals.from, to: periodApprovals.to, approvedAt: periodApprovals.approvedAt, unlockedAt: periodApprovals.unlockedAt })
    .from(periodApprovals)
    .where(
      and(
        eq(periodApprovals.orgId, orgId),
        eq(periodApprovals.userId, userId),
        isNull(periodApprovals.unlockedAt),
        lte(periodApprovals.from, to),
        gte(periodApprovals.to, from),
      ),
    );
}

/** Refuses (conflict, field error on `field`) a change to the person's dates from..to inside an approved period. */
export async function assertUnlockedDates(tx: Reader, orgId: string, userId: string, from: LocalDate, to: LocalDate, field: string): Promise<void> {
  const lock = lockOverlapping(await activeLocks(tx, orgId, userId, from, to), userId, from, to);
  if (lock) throw new AppError("conflict", "That day is in an approved pay period.", { [field]: [lockedMessage(lock)] });
}

/** The same for instants (events), read as local dates in the organisation's timezone. */
export async function assertUnlockedInstants(tx: Reader, orgId: string, userId: string, instants: readonly Date[], field = "time"): Promise<void> {
  if (instants.length === 0) return;
  const [org] = await tx.select({ timezone: organisations.timezone }).from(organisations).where(eq(organisations.id, orgId)).limit(1);
  if (!org) throw new AppError("not-found");
  const dates = instants.map((i) => localDateOf(i, org.timezone)).sort();
  await assertUnlockedDates(tx, orgId, userId, dates[0]!, dates[dates.length - 1]!, field);
}

/** Refuses (conflict, field error on "punch") a punch at `at` inside the person's approved pay period; reads only. */
export async function assertPunchUnlocked(orgId: string, userId: string, at: Date): Promise<void> {
  await assertUnlockedInstants(await db(), orgId, userId, [at], "punch");
}

export interface ApprovalRow extends PeriodApproval {
  id: string;
  kind: PayPeriod["kind"];
  approvedByName: string | null;
  unlockedByName: string | null;
  unlockReason: string | null;
}

/** Approvals (active and unlocked) touching from..to, oldest first; one person's with `userId`. */
export async function listApprovals(orgId: string, from: LocalDate, to: LocalDate, userId?: string): Promise<ApprovalRow[]> {
  const d = await db();
  const approver = alias(users, "approver");
  const unlocker = alias(users, "unlocker");
  return d
    .select({
      id: periodApprovals.id,
      userId: periodApprovals.userId,
      kind: periodApprovals.kind,
      from: periodApprovals.from,
      to: periodApprovals.to,
      approvedAt: periodApprovals.approvedAt,
      unlockedAt: periodApprovals.unlockedAt,
      unlockReason: periodApprovals.unlockReason,
      approvedByName: approver.name,
      unlockedByName: unlocker.name,
    })
    .from(periodApprovals)
    .leftJoin(approver, and(eq(approver.id, periodApprovals.approvedBy), eq(approver.orgId, periodApprovals.orgId)))
    .leftJoin(unlocker, and(eq(unlocker.id, periodApprovals.unlockedBy), eq(unlocker.orgId, periodApprovals.orgId)))
    .where(
      and(eq(periodApprovals.orgId, orgId), lte(periodApprovals.from, to), gte(periodApprovals.to, from), userId ? eq(periodApprovals.userId, userId) : undefined),
    )
    .orderBy(asc(periodApprovals.from), asc(periodApprovals.approvedAt));
}

/** The people an approval for "everyone" covers: every member who is not just invited. */
/** Whom an approval or unlock for everyone leaves out: the actor, and (owners: true) the owners (guard.everyoneBut). */
export interface LeftOut {
  /** The actor, or null when nobody else could decide their record (an organisation's only owner). */
  userId: string | null;
  owners: boolean;
}

async function approvablePeople(tx: Tx, orgId: string, userId: string | null): Promise<{ id: string; role: Role }[]> {
  return tx
    .select({ id: users.id, role: users.role })
    .from(users)
    .where(and(eq(users.orgId, orgId), userId ? eq(users.id, userId) : ne(users.status, "invited")));
}

const isLeftOut = (p: { id: string; role: Role }, but: LeftOut | undefined) => !!but && (p.id === but.userId || (but.owners && p.role === "owner"));

/**
 * Approves `period` for one person or everyone (userId null; but `but` left out). People whose period is approved
 * already are left as they are; returns how many were approved now and how many `but` left out. Another
 * organisation's person is a field error.
 */
export async function approvePeriod(
  orgId: string,
  actorId: string,
  input: { period: PayPeriod; userId: string | null; but?: LeftOut },
): Promise<{ approved: number; leftOut: number }> {
  const d = await db();
  return d.transaction(async (tx) => {
    const all = await approvablePeople(tx, orgId, input.userId);
    if (input.userId && all.length === 0) throw new AppError("bad-input", "Please correct the highlighted fields.", { userId: ["No such person in this organisation"] });
    const people = all.filter((p) => !isLeftOut(p, input.but)).map((p) => p.id);
    const leftOut = all.length - people.length;
    if (people.length === 0) return { approved: 0, leftOut };
    const already = await tx
      .select({ userId: periodApprovals.userId })
      .from(periodApprovals)
      .where(and(eq(periodApprovals.orgId, orgId), inArray(periodApprovals.userId, people), isNull(periodApprovals.unlockedAt), lte(periodApprovals.from, input.period.to), gte(periodApprovals.to, input.period.from)));
    const skip = new Set(already.map((a) => a.userId));
    const todo = people.filter((p) => !skip.has(p));
    if (todo.length > 0) {
      await tx.insert(periodApprovals).values(todo.map((userId) => ({ orgId, userId, kind: input.period.kind, from: input.period.from, to: input.period.to, approvedBy: actorId })));
      await writeAudit(tx, {
        orgId,
        actorId,
        action: "period.approved",
        targetType: input.userId ? "user" : "organisation",
        targetId: input.userId ?? orgId,
        data: { from: input.period.from, to: input.period.to, kind: input.period.kind, people: todo.length },
      });
    }
    return { approved: todo.length, leftOut };
  });
}

/**
 * Unlocks one person's (or everyone's, but `but` left out) approval of the period starting `from`, with a reason;
 * audited.
 */
export async function unlockPeriod(
  orgId: string,
  actorId: string,
  input: { from: LocalDate; userId: string | null; reason: string; but?: LeftOut },
): Promise<{ unlocked: number }> {
  const d = await db();
  return d.transaction(async (tx) => {
    const but = input.userId ? undefined : input.but;
    const owners = but?.owners ? tx.select({ id: users.id }).from(users).where(and(eq(users.orgId, orgId), eq(users.role, "owner"))) : null;
    const rows = await tx
      .update(periodApprovals)
      .set({ unlockedAt: new Date(), unlockedBy: actorId, unlockReason: input.reason })
      .where(
        and(
          eq(periodApprovals.orgId, orgId),
          eq(periodApprovals.from, input.from),
          isNull(periodApprovals.unlockedAt),
          input.userId ? eq(periodApprovals.userId, input.userId) : undefined,
          but?.userId ? ne(periodApprovals.userId, but.userId) : undefined,
          owners ? notInArray(periodApprovals.userId, owners) : undefined,
        ),
      )
      .returning({ userId: periodApprovals.userId, to: periodApprovals.to });
    if (rows.length === 0) throw new AppError("not-found", "That period is not approved: there is nothing to unlock.");
    await writeAudit(tx, {
      orgId,
      actorId,
      action: "period.unlocked",
      targetType: input.userId ? "user" : "organisation",
      targetId: input.userId ?? orgId,
      data: { from: input.from, to: rows[0]!.to, reason: input.reason, people: rows.length },
    });
    return { unlocked: rows.length };
  });
}
