// Holidays, leave types and leave requests. Every write checks the organisation of each id it is given, refuses
// overlaps with the person's other pending or approved leave, writes an audit entry, in one transaction.
import "server-only";
import { and, asc, desc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import { daysOffOf, rangesOverlap, type ApprovedLeave, type DayOff, type Holiday } from "@/lib/attendance/leave";
import type { LocalDate } from "@/lib/attendance/local-time";
import { AppError } from "@/lib/errors";
import type { RecordLeaveInput } from "@/lib/validations/leave";
import { db } from "../client";
import { holidays, leaveRequests, leaveTypes, users, type LeaveRequest, type LeaveType } from "../schema";
import { assertUnlockedDates } from "./approvals";
import { writeAudit } from "./audit";

const FIX = "Please correct the highlighted fields.";

export async function listHolidays(orgId: string): Promise<Holiday[]> {
  const d = await db();
  return d.select({ date: holidays.date, name: holidays.name }).from(holidays).where(eq(holidays.orgId, orgId)).orderBy(asc(holidays.date));
}

export async function createHoliday(orgId: string, actorId: string, input: Holiday): Promise<void> {
  const d = await db();
  await d.transaction(async (tx) => {
    const [taken] = await tx.select({ name: holidays.name }).from(holidays).where(and(eq(holidays.orgId, orgId), eq(holidays.date, input.date))).limit(1);
    if (taken) throw new AppError("conflict", FIX, { date: [`${input.date} is already a holiday (${taken.name})`] });
    const [row] = await tx.insert(holidays).values({ orgId, ...input }).returning();
    await writeAudit(tx, { orgId, actorId, action: "holiday.created", targetType: "holiday", targetId: row!.id, data: { ...input } });
  });
}

export async function deleteHoliday(orgId: string, actorId: string, date: LocalDate): Promise<void> {
  const d = await db();
  await d.transaction(async (tx) => {
    const [row] = await tx.delete(holidays).where(and(eq(holidays.orgId, orgId), eq(holidays.date, date))).returning();
    if (!row) throw new AppError("not-found", "No holiday on that date.");
    await writeAudit(tx, { orgId, actorId, action: "holiday.deleted", targetType: "holiday", targetId: row.id, data: { date, name: row.name } });
  });
}

export async function listLeaveTypes(orgId: string): Promise<LeaveType[]> {
  const d = await db();
  return d.select().from(leaveTypes).where(eq(leaveTypes.orgId, orgId)).orderBy(asc(leaveTypes.name));
}

export async function createLeaveType(orgId: string, actorId: string, input: Pick<LeaveType, "name" | "category" | "allowanceDays">): Promise<void> {
  const d = await db();
  await d.transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: leaveTypes.id })
      .from(leaveTypes)
      .where(and(eq(leaveTypes.orgId, orgId), sql`lower(${leaveTypes.name}) = ${input.name.toLowerCase()}`))
      .limit(1);
    if (taken) throw new AppError("conflict", FIX, { name: [`A leave type called "${input.name}" exists already`] });
    const [row] = await tx.insert(leaveTypes).values({ orgId, ...input }).returning();
    await writeAudit(tx, { orgId, actorId, action: "leave-type.created", targetType: "leave_type", targetId: row!.id, data: { ...input } });
  });
}

export interface LeaveRow extends LeaveRequest {
  personName: string;
  typeName: string;
  category: LeaveType["category"];
}

export async function listLeave(orgId: string, opts: { userId?: string; status?: LeaveRequest["status"]; limit?: number } = {}): Promise<LeaveRow[]> {
  const d = await db();
  const rows = await d
    .select({ r: leaveRequests, personName: users.name, typeName: leaveTypes.name, category: leaveTypes.category })
    .from(leaveRequests)
    .innerJoin(users, and(eq(users.id, leaveRequests.userId), eq(users.orgId, leaveRequests.orgId)))
    .innerJoin(leaveTypes, and(eq(leaveTypes.id, leaveRequests.typeId), eq(leaveTypes.orgId, leaveRequests.orgId)))
    .where(and(eq(leaveRequests.orgId, orgId), opts.userId ? eq(leaveRequests.userId, opts.userId) : undefined, opts.status ? eq(leaveRequests.status, opts.status) : undefined))
    .orderBy(desc(leaveRequests.from), desc(leaveRequests.createdAt))
    .limit(opts.limit ?? 200);
  return rows.map((x) => ({ ...x.r, personName: x.personName, typeName: x.typeName, category: x.category }));
}

/**
 * Adds leave for `input.userId`: asked by the person themselves (pending) or recorded by an admin (approved).
 * The person's row is locked; another organisation's person or type is a field error; a range that overlaps their
 * pending or approved leave is a field error; nothing is written then.
 */
export async function addLeave(orgId: string, actorId: string, input: RecordLeaveInput, mode: "request" | "record"): Promise<LeaveRequest> {
  const d = await db();
  return d.transaction(async (tx) => {
    const fieldErrors: Record<string, string[]> = {};
    const [person] = await tx.select({ id: users.id }).from(users).where(and(eq(users.orgId, orgId), eq(users.id, input.userId))).for("update").limit(1);
    if (!person) fieldErrors.userId = ["No such person in this organisation"];
    const [type] = await tx.select().from(leaveTypes).where(and(eq(leaveTypes.orgId, orgId), eq(leaveTypes.id, input.typeId))).limit(1);
    if (!type) fieldErrors.typeId = ["Unknown leave type"];
    if (Object.keys(fieldErrors).length) throw new AppError("bad-input", FIX, fieldErrors);
    await assertUnlockedDates(tx, orgId, input.userId, input.from, input.to, "from");
    const others = await tx
      .select()
      .from(leaveRequests)
      .where(and(eq(leaveRequests.orgId, orgId), eq(leaveRequests.userId, input.userId), inArray(leaveRequests.status, ["pending", "approved"])));
    const clash = others.find((o) => rangesOverlap(o, input) && !(o.half && input.half && o.half !== input.half));
    if (clash) throw new AppError("conflict", FIX, { from: [`Overlaps ${clash.status} leave from ${clash.from} to ${clash.to}`] });
    const approved = mode === "record";
    const [row] = await tx
      .insert(leaveRequests)
      .values({
        orgId,
        userId: input.userId,
        typeId: input.typeId,
        from: input.from,
        to: input.to,
        half: input.half,
        note: input.note,
        status: approved ? "approved" : "pending",
        decidedBy: approved ? actorId : null,
        decidedAt: approved ? new Date() : null,
        createdBy: actorId,
      })
      .returning();
    await writeAudit(tx, {
      orgId,
      actorId,
      action: approved ? "leave.recorded" : "leave.requested",
      targetType: "user",
      targetId: input.userId,
      data: { leaveId: row!.id, type: type!.name, from: input.from, to: input.to, half: input.half },
    });
    return row!;
  });
}

/** The person a leave request is for (null: no such request in this organisation). */
export async function leaveRequestOwner(orgId: string, id: string): Promise<string | null> {
  const d = await db();
  const [r] = await d.select({ userId: leaveRequests.userId }).from(leaveRequests).where(and(eq(leaveRequests.orgId, orgId), eq(leaveRequests.id, id))).limit(1);
  return r?.userId ?? null;
}

/** An admin approves or refuses a pending request (a refusal carries its reason). */
export async function decideLeave(orgId: string, actorId: string, input: { id: string; decision: "approve" | "refuse"; reason: string | null }): Promise<LeaveRequest> {
  const d = await db();
  return d.transaction(async (tx) => {
    const [r] = await tx.select().from(leaveRequests).where(and(eq(leaveRequests.orgId, orgId), eq(leaveRequests.id, input.id))).for("update").limit(1);
    if (!r) throw new AppError("not-found", "No such leave request in this organisation.");
    if (r.status !== "pending") throw new AppError("conflict", `This request was ${r.status} already.`);
    if (input.decision === "approve") await assertUnlockedDates(tx, orgId, r.userId, r.from, r.to, "reason");
    const status = input.decision === "approve" ? "approved" : "refused";
    const [row] = await tx
      .update(leaveRequests)
      .set({ status, decisionReason: input.reason, decidedBy: actorId, decidedAt: new Date() })
      .where(and(eq(leaveRequests.orgId, orgId), eq(leaveRequests.id, input.id)))
      .returning();
    await writeAudit(tx, { orgId, actorId, action: `leave.${status}`, targetType: "user", targetId: r.userId, data: { leaveId: r.id, reason: input.reason } });
    return row!;
  });
}

/** Holidays and approved leave that touch work days `from`..`to`, as each person's days off. */
export async function loadDaysOff(orgId: string, from: LocalDate, to: LocalDate, userId?: string): Promise<(personId: string) => ReadonlyMap<LocalDate, DayOff>> {
  const d = await db();
  const [hs, rows] = await Promise.all([
    d.select({ date: holidays.date, name: holidays.name }).from(holidays).where(and(eq(holidays.orgId, orgId), gte(holidays.date, from), lte(holidays.date, to))),
    d
      .select({ r: leaveRequests, typeName: leaveTypes.name, category: leaveTypes.category })
      .from(leaveRequests)
      .innerJoin(leaveTypes, and(eq(leaveTypes.id, leaveRequests.typeId), eq(leaveTypes.orgId, leaveRequests.orgId)))
      .where(
        and(eq(leaveRequests.orgId, orgId), eq(leaveRequests.status, "approved"), lte(leaveRequests.from, to), gte(leaveRequests.to, from), userId ? eq(leaveRequests.userId, userId) : undefined),
      ),
  ]);
  const byUser = new Map<string, ApprovedLeave[]>();
  for (const x of rows) {
    let list = byUser.get(x.r.userId);
    if (!list) byUser.set(x.r.userId, (list = []));
    list.push({ typeId: x.r.typeId, typeName: x.typeName, category: x.category, from: x.r.from, to: x.r.to, half: x.r.half });
  }
  const everyone = daysOffOf(hs, []);
  const cache = new Map<string, ReadonlyMap<LocalDate, DayOff>>();
  return (personId) => {
    const leaves = byUser.get(personId);
    if (!leaves) return everyone;
    let m = cache.get(personId);
    if (!m) cache.set(personId, (m = daysOffOf(hs, leaves)));
    return m;
  };
}
