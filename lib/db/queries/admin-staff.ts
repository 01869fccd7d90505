// Staff management: the searchable list, account status and role changes (each audited, in one transaction).
import "server-only";
import { and, asc, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { StaffQuery } from "@/lib/validations/staff";
import { db } from "../client";
import type { Tx } from "../open";
import { users, type Role, type User } from "../schema";
import { writeAudit } from "./audit";

export interface StaffRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  status: User["status"];
  enrolment: User["enrolment"];
  createdAt: Date;
  deactivatedAt: Date | null;
  lastCheckIn: Date | null;
  templates: number;
  devices: number;
}

// Correlated subqueries name the outer table explicitly: drizzle renders select fields of a single-table query
// without table names, and an unqualified "id" inside a subquery would bind to the subquery's own table.
const lastCheckIn = sql<Date | null>`(
  select max(e.at) from attendance_events e
  where e.org_id = "users"."org_id" and e.user_id = "users"."id"
    and e.decision = 'accepted' and e.voided_at is null and e.kind = 'in'
    and not exists (select 1 from attendance_events s where s.org_id = e.org_id and s.supersedes_id = e.id)
)`.mapWith((v: string | Date | null) => (v === null ? null : new Date(v)));

const templateCount = sql<number>`(
  select count(*)::int from face_templates t where t.org_id = "users"."org_id" and t.user_id = "users"."id"
)`.mapWith(Number);

const deviceCount = sql<number>`(
  select count(*)::int from devices dv where dv.org_id = "users"."org_id" and dv.user_id = "users"."id" and dv.revoked_at is null
)`.mapWith(Number);

/** Escapes LIKE wildcards so that a search for "50%" finds "50%" only. */
const likeTerm = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Members of the organisation with last check-in, template and device counts; searched and sorted. */
export async function listStaff(orgId: string, q: StaffQuery = {}): Promise<StaffRow[]> {
  const d = await db();
  const where: SQL[] = [eq(users.orgId, orgId)];
  if (q.q) where.push(or(ilike(users.name, likeTerm(q.q)), ilike(users.email, likeTerm(q.q)))!);
  if (q.status) where.push(eq(users.status, q.status));
  const dir = q.dir === "desc" ? desc : asc;
  const order: SQL[] = [];
  switch (q.sort ?? "name") {
    case "role":
      order.push(dir(sql`case ${users.role} when 'owner' then 0 when 'admin' then 1 else 2 end`));
      break;
    case "status":
      order.push(dir(users.status));
      break;
    case "enrolment":
      order.push(dir(users.enrolment));
      break;
    case "lastCheckIn":
      order.push(q.dir === "asc" ? sql`${lastCheckIn} asc nulls first` : sql`${lastCheckIn} desc nulls last`);
      break;
    default:
      order.push(dir(sql`lower(${users.name})`));
  }
  order.push(asc(users.name), asc(users.id));
  return d
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      status: users.status,
      enrolment: users.enrolment,
      createdAt: users.createdAt,
      deactivatedAt: users.deactivatedAt,
      lastCheckIn,
      templates: templateCount,
      devices: deviceCount,
    })
    .from(users)
    .where(and(...where))
    .orderBy(...order)
    .limit(2000);
}

async function lockMember(tx: Tx, orgId: string, userId: string): Promise<User> {
  const [u] = await tx.select().from(users).where(and(eq(users.orgId, orgId), eq(users.id, userId))).for("update").limit(1);
  if (!u) throw new AppError("not-found", "No such person in this organisation.");
  return u;
}

/** Active owners of the organisation, locked so that two concurrent demotions cannot both pass the check. */
async function activeOwners(tx: Tx, orgId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.role, "owner"), eq(users.status, "active")))
    .for("update");
  return rows.map((r) => r.id);
}

const privileged = (r: Role) => r === "owner" || r === "admin";

/**
 * Deactivates or reactivates a member. Rules: nobody deactivates themselves; only an owner changes an admin's or
 * owner's access; the last active owner stays. A deactivated member loses access at once (the guard re-reads the
 * row on every request). Reactivating someone who never set a password puts them back to "invited".
 */
export async function setMemberStatus(orgId: string, actor: Pick<User, "id" | "role">, userId: string, status: "active" | "deactivated"): Promise<{ changed: boolean }> {
  const d = await db();
  return d.transaction(async (tx) => {
    const target = await lockMember(tx, orgId, userId);
    if (status === "deactivated") {
      if (target.status === "deactivated") return { changed: false };
      if (target.id === actor.id) throw new AppError("conflict", "You cannot deactivate your own account.");
      if (privileged(target.role) && actor.role !== "owner") throw new AppError("forbidden", "Only an owner can deactivate an admin or owner.");
      if (target.role === "owner") {
        const owners = await activeOwners(tx, orgId);
        if (owners.filter((id) => id !== target.id).length === 0) throw new AppError("conflict", "An organisation needs at least one active owner.");
      }
      await tx.update(users).set({ status: "deactivated", deactivatedAt: new Date() }).where(and(eq(users.orgId, orgId), eq(users.id, userId)));
      await writeAudit(tx, { orgId, actorId: actor.id, action: "member.deactivated", targetType: "user", targetId: userId, data: { name: target.name } });
      return { changed: true };
    }
    if (target.status !== "deactivated") return { changed: false };
    if (privileged(target.role) && actor.role !== "owner") throw new AppError("forbidden", "Only an owner can reactivate an admin or owner.");
    const next = target.passwordHash ? "active" : "invited";
    await tx.update(users).set({ status: next, deactivatedAt: null }).where(and(eq(users.orgId, orgId), eq(users.id, userId)));
    await writeAudit(tx, { orgId, actorId: actor.id, action: "member.reactivated", targetType: "user", targetId: userId, data: { name: target.name, status: next } });
    return { changed: true };
  });
}

/**
 * Changes a member's role. Only an owner grants or removes the admin and owner roles (admins manage employees'
 * records, not who administers); the last active owner cannot be demoted.
 */
export async function changeMemberRole(orgId: string, actor: Pick<User, "id" | "role">, userId: string, role: Role): Promise<{ changed: boolean }> {
  const d = await db();
  return d.transaction(async (tx) => {
    const target = await lockMember(tx, orgId, userId);
    if (target.role === role) return { changed: false };
    if ((privileged(target.role) || privileged(role)) && actor.role !== "owner")
      throw new AppError("forbidden", "Only an owner can grant or remove the admin and owner roles.");
    if (target.role === "owner") {
      const owners = await activeOwners(tx, orgId);
      if (owners.filter((id) => id !== target.id).length === 0)
        throw new AppError("conflict", "An organisation needs at least one active owner: make someone else owner first.");
    }
    await tx.update(users).set({ role }).where(and(eq(users.orgId, orgId), eq(users.id, userId)));
    await writeAudit(tx, {
      orgId,
      actorId: actor.id,
      action: "member.role-changed",
      targetType: "user",
      targetId: userId,
      data: { name: target.name, changes: { role: { from: target.role, to: role } } },
    });
    return { changed: true };
  });
}
