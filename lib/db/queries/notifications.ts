// What the notifications cron reads (recipients, leave decisions, what was already sent) and writes (one row per
// mail sent, claimed before sending so two runs never send the same mail), and each person's e-mail choice.
import "server-only";
import { and, asc, eq, gte, sql } from "drizzle-orm";
import type { NotificationKind } from "@/lib/notifications/kinds";
import { sentKey, type LeaveDecision, type Recipient } from "@/lib/notifications/rules";
import { db } from "../client";
import { kioskIdentifications, leaveRequests, leaveTypes, notificationsSent, organisations, users, type Organisation } from "../schema";

export async function listOrganisationsForNotifications(): Promise<Organisation[]> {
  const d = await db();
  return d.select().from(organisations).orderBy(asc(organisations.id));
}

/** Everyone of the organisation who could get a mail (the rules leave out who may not). */
export async function listRecipients(orgId: string): Promise<Map<string, Recipient>> {
  const d = await db();
  const rows = await d
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, status: users.status, emailReminders: users.emailReminders })
    .from(users)
    .where(eq(users.orgId, orgId));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Keys (sentKey) of the organisation's mails sent since `since`. */
export async function sentSince(orgId: string, since: Date): Promise<Set<string>> {
  const d = await db();
  const rows = await d
    .select({ userId: notificationsSent.userId, kind: notificationsSent.kind, key: notificationsSent.key })
    .from(notificationsSent)
    .where(and(eq(notificationsSent.orgId, orgId), gte(notificationsSent.sentAt, since)));
  return new Set(rows.map((r) => sentKey(r.userId, r.kind, r.key)));
}

/** Claims a mail before sending it: its id when this run is the first to claim it, null when it was sent already. */
export async function claimNotification(orgId: string, userId: string, kind: NotificationKind, key: string): Promise<string | null> {
  const d = await db();
  const [row] = await d.insert(notificationsSent).values({ orgId, userId, kind, key }).onConflictDoNothing().returning({ id: notificationsSent.id });
  return row?.id ?? null;
}

/** Gives a claim back when the mail could not be sent (the next run tries again). */
export async function releaseNotification(orgId: string, id: string): Promise<void> {
  const d = await db();
  await d.delete(notificationsSent).where(and(eq(notificationsSent.orgId, orgId), eq(notificationsSent.id, id)));
}

/** Leave requests decided since `since`, with their type's name. */
export async function listLeaveDecisions(orgId: string, since: Date): Promise<LeaveDecision[]> {
  const d = await db();
  return d
    .select({
      id: leaveRequests.id,
      userId: leaveRequests.userId,
      status: leaveRequests.status,
      typeName: leaveTypes.name,
      from: leaveRequests.from,
      to: leaveRequests.to,
      half: leaveRequests.half,
      decisionReason: leaveRequests.decisionReason,
      decidedBy: leaveRequests.decidedBy,
      decidedAt: leaveRequests.decidedAt,
    })
    .from(leaveRequests)
    .innerJoin(leaveTypes, and(eq(leaveTypes.id, leaveRequests.typeId), eq(leaveTypes.orgId, leaveRequests.orgId)))
    .where(and(eq(leaveRequests.orgId, orgId), gte(leaveRequests.decidedAt, since)));
}

/** Kiosk identifications nobody answered (their crops with them). */
export async function sweepKioskIdentifications(orgId: string): Promise<void> {
  const d = await db();
  await d.delete(kioskIdentifications).where(and(eq(kioskIdentifications.orgId, orgId), sql`${kioskIdentifications.expiresAt} < now()`));
}

/** The person's own choice on /me (never anyone else's: the id comes from the session). */
export async function setEmailReminders(orgId: string, userId: string, on: boolean): Promise<void> {
  const d = await db();
  await d.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ emailReminders: on })
      .where(and(eq(users.orgId, orgId), eq(users.id, userId)));
  });
}
