// Check-in events: rejections with their reason; punches the person chose, decided against their day's state
// (lib/attendance/punches.ts decidePunch) and written in one transaction; a kiosk's identifications until answered.
import "server-only";
import { and, desc, eq, gt, gte, lt, sql } from "drizzle-orm";
import { calendarForPerson, decidePunch, formatLocalTime, resolveEvents, rulesFromOrg, WorkCalendar, type PunchKind } from "@/lib/attendance";
import { db } from "../client";
import { attendanceEvents, challenges, devices, kioskIdentifications, users, type AttendanceEvent, type MatchingRecord, type Organisation } from "../schema";
import { settingsOf } from "./organisations";
import { loadOrgSchedules } from "./schedules";
import { AppError } from "@/lib/errors";
import { assertUnlockedInstants } from "./approvals";

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

/** What recording a chosen punch came to (lib/attendance/punches.ts decidePunch). */
export type PunchOutcome =
  | { outcome: "recorded"; event: AttendanceEvent }
  /** The same punch again within the dedupe window: `event` is the one recorded before; nothing new was written. */
  | { outcome: "unchanged"; event: AttendanceEvent }
  /** Not a valid next punch for where the person stands: nothing written. */
  | { outcome: "invalid"; message: string };

/** Thrown inside the transaction to undo what it did (an identification taken for an invalid punch). */
class Undo extends Error {
  constructor(readonly outcome: Extract<PunchOutcome, { outcome: "invalid" }>) {
    super("undo");
  }
}

type Tx = Parameters<Parameters<Awaited<ReturnType<typeof db>>["transaction"]>[0]>[0];

/**
 * Decides and records a chosen punch inside `tx` (the person's row locked, so two punches of one person are
 * ordered): the person's effective events of the current work day decide whether `kind` is a valid next punch,
 * the same punch again within settings.dedupeMinutes (unchanged) or invalid (decidePunch). Only a valid punch is
 * written, with the device's last-seen time.
 */
/** The person's own calendar (a night worker's 06:00 check-out belongs to the shift that began the evening before). */
async function punchContext(org: Organisation, userId: string) {
  const settings = settingsOf(org);
  const { templates, byUser } = await loadOrgSchedules(org.id, { userId });
  const calendar = calendarForPerson(new WorkCalendar(rulesFromOrg({ timezone: org.timezone, settings })), templates, byUser.get(userId) ?? []);
  return { settings, calendar };
}
type PunchContext = Awaited<ReturnType<typeof punchContext>>;

async function punchInTx(
  tx: Tx,
  org: Organisation,
  { settings, calendar }: PunchContext,
  userId: string,
  kind: PunchKind,
  e: Omit<EventEvidence, "orgId" | "userId">,
  at: Date,
): Promise<PunchOutcome> {
  // A punch inside an approved pay period needs the period unlocked first (lib/attendance/approval.ts).
  await assertUnlockedInstants(tx, org.id, userId, [at]);
  const day = calendar.window(calendar.workDateOf(at));
  const from = new Date(Math.min(day.windowStart, at.getTime() - settings.dedupeMinutes * 60_000));
  // (1) lock the person's row and read the window's events (the locked row is the outer side of the join, so the
  // lock is taken whether or not there are events); (2) write the event and the device's last-seen time.
  const locked = tx.$with("locked").as(tx.select({ id: users.id }).from(users).where(and(eq(users.orgId, org.id), eq(users.id, userId))).for("update"));
  const rows = await tx
    .with(locked)
    .select({ event: attendanceEvents })
    .from(locked)
    .leftJoin(
      attendanceEvents,
      and(eq(attendanceEvents.orgId, org.id), eq(attendanceEvents.userId, locked.id), gte(attendanceEvents.at, from), lt(attendanceEvents.at, new Date(day.windowEnd))),
    );
  const { effective } = resolveEvents(rows.flatMap((r) => (r.event ? [r.event] : [])));
  const todays = effective.filter((x) => x.at.getTime() >= day.windowStart && x.at.getTime() <= at.getTime());
  // A punch within the dedupe window may belong to the previous work day's window (a check-out just after midnight).
  const last = effective.filter((x) => x.at.getTime() <= at.getTime()).at(-1);
  const decided = decidePunch(last && !todays.includes(last) ? [...todays, last] : todays, kind, at, settings.dedupeMinutes, (d) => formatLocalTime(d, org.timezone));
  if (decided.outcome === "invalid") return decided;
  if (decided.outcome === "unchanged") return { outcome: "unchanged", event: decided.previous };
  const values = { ...e, orgId: org.id, userId, kind, at, decision: "accepted" as const, reason: null, source: "face" as const };
  const seen = e.deviceId
    ? tx
        .$with("seen")
        .as(tx.update(devices).set({ lastSeenAt: sql`now()` }).where(and(eq(devices.orgId, org.id), eq(devices.id, e.deviceId))).returning({ id: devices.id }))
    : null;
  const [event] = await (seen ? tx.with(seen) : tx).insert(attendanceEvents).values(values).returning();
  return { outcome: "recorded", event: event! };
}

/** Stores the audit photo of a punch and returns its key (null: none to keep). */
export type CropKeeper = () => Promise<string | null>;

/**
 * Decides the punch without its photo, then (only when it is recorded) stores the photo with `keepCrop` and links it
 * to the new event, all in `tx`: a refused, invalid or unchanged punch never stores one. If anything after the
 * store fails, the caller deletes it (lib/checkin/server/checkin.ts withCropKeeper).
 */
async function punchWithCrop(
  tx: Tx,
  org: Organisation,
  ctx: PunchContext,
  userId: string,
  kind: PunchKind,
  e: Omit<EventEvidence, "orgId" | "userId" | "blobKey">,
  at: Date,
  keepCrop: CropKeeper | undefined,
): Promise<PunchOutcome> {
  const out = await punchInTx(tx, org, ctx, userId, kind, { ...e, blobKey: null }, at);
  if (out.outcome !== "recorded" || !keepCrop) return out;
  const blobKey = await keepCrop();
  if (blobKey) await tx.update(attendanceEvents).set({ blobKey }).where(and(eq(attendanceEvents.orgId, org.id), eq(attendanceEvents.id, out.event.id)));
  return { outcome: "recorded", event: { ...out.event, blobKey } };
}

/** Records the punch a person chose on their own laptop, in one transaction (see punchInTx); its photo as punchWithCrop. */
export async function recordPunch(
  org: Organisation,
  userId: string,
  kind: PunchKind,
  e: Omit<EventEvidence, "orgId" | "userId" | "blobKey">,
  at: Date = new Date(),
  keepCrop?: CropKeeper,
): Promise<PunchOutcome> {
  const ctx = await punchContext(org, userId);
  const d = await db();
  return d.transaction((tx) => punchWithCrop(tx, org, ctx, userId, kind, e, at, keepCrop));
}

/** The evidence of a kiosk scan, kept with its identification until the person chooses. */
export type IdentificationEvidence = Omit<EventEvidence, "orgId" | "userId" | "deviceId" | "blobKey">;

/** Keeps a kiosk's identification for `ttlMs` (and sweeps the organisation's expired ones). Returns its id. */
export async function saveIdentification(
  orgId: string,
  deviceId: string,
  userId: string,
  evidence: IdentificationEvidence,
  cropJpeg: string | null,
  ttlMs: number,
): Promise<{ id: string; expiresAt: Date }> {
  const d = await db();
  const swept = d.$with("swept").as(d.delete(kioskIdentifications).where(and(eq(kioskIdentifications.orgId, orgId), lt(kioskIdentifications.expiresAt, sql`now()`))).returning({ id: kioskIdentifications.id }));
  const [row] = await d
    .with(swept)
    .insert(kioskIdentifications)
    .values({ orgId, deviceId, userId, evidence: evidence as Record<string, unknown>, cropJpeg, expiresAt: sql`now() + make_interval(secs => ${ttlMs / 1000})` })
    .returning({ id: kioskIdentifications.id, expiresAt: kioskIdentifications.expiresAt });
  return row!;
}

export type KioskPunchOutcome =
  | (Exclude<PunchOutcome, { outcome: "invalid" }> & { userId: string })
  | Extract<PunchOutcome, { outcome: "invalid" }>
  /** Not this kiosk's, expired, or answered already. */
  | { outcome: "expired" };

/**
 * The kiosk's answer to an identification: in one transaction, the identification (this organisation's, this
 * kiosk's, unexpired) is taken — deleted, so it answers once — and the person's punch decided and recorded with its
 * evidence. An invalid punch undoes the taking (the person may still choose a valid one before it expires).
 * `keepCrop` stores the audit photo only once the punch is being recorded (an invalid or unchanged one stores none).
 */
export async function recordKioskPunch(
  org: Organisation,
  deviceId: string,
  identificationId: string,
  kind: PunchKind,
  keepCrop: (cropJpeg: string) => Promise<string | null>,
  at: Date = new Date(),
): Promise<KioskPunchOutcome> {
  const d = await db();
  const [pending] = await d
    .select({ userId: kioskIdentifications.userId })
    .from(kioskIdentifications)
    .where(and(eq(kioskIdentifications.orgId, org.id), eq(kioskIdentifications.deviceId, deviceId), eq(kioskIdentifications.id, identificationId)));
  if (!pending) return { outcome: "expired" };
  const ctx = await punchContext(org, pending.userId);
  const own = and(eq(kioskIdentifications.orgId, org.id), eq(kioskIdentifications.deviceId, deviceId), eq(kioskIdentifications.id, identificationId));
  try {
    const out = await d.transaction(async (tx) => {
      const [idn] = await tx
        .delete(kioskIdentifications)
        .where(and(own, gt(kioskIdentifications.expiresAt, sql`now()`)))
        .returning();
      if (!idn) return { outcome: "expired" as const };
      const ev = idn.evidence as IdentificationEvidence;
      const cropJpeg = idn.cropJpeg;
      const out = await punchWithCrop(tx, org, ctx, idn.userId, kind, { ...ev, deviceId }, at, cropJpeg ? () => keepCrop(cropJpeg) : undefined);
      if (out.outcome === "invalid") throw new Undo(out);
      return { ...out, userId: idn.userId };
    });
    // Expired: its photo goes now rather than at the next sweep.
    if (out.outcome === "expired") await d.delete(kioskIdentifications).where(own);
    return out;
  } catch (e) {
    if (e instanceof Undo) return e.outcome;
    // Refused otherwise (the day is in an approved pay period): no punch can use this scan, so it and its photo
    // go now rather than at expiry.
    if (e instanceof AppError) await d.delete(kioskIdentifications).where(own);
    throw e;
  }
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
      liveness: attendanceEvents.liveness,
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
