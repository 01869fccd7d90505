// The demo organisation created on first dev start so a newcomer can sign in at once.
import "server-only";
import { and, eq } from "drizzle-orm";
import { addDays, localDateOf, toLocal, zonedInstant } from "@/lib/attendance/local-time";
import { hashPassword } from "@/lib/auth/password";
import { DEMO_OWNER, DEMO_STAFF, planDemoHistory } from "@/lib/demo/history";
import { db } from "./client";
import { ensureDemoOwnerFace } from "./seed-demo-face";
import { writeAudit } from "./queries/audit";
import {
  attendanceEvents,
  correctionRequests,
  holidays,
  leaveRequests,
  leaveTypes,
  periodApprovals,
  shiftAssignments,
  shiftTemplates,
  users,
  type Organisation,
} from "./schema";
import { createHoliday, createLeaveType } from "./queries/leave";
import { createOrganisationWithOwner, getOrganisationBySlug, updateOrganisationSettings } from "./queries/organisations";
import { createShiftTemplate } from "./queries/schedules";

export const DEMO = {
  slug: "demo",
  organisationName: "Demo Ltd",
  ownerName: "Dana Demo",
  email: "owner@demo.clockface.test",
  password: "clockface-demo-2026",
  timezone: "Europe/London",
} as const;

/**
 * Creates the demo organisation on first start, and its staff with 30 days of history (lib/demo/history.ts) once,
 * and enrols its owner from the committed face fixture (seed-demo-face.ts; liveness steps: the two head turns) so
 * /check-in can be tried at once: a database from before the history or the face existed gets them on its next
 * start. Returns whether the organisation was new.
 */
export async function ensureDemoOrganisation(now = new Date()): Promise<boolean> {
  const existing = await getOrganisationBySlug(DEMO.slug);
  if (existing) {
    const d = await db();
    const [owner] = await d.select().from(users).where(and(eq(users.orgId, existing.id), eq(users.role, "owner"))).limit(1);
    if (owner) {
      await seedDemoHistory(existing, owner.id, now);
      await seedOwnerFace(existing.id, owner.id);
    }
    return false;
  }
  const { org, owner } = await createOrganisationWithOwner({
    organisationName: DEMO.organisationName,
    slug: DEMO.slug,
    ownerName: DEMO.ownerName,
    email: DEMO.email,
    passwordHash: await hashPassword(DEMO.password),
    timezone: DEMO.timezone,
  });
  await seedDemoTimekeeping(org.id, owner.id, now);
  const fresh = await getOrganisationBySlug(DEMO.slug);
  await seedDemoHistory(fresh!, owner.id, now);
  await seedOwnerFace(org.id, owner.id);
  return true;
}

/** The owner's face (seed-demo-face.ts); without it the demo still starts, with one line saying why. */
async function seedOwnerFace(orgId: string, ownerId: string): Promise<void> {
  try {
    await ensureDemoOwnerFace(orgId, ownerId);
  } catch (e) {
    console.error(`demo organisation: the owner's face was not enrolled (/check-in needs an enrolment): ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The demo staff's sign-in e-mail ("amara@demo.clockface.test"); their password is the owner's. */
export const demoStaffEmail = (key: string) => `${key}@demo.clockface.test`;

/**
 * Writes the planned history in one transaction, unless the staff exist already (idempotent: a second start, or
 * two starting at once, change nothing). Rows go in directly: they are the past, not admin actions to audit.
 */
async function seedDemoHistory(org: Organisation, ownerId: string, now: Date): Promise<void> {
  const d = await db();
  const tz = org.timezone;
  const today = localDateOf(now, tz);
  const plan = planDemoHistory(today, toLocal(now, tz).minutes);
  const passwordHash = await hashPassword(DEMO.password);
  await d.transaction(async (tx) => {
    const [owner] = await tx.select({ id: users.id }).from(users).where(and(eq(users.orgId, org.id), eq(users.id, ownerId))).for("update").limit(1);
    if (!owner) return;
    const [seeded] = await tx.select({ id: users.id }).from(users).where(and(eq(users.orgId, org.id), eq(users.email, demoStaffEmail(DEMO_STAFF[0]!.key)))).limit(1);
    if (seeded) return;
    const joined = new Date(zonedInstant(addDays(plan.from, -1), 12 * 60, tz));
    const staff = await tx
      .insert(users)
      .values(DEMO_STAFF.map((p) => ({ orgId: org.id, name: p.name, email: demoStaffEmail(p.key), role: "employee" as const, passwordHash, employeeNumber: p.employeeNumber, emailVerifiedAt: joined, createdAt: joined })))
      .returning({ id: users.id, email: users.email });
    const idOf = new Map(DEMO_STAFF.map((p) => [p.key, staff.find((s) => s.email === demoStaffEmail(p.key))!.id]));
    // The owner "joined" with the staff, so that their history counts.
    await tx.update(users).set({ employeeNumber: DEMO_OWNER.employeeNumber, createdAt: joined }).where(and(eq(users.orgId, org.id), eq(users.id, ownerId)));
    const personId = (key: string) => (key === DEMO_OWNER.key ? ownerId : idOf.get(key)!);
    const templates = await tx.select().from(shiftTemplates).where(eq(shiftTemplates.orgId, org.id));
    const rota = DEMO_STAFF.filter((p) => p.shift !== "default").flatMap((p) => {
      const t = templates.find((x) => x.name === p.shift);
      return t ? [{ orgId: org.id, userId: idOf.get(p.key)!, templateId: t.id, weekdays: [1, 2, 3, 4, 5], validFrom: plan.from, createdBy: ownerId }] : [];
    });
    if (rota.length) await tx.insert(shiftAssignments).values(rota);
    await tx.insert(holidays).values({ orgId: org.id, ...plan.holiday }).onConflictDoNothing();
    const types = await tx.select().from(leaveTypes).where(eq(leaveTypes.orgId, org.id));
    const leave = plan.leave.flatMap((l) => {
      const type = types.find((t) => t.name === l.type);
      if (!type) return [];
      const decided = l.status === "pending" ? null : now;
      return [{ orgId: org.id, userId: idOf.get(l.person)!, typeId: type.id, from: l.from, to: l.to, status: l.status, note: l.note, decisionReason: l.decisionReason, decidedBy: decided ? ownerId : null, decidedAt: decided, createdBy: idOf.get(l.person)! }];
    });
    if (leave.length) await tx.insert(leaveRequests).values(leave);
    const events = plan.events.map((e) => ({
      orgId: org.id,
      userId: e.person ? personId(e.person) : null,
      kind: e.kind,
      at: new Date(zonedInstant(e.date, e.minutes, tz)),
      decision: e.decision,
      reason: e.reason,
      source: "face" as const,
    }));
    for (let i = 0; i < events.length; i += 500) await tx.insert(attendanceEvents).values(events.slice(i, i + 500));
    if (plan.correctionRequests.length)
      await tx.insert(correctionRequests).values(plan.correctionRequests.map((r) => ({ orgId: org.id, userId: personId(r.person), date: r.date, checkIn: r.checkIn, checkOut: r.checkOut, reason: r.reason, createdAt: now })));
    // The owner approves the staff's week; nobody approves their own period (the owner's needs another owner).
    await tx.insert(periodApprovals).values([...idOf.values()].map((userId) => ({ orgId: org.id, userId, kind: "week" as const, ...plan.approvedWeek, approvedBy: ownerId, approvedAt: now })));
    await writeAudit(tx, { orgId: org.id, actorId: ownerId, action: "demo.seeded", targetType: "organisation", targetId: org.id, data: { staff: staff.length, events: events.length, from: plan.from, to: today } });
  });
}

/**
 * What the demo shows of time keeping: three shifts, leave types with an allowance, the year's Christmas and New
 * Year holidays, overtime after 8 h a day / 40 h a week, weekly pay periods. The owner keeps the organisation's
 * hours; the staff's rota comes with their history (seedDemoHistory).
 */
async function seedDemoTimekeeping(orgId: string, ownerId: string, now: Date): Promise<void> {
  await createShiftTemplate(orgId, ownerId, { name: "Early", start: "06:00", end: "14:00", overnight: false, unpaidBreakMinutes: 30 });
  await createShiftTemplate(orgId, ownerId, { name: "Late", start: "14:00", end: "22:00", overnight: false, unpaidBreakMinutes: 30 });
  await createShiftTemplate(orgId, ownerId, { name: "Night", start: "22:00", end: "06:00", overnight: true, unpaidBreakMinutes: 45 });
  await createLeaveType(orgId, ownerId, { name: "Annual leave", category: "paid", allowanceDays: 25 });
  await createLeaveType(orgId, ownerId, { name: "Sick leave", category: "sick", allowanceDays: null });
  await createLeaveType(orgId, ownerId, { name: "Unpaid leave", category: "unpaid", allowanceDays: null });
  const year = now.getUTCFullYear();
  await createHoliday(orgId, ownerId, { date: `${year}-12-25`, name: "Christmas Day" });
  await createHoliday(orgId, ownerId, { date: `${year + 1}-01-01`, name: "New Year's Day" });
  await updateOrganisationSettings(orgId, ownerId, { overtimeDailyMinutes: 480, overtimeWeeklyMinutes: 2400, payPeriod: "week" }, "settings.demo");
}
