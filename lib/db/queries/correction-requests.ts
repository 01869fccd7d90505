// Employees' correction requests: asked from /me for one of their own days, decided by an admin. Approving one
// carries it out as corrections linked to the request (corrections.requestId), all in one transaction.
import "server-only";
import { and, asc, desc, eq, gte, isNull, lt, sql } from "drizzle-orm";
import { correctionSteps, type DayEvent } from "@/lib/attendance/approval";
import { addDays, daysBetween, parseLocalTime, toLocal, zonedInstant, type LocalDate } from "@/lib/attendance/local-time";
import { AppError } from "@/lib/errors";
import { db } from "../client";
import { attendanceEvents, correctionRequests, organisations, users, type CorrectionRequest } from "../schema";
import { assertUnlockedDates } from "./approvals";
import { writeAudit } from "./audit";
import { addCorrectedEventTx, editCorrectedEventTx } from "./corrections";

const FIX = "Please correct the highlighted fields.";

export interface NewCorrectionRequest {
  date: LocalDate;
  checkIn: string | null;
  checkOut: string | null;
  reason: string;
}

/**
 * Records the signed-in person's request about their own `date` (never a day after `today`, never inside an
 * approved period, one pending request per day). Field errors, nothing written, otherwise.
 */
export async function createCorrectionRequest(orgId: string, userId: string, input: NewCorrectionRequest, today: LocalDate): Promise<CorrectionRequest> {
  if (input.date > today) throw new AppError("bad-input", FIX, { date: ["That day has not happened yet"] });
  const d = await db();
  return d.transaction(async (tx) => {
    const [person] = await tx.select({ id: users.id }).from(users).where(and(eq(users.orgId, orgId), eq(users.id, userId))).for("update").limit(1);
    if (!person) throw new AppError("not-found", "No such person in this organisation.");
    await assertUnlockedDates(tx, orgId, userId, input.date, input.date, "date");
    const [pending] = await tx
      .select({ id: correctionRequests.id })
      .from(correctionRequests)
      .where(and(eq(correctionRequests.orgId, orgId), eq(correctionRequests.userId, userId), eq(correctionRequests.date, input.date), eq(correctionRequests.status, "pending")))
      .limit(1);
    if (pending) throw new AppError("conflict", FIX, { date: ["You have a request for this day waiting already"] });
    const [row] = await tx.insert(correctionRequests).values({ orgId, userId, ...input }).returning();
    await writeAudit(tx, {
      orgId,
      actorId: userId,
      action: "correction.requested",
      targetType: "user",
      targetId: userId,
      data: { requestId: row!.id, date: input.date, checkIn: input.checkIn, checkOut: input.checkOut, reason: input.reason },
    });
    return row!;
  });
}

/**
 * An admin approves (the day's first check-in and last check-out move to the asked times, or are added: see
 * correctionSteps) or refuses (with a reason) a pending request of their organisation.
 */
export async function decideCorrectionRequest(
  orgId: string,
  adminId: string,
  input: { id: string; decision: "approve" | "refuse"; reason: string | null },
): Promise<{ request: CorrectionRequest; corrections: number }> {
  const d = await db();
  return d.transaction(async (tx) => {
    const [r] = await tx.select().from(correctionRequests).where(and(eq(correctionRequests.orgId, orgId), eq(correctionRequests.id, input.id))).for("update").limit(1);
    if (!r) throw new AppError("not-found", "That correction request does not exist.");
    if (r.status !== "pending") throw new AppError("conflict", `This request was ${r.status} already.`);
    let done = 0;
    if (input.decision === "approve") {
      await assertUnlockedDates(tx, orgId, r.userId, r.date, r.date, "reason");
      const [org] = await tx.select({ timezone: organisations.timezone }).from(organisations).where(eq(organisations.id, orgId)).limit(1);
      const tz = org!.timezone;
      const from = new Date(zonedInstant(r.date, 0, tz));
      const to = new Date(zonedInstant(addDays(r.date, 1), 0, tz));
      const rows = await tx
        .select({ id: attendanceEvents.id, kind: attendanceEvents.kind, at: attendanceEvents.at })
        .from(attendanceEvents)
        .where(
          and(
            eq(attendanceEvents.orgId, orgId),
            eq(attendanceEvents.userId, r.userId),
            eq(attendanceEvents.decision, "accepted"),
            isNull(attendanceEvents.voidedAt),
            gte(attendanceEvents.at, from),
            lt(attendanceEvents.at, to),
            sql`not exists (select 1 from attendance_events s where s.org_id = ${orgId} and s.supersedes_id = "attendance_events"."id")`,
          ),
        )
        .orderBy(asc(attendanceEvents.at));
      const day: DayEvent[] = rows.flatMap((e) => {
        if (!e.kind) return [];
        const l = toLocal(e.at, tz);
        return [{ id: e.id, kind: e.kind, minutes: l.minutes + 1440 * daysBetween(r.date, l.date) }];
      });
      const steps = correctionSteps({ date: r.date, checkIn: r.checkIn ? parseLocalTime(r.checkIn) : null, checkOut: r.checkOut ? parseLocalTime(r.checkOut) : null }, day);
      const reason = `Request: ${r.reason}`;
      for (const s of steps) {
        const at = new Date(zonedInstant(r.date, s.minutes, tz));
        if (s.op === "add") await addCorrectedEventTx(tx, orgId, adminId, { userId: r.userId, at, kind: s.kind, reason, requestId: r.id });
        else await editCorrectedEventTx(tx, orgId, adminId, { eventId: s.eventId, at, kind: s.kind, reason, requestId: r.id });
        done++;
      }
    }
    const status = input.decision === "approve" ? "approved" : "refused";
    const [row] = await tx
      .update(correctionRequests)
      .set({ status, decisionReason: input.reason, decidedBy: adminId, decidedAt: new Date() })
      .where(and(eq(correctionRequests.orgId, orgId), eq(correctionRequests.id, r.id)))
      .returning();
    await writeAudit(tx, {
      orgId,
      actorId: adminId,
      action: `correction.request-${status}`,
      targetType: "user",
      targetId: r.userId,
      data: { requestId: r.id, date: r.date, reason: input.reason, corrections: done },
    });
    return { request: row!, corrections: done };
  });
}

/** Whose request `id` is (null when the organisation has no such request). */
export async function correctionRequestOwner(orgId: string, id: string): Promise<string | null> {
  const d = await db();
  const [r] = await d.select({ userId: correctionRequests.userId }).from(correctionRequests).where(and(eq(correctionRequests.orgId, orgId), eq(correctionRequests.id, id))).limit(1);
  return r?.userId ?? null;
}

export interface CorrectionRequestRow extends CorrectionRequest {
  personName: string;
}

/** Correction requests of the organisation (one person's with `userId`), newest first. */
export async function listCorrectionRequests(orgId: string, opts: { userId?: string; status?: CorrectionRequest["status"]; limit?: number } = {}): Promise<CorrectionRequestRow[]> {
  const d = await db();
  const rows = await d
    .select({ r: correctionRequests, personName: users.name })
    .from(correctionRequests)
    .innerJoin(users, and(eq(users.id, correctionRequests.userId), eq(users.orgId, correctionRequests.orgId)))
    .where(and(eq(correctionRequests.orgId, orgId), opts.userId ? eq(correctionRequests.userId, opts.userId) : undefined, opts.status ? eq(correctionRequests.status, opts.status) : undefined))
    .orderBy(desc(correctionRequests.createdAt), desc(correctionRequests.id))
    .limit(Math.min(opts.limit ?? 100, 500));
  return rows.map((x) => ({ ...x.r, personName: x.personName }));
}
