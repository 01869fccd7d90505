// Check-in events: rejections with their reason, acceptances with in/out by the day's state and dedupe.
import "server-only";
import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import { calendarForPerson, isDuplicateScan, nextKind, resolveEvents, rulesFromOrg, WorkCalendar } from "@/lib/attendance";
import { db } from "../client";
import { attendanceEvents, challenges, devices, users, type AttendanceEvent, type MatchingRecord, type Organisation } from "../schema";
import { settingsOf } from "./organisations";
import { loadOrgSchedules } from "./schedules";

export interface EventEvidence {
  orgId: string;
  userId: string | null;
  deviceId: string | null;
  score?: number | null;
  margin?: number | null;
  matching?: MatchingRecord | null;
  liveness?: Record<string, unknown> | null;
  antispoof?: number | null;
  strictCosine?: number | null;
  blobKey?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

/** A rejected attempt, kept for admins to review (and counted by the rate limits). */
export async function recordRejection(e: EventEvidence & { reason: string }): Promise<string> {
  const d = await db();
  const [row] = await d
    .insert(attendanceEvents)
    .values({ ...e, kind: null, decision: "rejected", reason: e.reason.slice(0, 64), source: "face" })
    .returning({ id: attendanceEvents.id });
  return row!.id;
}

export interface ReportedFailure {
  orgId: string;
  userId: string;
  deviceId: string;
  challengeId: string;
  nonce: string;
  /** The session's number under its challenge (1, 2, … after "Try again"). */
  attempt: number;
  reason: string;
  /** What the browser measured (rule names, counts; no images, no embeddings). */
  liveness: Record<string, unknown>;
  antispoof: number | null;
  ip: string | null;
  userAgent: string | null;
  /** How long after the challenge's expiry a report is still taken (ms). */
  graceMs: number;
}

export type ReportRefusal = "challenge-unknown" | "challenge-mismatch" | "challenge-used" | "challenge-expired";

/**
 * A failure the browser decided, written as a rejected attempt in one transaction with the checks that make it
 * trustworthy: the challenge (locked) belongs to this organisation, person, device and nonce, is a check-in, has not
 * been used by a submitted check-in, expired at most graceMs ago, and this attempt number was not reported before
 * (a replayed report is refused). The challenge stays usable: "Try again" runs another session under it.
 */
export async function recordReportedFailure(f: ReportedFailure): Promise<{ eventId: string } | { refused: ReportRefusal }> {
  const d = await db();
  return d.transaction(async (tx) => {
    const [ch] = await tx
      .select({
        userId: challenges.userId,
        deviceId: challenges.deviceId,
        purpose: challenges.purpose,
        nonce: challenges.nonce,
        consumedAt: challenges.consumedAt,
        fresh: sql<boolean>`${challenges.expiresAt} > now() - (${f.graceMs} * interval '1 millisecond')`,
      })
      .from(challenges)
      .where(and(eq(challenges.orgId, f.orgId), eq(challenges.id, f.challengeId)))
      .for("update")
      .limit(1);
    if (!ch) return { refused: "challenge-unknown" as const };
    if (ch.userId !== f.userId || ch.deviceId !== f.deviceId || ch.purpose !== "check-in" || ch.nonce !== f.nonce) return { refused: "challenge-mismatch" as const };
    if (ch.consumedAt) return { refused: "challenge-used" as const };
    if (!ch.fresh) return { refused: "challenge-expired" as const };
    const [seen] = await tx
      .select({ id: attendanceEvents.id })
      .from(attendanceEvents)
      .where(
        and(
          eq(attendanceEvents.orgId, f.orgId),
          eq(attendanceEvents.userId, f.userId),
          sql`${attendanceEvents.liveness}->>'challengeId' = ${f.challengeId}`,
          sql`${attendanceEvents.liveness}->>'attempt' = ${String(f.attempt)}`,
        ),
      )
      .limit(1);
    if (seen) return { refused: "challenge-used" as const };
    const [row] = await tx
      .insert(attendanceEvents)
      .values({
        orgId: f.orgId,
        userId: f.userId,
        deviceId: f.deviceId,
        kind: null,
        decision: "rejected",
        reason: f.reason.slice(0, 64),
        source: "face",
        liveness: { ...f.liveness, decidedBy: "browser", challengeId: f.challengeId, attempt: f.attempt },
        antispoof: f.antispoof,
        ip: f.ip,
        userAgent: f.userAgent,
      })
      .returning({ id: attendanceEvents.id });
    return { eventId: row!.id };
  });
}

export interface Acceptance {
  event: AttendanceEvent;
  /** True when this scan fell within the dedupe window of the previous event and is that same event. */
  duplicate: boolean;
}

/**
 * Records an accepted scan in one transaction (the person's row locked, so two scans of one person are ordered):
 * the direction is "in" or "out" by the person's effective events of the current work day; a scan within
 * settings.dedupeMinutes of the previous effective event returns that event instead of writing a new one.
 */
export async function recordAcceptance(
  org: Organisation,
  userId: string,
  e: Omit<EventEvidence, "orgId" | "userId">,
  at: Date = new Date(),
): Promise<Acceptance> {
  const d = await db();
  const settings = settingsOf(org);
  // The person's own calendar: a night worker's 06:00 check-out belongs to the shift that began the evening before.
  const { templates, byUser } = await loadOrgSchedules(org.id, { userId });
  const calendar = calendarForPerson(new WorkCalendar(rulesFromOrg({ timezone: org.timezone, settings })), templates, byUser.get(userId) ?? []);
  const day = calendar.window(calendar.workDateOf(at));
  const dedupeMs = settings.dedupeMinutes * 60_000;
  const from = new Date(Math.min(day.windowStart, at.getTime() - dedupeMs));
  // Two statements inside the transaction: (1) lock the person's row and read the window's events (the locked
  // row is the outer side of the join, so the lock is taken whether or not there are events); (2) write the event
  // and the device's last-seen time.
  return d.transaction(async (tx) => {
    const locked = tx
      .$with("locked")
      .as(tx.select({ id: users.id }).from(users).where(and(eq(users.orgId, org.id), eq(users.id, userId))).for("update"));
    const rows = await tx
      .with(locked)
      .select({ event: attendanceEvents })
      .from(locked)
      .leftJoin(
        attendanceEvents,
        and(eq(attendanceEvents.orgId, org.id), eq(attendanceEvents.userId, locked.id), gte(attendanceEvents.at, from), lt(attendanceEvents.at, new Date(day.windowEnd))),
      );
    const recent = rows.flatMap((r) => (r.event ? [r.event] : []));
    const { effective } = resolveEvents(recent);
    const last = effective.filter((x) => x.at.getTime() <= at.getTime()).at(-1);
    if (last && isDuplicateScan(last, at, settings.dedupeMinutes)) return { event: last, duplicate: true };
    const todays = effective.filter((x) => x.at.getTime() >= day.windowStart && x.at.getTime() <= at.getTime());
    const values = { ...e, orgId: org.id, userId, kind: nextKind(todays), at, decision: "accepted" as const, reason: null, source: "face" as const };
    const seen = e.deviceId
      ? tx
          .$with("seen")
          .as(tx.update(devices).set({ lastSeenAt: sql`now()` }).where(and(eq(devices.orgId, org.id), eq(devices.id, e.deviceId))).returning({ id: devices.id }))
      : null;
    const [event] = await (seen ? tx.with(seen) : tx).insert(attendanceEvents).values(values).returning();
    return { event: event!, duplicate: false };
  });
}

/** Recent check-in events of the organisation with the person's name, newest first (admin review). */
export async function listCheckinEvents(orgId: string, opts: { limit?: number; decision?: "accepted" | "rejected" | "flagged" } = {}) {
  const d = await db();
  return d
    .select({
      id: attendanceEvents.id,
      at: attendanceEvents.at,
      kind: attendanceEvents.kind,
      decision: attendanceEvents.decision,
      reason: attendanceEvents.reason,
      score: attendanceEvents.score,
      margin: attendanceEvents.margin,
      antispoof: attendanceEvents.antispoof,
      strictCosine: attendanceEvents.strictCosine,
      blobKey: attendanceEvents.blobKey,
      userId: attendanceEvents.userId,
      userName: users.name,
      deviceName: devices.name,
    })
    .from(attendanceEvents)
    .leftJoin(users, and(eq(users.id, attendanceEvents.userId), eq(users.orgId, attendanceEvents.orgId)))
    .leftJoin(devices, and(eq(devices.id, attendanceEvents.deviceId), eq(devices.orgId, attendanceEvents.orgId)))
    .where(and(eq(attendanceEvents.orgId, orgId), eq(attendanceEvents.source, "face"), opts.decision ? eq(attendanceEvents.decision, opts.decision) : undefined))
    .orderBy(desc(attendanceEvents.at))
    .limit(Math.min(opts.limit ?? 100, 500));
}
