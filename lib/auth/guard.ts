// Session → fresh member row → role check. Every action and route goes through requireMember.
import "server-only";
import { personBehind, type PersonRef } from "@/lib/db/queries/people";
import { getMember, listOwners } from "@/lib/db/queries/users";
import type { Role, User } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { isSoleOwner, manageRefusal } from "./separation";
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

export { OWN_RECORD, OWNER_PROTECTED } from "./separation";

/**
 * Owners are protected: only an owner changes an owner's records. Run by the action wrapper for every action that
 * declares the person it acts on (`target`). Roles change only through an owner (changeMemberRole), so the role read
 * here cannot be raised to owner under an admin's feet. With `notOwn` (approvals, leave, corrections: separation of
 * duties) nobody acts on their own record either.
 */
export async function assertMayManage(ctx: MemberContext, ref: PersonRef, opts: { notOwn?: boolean } = {}): Promise<void> {
  if (ctx.user.role === "owner" && !opts.notOwn) return;
  const person = await personBehind(ctx.orgId, ref);
  const own = !!opts.notOwn && person?.userId === ctx.user.id;
  const soleOwner = own && isSoleOwner(ctx.user, await listOwners(ctx.orgId));
  const refusal = person && manageRefusal(ctx.user, { id: person.userId, role: person.role }, !!opts.notOwn, soleOwner);
  if (refusal) throw new AppError("forbidden", refusal);
}

/**
 * Who an action for everyone leaves out (approving or unlocking everyone's period): the actor (not the only owner,
 * see separation.ts), and an admin leaves out the owners.
 */
export async function everyoneBut(ctx: MemberContext): Promise<{ userId: string | null; owners: boolean }> {
  const soleOwner = isSoleOwner(ctx.user, await listOwners(ctx.orgId));
  return { userId: soleOwner ? null : ctx.user.id, owners: ctx.user.role !== "owner" };
}
