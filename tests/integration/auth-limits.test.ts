// Brute force against the real Auth.js credentials endpoint (the attacker's path: /api/auth/callback/credentials;
// the sign-in form's action ends in the same authorize()): progressive lockout per account, the right password
// refused while locked, an admin's unlock, the per-address limit whatever X-Forwarded-For says — and nothing but
// attempt rows and audit entries written.
import { and, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog, organisations, rateLimits, users } from "@/lib/db/schema";
import { makeOrgWithOwner, makeUser, type TestOrg } from "@/tools/builders";
import { testDb, useMemoryDatabase } from "../support/db";

vi.mock("@/lib/auth/session", async () => (await import("../support/session")).sessionModule);
import { session, sessionOf } from "../support/session";
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

process.env.AUTH_SECRET ??= "test-secret-for-auth-limits-0123456789abcdef";
process.env.AUTH_URL = "http://localhost:3000";
// The route as deployed: Auth.js's GET, and its POST answering a lockout with 429.
const { GET, POST } = await import("@/app/api/auth/[...nextauth]/route");
const handlers = { GET, POST };
const { hashPassword } = await import("@/lib/auth/password");
const { unlockSignInAction } = await import("@/app/admin/staff/actions");
const { rateLimitRules } = await import("@/lib/checkin/rate-limit");
const { PEER_HEADER } = await import("@/lib/security/peer-address");

const PASSWORD = "right-horse-battery-9";
let org: TestOrg;
let admin: Awaited<ReturnType<typeof makeUser>>;
let emp: Awaited<ReturnType<typeof makeUser>>;

let lastStatus = 0;

/** One sign-in through the credentials callback, as a browser would (CSRF cookie + token), from `peer`. */
async function signIn(email: string, password: string, peer: string, extra: Record<string, string> = {}) {
  const base = "http://localhost:3000/api/auth";
  const csrf = await handlers.GET(new NextRequest(`${base}/csrf`, { headers: { [PEER_HEADER]: peer } }));
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const res = await handlers.POST(
    new NextRequest(`${base}/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie, [PEER_HEADER]: peer, ...extra },
      body: new URLSearchParams({ email, password, csrfToken, callbackUrl: "/go" }),
    }),
  );
  lastStatus = res.status;
  const signedIn = res.headers.getSetCookie().some((c) => c.startsWith("authjs.session-token="));
  if (res.status === 429) {
    const body = (await res.json()) as { error: string };
    return { signedIn, code: /locked/.test(body.error) ? "locked" : "rate-limited" };
  }
  const location = res.headers.get("location") ?? "";
  return { signedIn, code: new URL(location, base).searchParams.get("code") };
}

/** Every row except the attempt counters and the audit trail (which a refused sign-in may write). */
async function accounts() {
  const d = await testDb();
  return JSON.stringify([await d.select().from(organisations), await d.select().from(users)]);
}

async function audit(action: string, targetId: string) {
  const d = await testDb();
  return d.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)));
}

beforeAll(async () => {
  await useMemoryDatabase();
  org = await makeOrgWithOwner({ name: "Acme" });
  admin = await makeUser(org.id, { name: "Ada Admin", role: "admin" });
  emp = await makeUser(org.id, { name: "Emil Employee", email: "emil@acme.test" });
  const d = await testDb();
  await d.update(users).set({ passwordHash: await hashPassword(PASSWORD) }).where(eq(users.orgId, org.id));
});

beforeEach(async () => {
  const d = await testDb();
  await d.delete(rateLimits);
});

describe("sign-in lockout", () => {
  it("locks the account after 5 wrong passwords, refuses the right one while locked, then an admin unlocks it", async () => {
    const before = await accounts();
    for (let i = 1; i <= rateLimitRules.signInAccount.limit; i++) {
      const r = await signIn(emp.email, `wrong-password-${i}`, "203.0.113.5");
      expect(r.signedIn).toBe(false);
      expect(r.code).toBe(i < rateLimitRules.signInAccount.limit ? "credentials" : "locked");
    }
    // The right password, from another address: still locked (the account is what is protected).
    expect(await signIn(emp.email, PASSWORD, "198.51.100.7")).toEqual({ signedIn: false, code: "locked" });
    expect(lastStatus).toBe(429);
    expect(await accounts()).toBe(before);
    expect(await audit("auth.locked", emp.id)).toHaveLength(1);

    session.current = sessionOf(admin);
    expect(await unlockSignInAction({ userId: emp.id })).toMatchObject({ ok: true, message: "Unlocked: they can sign in again." });
    const unlocked = await audit("auth.unlocked", emp.id);
    expect(unlocked).toHaveLength(1);
    expect(unlocked[0]).toMatchObject({ actorId: admin.id, data: { failures: rateLimitRules.signInAccount.limit } });
    expect((await signIn(emp.email, PASSWORD, "198.51.100.7")).signedIn).toBe(true);
  });

  it("locks progressively: the next failure after a lockout ends locks for twice as long", async () => {
    const d = await testDb();
    for (let i = 0; i < rateLimitRules.signInAccount.limit; i++) await signIn(admin.email, "wrong-password-x", "203.0.113.6");
    // Let the first lockout (60 s) run out: move the failures 2 minutes back.
    const rows = await d.select().from(rateLimits).where(eq(rateLimits.bucket, `signInAccount:${admin.email.toLowerCase()}`));
    expect(rows).toHaveLength(rateLimitRules.signInAccount.limit);
    for (const r of rows) await d.update(rateLimits).set({ at: new Date(r.at.getTime() - 120_000) }).where(eq(rateLimits.id, r.id));
    expect((await signIn(admin.email, "wrong-again-1", "203.0.113.6")).code).toBe("locked");
    const [lock] = (await audit("auth.locked", admin.id)).slice(-1);
    const until = new Date((lock!.data as { until: string }).until).getTime();
    expect(until - Date.now()).toBeGreaterThan(100_000); // 120 s, not 60 s
    expect(until - Date.now()).toBeLessThanOrEqual(120_000);
  });

  it("the owner's lock is lifted by an owner only", async () => {
    for (let i = 0; i < rateLimitRules.signInAccount.limit; i++) await signIn(org.owner.email, "wrong-password-y", "203.0.113.8");
    session.current = sessionOf(admin);
    expect(await unlockSignInAction({ userId: org.owner.id })).toMatchObject({ ok: false, code: "forbidden" });
    expect((await signIn(org.owner.email, PASSWORD, "203.0.113.8")).code).toBe("locked");
  });
});

describe("per-address limit", () => {
  it("refuses an address after its failed sign-ins, whatever X-Forwarded-For it sends, writing no account", async () => {
    const before = await accounts();
    for (let i = 0; i < rateLimitRules.signInIp.limit; i++) {
      const r = await signIn(`nobody${i}@acme.test`, "wrong-password-z", "203.0.113.9", { "x-forwarded-for": `6.6.6.${i}` });
      expect(r.code, `attempt ${i + 1}`).toBe("credentials");
    }
    // Even the right password of a real account: refused from that address, fine from another.
    expect(await signIn(emp.email, PASSWORD, "203.0.113.9", { "x-forwarded-for": "6.6.6.250" })).toEqual({ signedIn: false, code: "rate-limited" });
    expect((await signIn(emp.email, PASSWORD, "198.51.100.8")).signedIn).toBe(true);
    expect(await accounts()).toBe(before);
  });
});
