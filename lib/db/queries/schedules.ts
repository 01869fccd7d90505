// Shift templates and rota assignments: every write checks the organisation of each id it is given, validates
// against the rules in lib/attendance/schedule.ts, writes an audit entry, all in one transaction.
import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { findOverlap, type ShiftAssignment, type ShiftTemplate } from "@/lib/attendance/schedule";
import { weekdayNames } from "@/lib/validations/settings";
import type { AssignmentInput, ShiftTemplateInput } from "@/lib/validations/schedules";
import { AppError } from "@/lib/errors";
import { db } from "../client";
import { shiftAssignments, shiftTemplates, users, type ShiftAssignmentRow, type ShiftTemplateRow } from "../schema";
import { writeAudit } from "./audit";

export const toTemplate = (r: ShiftTemplateRow): ShiftTemplate => ({
  id: r.id,
  name: r.name,
  start: r.start,
  end: r.end,
  overnight: r.overnight,
  unpaidBreakMinutes: r.unpaidBreakMinutes,
});

export const toAssignment = (r: ShiftAssignmentRow): ShiftAssignment => ({
  id: r.id,
  userId: r.userId,
  templateId: r.templateId,
  weekdays: r.weekdays,
  from: r.validFrom,
  to: r.validTo,
});

export async function listShiftTemplates(orgId: string): Promise<ShiftTemplate[]> {
  const d = await db();
  const rows = await d.select().from(shiftTemplates).where(eq(shiftTemplates.orgId, orgId)).orderBy(asc(shiftTemplates.start), asc(shiftTemplates.name));
  return rows.map(toTemplate);
}

export interface AssignmentRow extends ShiftAssignment {
  personName: string;
  templateName: string;
}

/** Every assignment of the organisation (or of one person), by person then start date. */
export async function listAssignments(orgId: string, opts: { userId?: string } = {}): Promise<AssignmentRow[]> {
  const d = await db();
  const rows = await d
    .select({ a: shiftAssignments, personName: users.name, templateName: shiftTemplates.name })
    .from(shiftAssignments)
    .innerJoin(users, and(eq(users.id, shiftAssignments.userId), eq(users.orgId, shiftAssignments.orgId)))
    .innerJoin(shiftTemplates, and(eq(shiftTemplates.id, shiftAssignments.templateId), eq(shiftTemplates.orgId, shiftAssignments.orgId)))
    .where(and(eq(shiftAssignments.orgId, orgId), opts.userId ? eq(shiftAssignments.userId, opts.userId) : undefined))
    .orderBy(asc(users.name), asc(shiftAssignments.userId), asc(shiftAssignments.validFrom));
  return rows.map((r) => ({ ...toAssignment(r.a), personName: r.personName, templateName: r.templateName }));
}

/** What evaluating the organisation's people needs: its templates and each person's assignments. */
export interface OrgSchedules {
  templates: ShiftTemplate[];
  byUser: Map<string, ShiftAssignment[]>;
}

export async function loadOrgSchedules(orgId: string, opts: { userId?: string } = {}): Promise<OrgSchedules> {
  const d = await db();
  const [templates, rows] = await Promise.all([
    listShiftTemplates(orgId),
    d
      .select()
      .from(shiftAssignments)
      .where(and(eq(shiftAssignments.orgId, orgId), opts.userId ? eq(shiftAssignments.userId, opts.userId) : undefined)),
  ]);
  const byUser = new Map<string, ShiftAssignment[]>();
  for (const r of rows) {
    let list = byUser.get(r.userId);
    if (!list) byUser.set(r.userId, (list = []));
    list.push(toAssignment(r));
  }
  return { templates, byUser };
}

export async function createShiftTemplate(orgId: string, actorId: string, input: ShiftTemplateInput): Promise<ShiftTemplate> {
  const d = await db();
  return d.transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: shiftTemplates.id })
      .from(shiftTemplates)
      .where(and(eq(shiftTemplates.orgId, orgId), sql`lower(${shiftTemplates.name}) = ${input.name.toLowerCase()}`))
      .limit(1);
    if (taken) throw new AppError("conflict", "Please correct the highlighted fields.", { name: [`A shift called "${input.name}" exists already`] });
    const [row] = await tx.insert(shiftTemplates).values({ orgId, ...input }).returning();
    await writeAudit(tx, { orgId, actorId, action: "shift.created", targetType: "shift_template", targetId: row!.id, data: { ...input } });
    return toTemplate(row!);
  });
}

/** Deletes a template no one is assigned to (assignments keep their history: remove them first). */
export async function deleteShiftTemplate(orgId: string, actorId: string, id: string): Promise<void> {
  const d = await db();
  await d.transaction(async (tx) => {
    const [t] = await tx.select().from(shiftTemplates).where(and(eq(shiftTemplates.orgId, orgId), eq(shiftTemplates.id, id))).for("update").limit(1);
    if (!t) throw new AppError("not-found", "No such shift in this organisation.");
    const [used] = await tx.select({ id: shiftAssignments.id }).from(shiftAssignments).where(and(eq(shiftAssignments.orgId, orgId), eq(shiftAssignments.templateId, id))).limit(1);
    if (used) throw new AppError("conflict", `"${t.name}" is on someone's rota: remove those assignments first.`);
    await tx.delete(shiftTemplates).where(and(eq(shiftTemplates.orgId, orgId), eq(shiftTemplates.id, id)));
    await writeAudit(tx, { orgId, actorId, action: "shift.deleted", targetType: "shift_template", targetId: id, data: toTemplate(t) as unknown as Record<string, unknown> });
  });
}

const describeAssignment = (a: Pick<ShiftAssignment, "weekdays" | "from" | "to">, name: string) =>
  `${name} on ${a.weekdays.map((w) => weekdayNames[w - 1]).join(", ")} from ${a.from}${a.to ? ` to ${a.to}` : " on"}`;

/**
 * Assigns a template to a person. The person's row is locked so that two admins cannot add overlapping
 * assignments at once; an overlap with any of their assignments is a field error and nothing is written.
 */
export async function createAssignment(orgId: string, actorId: string, input: AssignmentInput): Promise<ShiftAssignment> {
  const d = await db();
  return d.transaction(async (tx) => {
    const fieldErrors: Record<string, string[]> = {};
    const [person] = await tx.select({ id: users.id }).from(users).where(and(eq(users.orgId, orgId), eq(users.id, input.userId))).for("update").limit(1);
    if (!person) fieldErrors.userId = ["No such person in this organisation"];
    const [template] = await tx.select().from(shiftTemplates).where(and(eq(shiftTemplates.orgId, orgId), eq(shiftTemplates.id, input.templateId))).limit(1);
    if (!template) fieldErrors.templateId = ["No such shift in this organisation"];
    if (Object.keys(fieldErrors).length) throw new AppError("bad-input", "Please correct the highlighted fields.", fieldErrors);

    const existing = await tx
      .select({ a: shiftAssignments, templateName: shiftTemplates.name })
      .from(shiftAssignments)
      .innerJoin(shiftTemplates, eq(shiftTemplates.id, shiftAssignments.templateId))
      .where(and(eq(shiftAssignments.orgId, orgId), eq(shiftAssignments.userId, input.userId)));
    const clash = findOverlap(input, existing.map((r) => ({ ...toAssignment(r.a), templateName: r.templateName })));
    if (clash)
      throw new AppError("conflict", "Please correct the highlighted fields.", {
        from: [`Overlaps ${describeAssignment(clash, clash.templateName)}: end that one first, or pick other days`],
      });

    const [row] = await tx
      .insert(shiftAssignments)
      .values({ orgId, userId: input.userId, templateId: input.templateId, weekdays: input.weekdays, validFrom: input.from, validTo: input.to, createdBy: actorId })
      .returning();
    await writeAudit(tx, {
      orgId,
      actorId,
      action: "rota.assigned",
      targetType: "user",
      targetId: input.userId,
      data: { assignmentId: row!.id, template: template!.name, weekdays: input.weekdays, from: input.from, to: input.to },
    });
    return toAssignment(row!);
  });
}

export async function deleteAssignment(orgId: string, actorId: string, id: string): Promise<void> {
  const d = await db();
  await d.transaction(async (tx) => {
    const [row] = await tx.delete(shiftAssignments).where(and(eq(shiftAssignments.orgId, orgId), eq(shiftAssignments.id, id))).returning();
    if (!row) throw new AppError("not-found", "No such assignment in this organisation.");
    await writeAudit(tx, { orgId, actorId, action: "rota.removed", targetType: "user", targetId: row.userId, data: { assignmentId: id, from: row.validFrom, to: row.validTo, weekdays: row.weekdays } });
  });
}
