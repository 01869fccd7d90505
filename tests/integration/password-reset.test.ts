// Password reset and e-mail verification: links by mail (the dev outbox), single use, stored hashed, one hour;
// the same answer whether an account exists; limits per e-mail; a new owner gets a verification link.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog, authTokens, users } from "@/lib/db/schema";
import { formData } from "../support/session";
import { makeOrgWithOwner, makeUser, type TestOrg } from "@/tools/builders";
import { testDb, useMemoryDatabase } from "../support/db";

vi.mock("@/lib/auth", () => ({ signIn: async () => undefined, signOut: async () => undefined, auth: async () => null }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-clockface-peer": "203.0.113.30", host: "clockface.test" }) }));
process.env.CLOCKFACE_OUTBOX = path.join(mkdtempSync(path.join(tmpdir(), "clockface-mail-")), "outbox.jsonl");
process.env.APP_URL = "https://clockface.example";

const { requestPasswordResetAction } = await import("@/app/(auth)/forgot-password/actions");
const { resetPasswordAction } = await import("@/app/(auth)/reset-password/[token]/actions");
const { verifyEmailAction } = await import("@/app/(auth)/verify-email/[token]/actions");
const { signUpAction } = await import("@/app/(auth)/actions");
const { readOutbox } = await import("@/lib/mail");
const { hashPassword, verifyPassword } = await import("@/lib/auth/password");
const { hashInviteToken } = await import("@/lib/checkin/invite-token");
const { LINK_INVALID } = await import("@/lib/db/queries/auth-tokens");
const { RESET_REQUESTED } = await import("@/lib/validations/auth");
const { rateLimitRules } = await import("@/lib/checkin/rate-limit");

let org: TestOrg;
let emp: Awaited<ReturnType<typeof makeUser>>;

async function lastLink(kind: "reset-password" | "verify-email"): Promise<string> {
  const [mail] = await readOutbox(1);
  const m = new RegExp(`https://clockface\\.example/${kind}/([A-Za-z0-9_-]{43})`).exec(mail?.text ?? "");
  if (!m) throw new Error(`no ${kind} link in ${mail?.text}`);
  return m[1]!;
}

/** A redirect thrown by the action (Next's redirect error) counts as success here. */
async function reset(token: string, password: string, confirm = password) {
  try {
    return await resetPasswordAction({}, formData({ token, password, confirm }));
  } catch (e) {
    if ((e as { digest?: string }).digest?.startsWith("NEXT_REDIRECT")) return { ok: true, redirected: String((e as { digest: string }).digest) };
    throw e;
  }
}

async function passwordOf(id: string) {
  const d = await testDb();
  return (await d.select().from(users).where(eq(users.id, id)))[0]!.passwordHash;
}

beforeAll(async () => {
  await useMemoryDatabase();
  org = await makeOrgWithOwner({ name: "Acme" });
  emp = await makeUser(org.id, { name: "Emil", email: "emil@acme.test" });
  const d = await testDb();
  await d.update(users).set({ passwordHash: await hashPassword("old-password-1") }).where(eq(users.id, emp.id));
});

describe("password reset", () => {
  it("mails a single-use link, stores only its hash, and sets the new password once", async () => {
    const before = await readOutbox(100);
    expect(await requestPasswordResetAction({}, formData({ email: "nobody@acme.test" }))).toMatchObject({ ok: true, message: RESET_REQUESTED });
    expect(await readOutbox(100)).toHaveLength(before.length); // no mail, same answer
    expect(await requestPasswordResetAction({}, formData({ email: "EMIL@acme.test" }))).toMatchObject({ ok: true, message: RESET_REQUESTED });
    const token = await lastLink("reset-password");
    const d = await testDb();
    const rows = await d.select().from(authTokens).where(eq(authTokens.userId, emp.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(hashInviteToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]!.expiresAt.getTime() - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(rows[0]!.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60 * 60_000);

    const old = await passwordOf(emp.id);
    expect(await reset(token, "new-password-2", "different-3")).toMatchObject({ ok: false, fieldErrors: { confirm: expect.any(Array) } });
    expect(await passwordOf(emp.id)).toBe(old);
    expect(await reset(token, "new-password-2")).toMatchObject({ ok: true, redirected: expect.stringContaining("/sign-in?reset=1") });
    expect(await verifyPassword("new-password-2", await passwordOf(emp.id))).toBe(true);
    const [audit] = await d.select().from(auditLog).where(and(eq(auditLog.targetId, emp.id), eq(auditLog.action, "auth.password-reset")));
    expect(audit?.data).toMatchObject({ ip: "203.0.113.30" });
    // Used once: the same link is refused and changes nothing.
    const after = await passwordOf(emp.id);
    expect(await reset(token, "third-password-4")).toMatchObject({ ok: false, error: LINK_INVALID });
    expect(await passwordOf(emp.id)).toBe(after);
  });

  it("refuses an expired link", async () => {
    await requestPasswordResetAction({}, formData({ email: "emil@acme.test" }));
    const token = await lastLink("reset-password");
    const d = await testDb();
    await d.update(authTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(authTokens.tokenHash, hashInviteToken(token)));
    const before = await passwordOf(emp.id);
    expect(await reset(token, "late-password-5")).toMatchObject({ ok: false, error: LINK_INVALID });
    expect(await passwordOf(emp.id)).toBe(before);
  });

  it("limits requests per e-mail address", async () => {
    const sent = (await readOutbox(100)).length;
    const results = [];
    for (let i = 0; i < rateLimitRules.resetEmail.limit + 2; i++) results.push(await requestPasswordResetAction({}, formData({ email: "owner-limit@acme.test" })));
    expect(results.at(-1)).toMatchObject({ ok: false, error: expect.stringMatching(/Too many password-reset/) });
    expect((await readOutbox(100)).length).toBe(sent); // no such account: no mail either way
  });
});

describe("e-mail verification", () => {
  it("mails a new owner a link that confirms the address once", async () => {
    const r = await signUpAction({}, formData({ organisationName: "Verify Co", name: "Vera", email: "vera@verify.test", password: "correct-horse-42", timezone: "Europe/London" }));
    expect(r.error).toBeUndefined();
    const d = await testDb();
    const [vera] = await d.select().from(users).where(eq(users.email, "vera@verify.test"));
    expect(vera!.emailVerifiedAt).toBeNull();
    const token = await lastLink("verify-email");
    expect(await verifyEmailAction({}, formData({ token }))).toMatchObject({ ok: true });
    const [after] = await d.select().from(users).where(eq(users.id, vera!.id));
    expect(after!.emailVerifiedAt).not.toBeNull();
    expect(await verifyEmailAction({}, formData({ token }))).toMatchObject({ ok: false, error: LINK_INVALID });
    expect(await d.select().from(auditLog).where(and(eq(auditLog.targetId, vera!.id), eq(auditLog.action, "auth.email-verified")))).toHaveLength(1);
  });
});
