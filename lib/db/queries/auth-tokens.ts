// Single-use links mailed to a person: password reset (1 hour) and e-mail verification (1 day). Only the
// token's SHA-256 is stored; using one marks it used, in the transaction that acts on it, audited.
import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { hashInviteToken, newInviteToken } from "@/lib/checkin/invite-token";
import { AppError } from "@/lib/errors";
import { db } from "../client";
import type { Database, Tx } from "../open";
import { authTokens, organisations, users, type AuthToken, type User } from "../schema";
import { writeAudit } from "./audit";

export const TOKEN_TTL_MS: Record<AuthToken["purpose"], number> = {
  "password-reset": 60 * 60 * 1000,
  "email-verify": 24 * 60 * 60 * 1000,
};

export const LINK_INVALID = "This link has expired or has already been used. Ask for a new one.";

/** A new token for the person (earlier unused ones of the same purpose stop working). Returns the raw token. */
export async function createAuthToken(tx: Tx | Database, u: Pick<User, "id" | "orgId">, purpose: AuthToken["purpose"], now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  await tx.delete(authTokens).where(and(eq(authTokens.orgId, u.orgId), eq(authTokens.userId, u.id), eq(authTokens.purpose, purpose), isNull(authTokens.usedAt)));
  const token = newInviteToken();
  const expiresAt = new Date(now.getTime() + TOKEN_TTL_MS[purpose]);
  await tx.insert(authTokens).values({ orgId: u.orgId, userId: u.id, purpose, tokenHash: hashInviteToken(token), expiresAt });
  return { token, expiresAt };
}

/** Active accounts with this e-mail address, with their organisation (one person may be in several). */
export async function activeAccountsByEmail(email: string) {
  const d = await db();
  return d
    .select({ user: users, orgName: organisations.name, orgSlug: organisations.slug })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.orgId))
    .where(and(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`, eq(users.status, "active")))
    .limit(20);
}

/** Takes a token of this purpose (locked, unused, unexpired) or refuses the link. */
async function takeToken(tx: Tx, token: string, purpose: AuthToken["purpose"], now: Date) {
  const [row] = await tx
    .select({ t: authTokens, user: users, orgSlug: organisations.slug })
    .from(authTokens)
    .innerJoin(users, eq(users.id, authTokens.userId))
    .innerJoin(organisations, eq(organisations.id, authTokens.orgId))
    .where(and(eq(authTokens.tokenHash, hashInviteToken(token)), eq(authTokens.purpose, purpose)))
    .for("update", { of: authTokens })
    .limit(1);
  if (!row || row.t.usedAt || row.t.expiresAt <= now || row.user.status !== "active") throw new AppError("bad-input", LINK_INVALID);
  await tx.update(authTokens).set({ usedAt: now }).where(eq(authTokens.id, row.t.id));
  return row;
}

/** Sets a new password with a reset link (single use; other reset links of the person stop working). Audited. */
export async function resetPasswordWithToken(token: string, passwordHash: string, meta: { ip: string | null }, now = new Date()) {
  const d = await db();
  return d.transaction(async (tx) => {
    const { user, orgSlug } = await takeToken(tx, token, "password-reset", now);
    // Reading the mail proves the address too.
    await tx.update(users).set({ passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? now }).where(eq(users.id, user.id));
    await tx.delete(authTokens).where(and(eq(authTokens.userId, user.id), eq(authTokens.purpose, "password-reset"), isNull(authTokens.usedAt)));
    await writeAudit(tx, { orgId: user.orgId, actorId: user.id, action: "auth.password-reset", targetType: "user", targetId: user.id, data: { ip: meta.ip } });
    return { user, orgSlug };
  });
}

/** Marks the address verified with a verification link (single use). Audited. */
export async function verifyEmailWithToken(token: string, now = new Date()) {
  const d = await db();
  return d.transaction(async (tx) => {
    const { user } = await takeToken(tx, token, "email-verify", now);
    await tx.update(users).set({ emailVerifiedAt: now }).where(eq(users.id, user.id));
    await writeAudit(tx, { orgId: user.orgId, actorId: user.id, action: "auth.email-verified", targetType: "user", targetId: user.id, data: { email: user.email } });
    return { user };
  });
}
