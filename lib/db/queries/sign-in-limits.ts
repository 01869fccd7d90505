// Failed sign-ins: per account (progressive lockout) and per IP, on the rate_limits table like every other limit
// (lib/checkin/rate-limit.ts). A lockout and an owner's unlock are audited in each organisation the account is in.
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { lockedUntil, type LimitName } from "@/lib/checkin/rate-limit";
import { AppError } from "@/lib/errors";
import { db } from "../client";
import { users } from "../schema";
import { writeAudit } from "./audit";
import { attemptTimes, clearAttempts, recordAttempts, underRateLimits, type LimitHit } from "./rate-limits";

const accountHit = (email: string): LimitHit => ({ name: "signInAccount", subject: email.trim().toLowerCase() });
const ipHits = (ip: string | null): LimitHit[] => (ip ? [{ name: "signInIp" as LimitName, subject: ip }] : []);

export type SignInGate = { open: true } | { open: false; reason: "locked"; until: Date } | { open: false; reason: "ip" };

/** Whether a sign-in for this email from this IP may be tried at all (checked before the password hash). */
export async function signInGate(email: string, ip: string | null, now = new Date()): Promise<SignInGate> {
  if (!(await underRateLimits(ipHits(ip))).allowed) return { open: false, reason: "ip" };
  const until = lockedUntil(await attemptTimes(accountHit(email)), now);
  return until ? { open: false, reason: "locked", until } : { open: true };
}

/** The account's lockout end, if it is locked now (for the staff page). */
export async function signInLockOf(email: string, now = new Date()): Promise<Date | null> {
  return lockedUntil(await attemptTimes(accountHit(email)), now);
}

/** Records a failed sign-in; when it locks the account, audits the lockout in each organisation of the account. */
export async function recordSignInFailure(email: string, ip: string | null, now = new Date()): Promise<Date | null> {
  const d = await db();
  await recordAttempts(d, null, [accountHit(email), ...ipHits(ip)]);
  const until = lockedUntil(await attemptTimes(accountHit(email)), now);
  if (!until) return null;
  const members = await d.select({ id: users.id, orgId: users.orgId }).from(users).where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`).limit(20);
  for (const m of members)
    await writeAudit(d, { orgId: m.orgId, actorId: null, action: "auth.locked", targetType: "user", targetId: m.id, data: { until: until.toISOString(), ip } });
  return until;
}

/** A successful sign-in forgets the account's failures. */
export async function clearSignInFailures(email: string): Promise<void> {
  await clearAttempts(await db(), accountHit(email));
}

/** An owner lifts a member's lockout (audited). */
export async function unlockSignIn(orgId: string, actorId: string, userId: string): Promise<{ cleared: number }> {
  const d = await db();
  return d.transaction(async (tx) => {
    const [u] = await tx.select().from(users).where(and(eq(users.orgId, orgId), eq(users.id, userId))).limit(1);
    if (!u) throw new AppError("not-found", "No such person in this organisation.");
    const cleared = await clearAttempts(tx, accountHit(u.email));
    await writeAudit(tx, { orgId, actorId, action: "auth.unlocked", targetType: "user", targetId: userId, data: { name: u.name, failures: cleared } });
    return { cleared };
  });
}
