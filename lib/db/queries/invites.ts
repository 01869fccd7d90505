import "server-only";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { hashInviteToken, INVITE_TTL_MS, newInviteToken } from "@/lib/checkin/invite-token";
import { AppError } from "@/lib/errors";
import { db } from "../client";
import { invites, organisations, users, type Invite, type Role, type User } from "../schema";
import { writeAudit } from "./audit";

export interface NewInvite {
  orgId: string;
  actorId: string;
  email: string;
  name: string;
  role: Role;
}

/** Creates an invite and returns the only copy of its token (the database keeps its hash). */
export async function createInvite(input: NewInvite): Promise<{ invite: Invite; token: string }> {
  if (input.role === "owner") throw new AppError("forbidden", "Owners cannot be invited; promote an admin instead.");
  const d = await db();
  const token = newInviteToken();
  return d.transaction(async (tx) => {
    const [member] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.orgId, input.orgId), sql`lower(${users.email}) = ${input.email.toLowerCase()}`))
      .limit(1);
    if (member) throw new AppError("conflict", "Someone with this email is already a member.", { email: ["Already a member of this organisation."] });
    // A new invite replaces any pending one for the same address.
    await tx
      .update(invites)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(invites.orgId, input.orgId), sql`lower(${invites.email}) = ${input.email.toLowerCase()}`, isNull(invites.usedAt), isNull(invites.revokedAt)));
    const [invite] = await tx
      .insert(invites)
      .values({
        orgId: input.orgId,
        email: input.email,
        name: input.name,
        role: input.role,
        tokenHash: hashInviteToken(token),
        invitedBy: input.actorId,
        expiresAt: new Date(Date.now() + INVITE_TTL_MS),
      })
      .returning();
    await writeAudit(tx, { orgId: input.orgId, actorId: input.actorId, action: "invite.created", targetType: "invite", targetId: invite!.id, data: { email: input.email, role: input.role } });
    return { invite: invite!, token };
  });
}

export type InviteProblem = "unknown" | "used" | "revoked" | "expired";

export interface InviteLookup {
  invite: Invite;
  orgName: string;
  orgSlug: string;
}

/** The invite behind a token, or why it cannot be used. */
export async function findInvite(token: string): Promise<{ ok: true; value: InviteLookup } | { ok: false; problem: InviteProblem }> {
  const d = await db();
  const [row] = await d
    .select({ invite: invites, orgName: organisations.name, orgSlug: organisations.slug })
    .from(invites)
    .innerJoin(organisations, eq(organisations.id, invites.orgId))
    .where(eq(invites.tokenHash, hashInviteToken(token)))
    .limit(1);
  if (!row) return { ok: false, problem: "unknown" };
  if (row.invite.usedAt) return { ok: false, problem: "used" };
  if (row.invite.revokedAt) return { ok: false, problem: "revoked" };
  if (row.invite.expiresAt.getTime() <= Date.now()) return { ok: false, problem: "expired" };
  return { ok: true, value: row };
}

export const inviteProblemMessages: Record<InviteProblem, string> = {
  unknown: "This invitation link is not valid. Check that you copied the whole link, or ask your admin for a new one.",
  used: "This invitation was already accepted. Sign in instead.",
  revoked: "This invitation was withdrawn. Ask your admin for a new one.",
  expired: "This invitation has expired. Ask your admin for a new one.",
};

/**
 * Accepts an invite: creates the member with the given password hash and marks the invite used, in one
 * transaction that locks the invite row (two acceptances of one link: exactly one succeeds).
 */
export async function acceptInvite(token: string, passwordHash: string, ip: string | null): Promise<{ user: User; orgSlug: string }> {
  const d = await db();
  return d.transaction(async (tx) => {
    const [invite] = await tx
      .select()
      .from(invites)
      .where(and(eq(invites.tokenHash, hashInviteToken(token)), isNull(invites.usedAt), isNull(invites.revokedAt), gt(invites.expiresAt, sql`now()`)))
      .for("update")
      .limit(1);
    if (!invite) throw new AppError("not-found", "This invitation can no longer be used. Ask your admin for a new one.");
    const [taken] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.orgId, invite.orgId), sql`lower(${users.email}) = ${invite.email.toLowerCase()}`))
      .limit(1);
    if (taken) throw new AppError("conflict", "This email is already a member. Sign in instead.");
    const [user] = await tx
      .insert(users)
      .values({ orgId: invite.orgId, email: invite.email, name: invite.name, role: invite.role, status: "active", passwordHash, enrolment: "none", emailVerifiedAt: new Date() }) // the invite came by mail
      .returning();
    await tx.update(invites).set({ usedAt: sql`now()` }).where(eq(invites.id, invite.id));
    await writeAudit(tx, { orgId: invite.orgId, actorId: user!.id, action: "invite.accepted", targetType: "invite", targetId: invite.id, data: { ip } });
    const [org] = await tx.select({ slug: organisations.slug }).from(organisations).where(eq(organisations.id, invite.orgId)).limit(1);
    return { user: user!, orgSlug: org!.slug };
  });
}

/** Pending invites (not used, not revoked), newest first, with whether they have expired. */
export async function listPendingInvites(orgId: string) {
  const d = await db();
  return d
    .select({ id: invites.id, email: invites.email, name: invites.name, role: invites.role, expiresAt: invites.expiresAt, createdAt: invites.createdAt })
    .from(invites)
    .where(and(eq(invites.orgId, orgId), isNull(invites.usedAt), isNull(invites.revokedAt)))
    .orderBy(desc(invites.createdAt))
    .limit(200);
}

export async function revokeInvite(orgId: string, actorId: string, id: string): Promise<void> {
  const d = await db();
  await d.transaction(async (tx) => {
    const [row] = await tx
      .update(invites)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(invites.orgId, orgId), eq(invites.id, id), isNull(invites.usedAt), isNull(invites.revokedAt)))
      .returning({ id: invites.id, email: invites.email });
    if (!row) throw new AppError("not-found", "No pending invite with that id.");
    await writeAudit(tx, { orgId, actorId, action: "invite.revoked", targetType: "invite", targetId: id, data: { email: row.email } });
  });
}
