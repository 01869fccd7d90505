// Session → fresh member row → role check. Every action and route goes through requireMember.
import "server-only";
import { roleOfPersonBehind, type PersonRef } from "@/lib/db/queries/people";
import { getMember } from "@/lib/db/queries/users";
import type { Role, User } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { currentSession } from "./session";

export const ADMINS: readonly Role[] = ["owner", "admin"];
export const MEMBERS: readonly Role[] = ["owner", "admin", "employee"];

export interface MemberContext {
  user: User;
  orgId: string;
}

/** Re-reads the member from the database on every call: a deactivated user or a demoted admin loses access at once. */
export async function requireMember(roles: readonly Role[]): Promise<MemberContext> {
  const s = await currentSession();
  if (!s) throw new AppError("unauthenticated");
  const user = await getMember(s.orgId, s.id);
  if (!user || user.status !== "active") throw new AppError("unauthenticated");
  if (!roles.includes(user.role)) throw new AppError("forbidden");
  return { user, orgId: user.orgId };
}

export const OWNER_PROTECTED = "Only an owner can change an owner's attendance, face data, devices, role or status.";

/**
 * Owners are protected: only an owner changes an owner's records. Run by the action wrapper for every action that
 * declares the person it acts on (`target`). Roles change only through an owner (changeMemberRole), so the role read
 * here cannot be raised to owner under an admin's feet.
 */
export async function assertMayManage(ctx: MemberContext, ref: PersonRef): Promise<void> {
  if (ctx.user.role === "owner") return;
  if ((await roleOfPersonBehind(ctx.orgId, ref)) === "owner") throw new AppError("forbidden", OWNER_PROTECTED);
}
