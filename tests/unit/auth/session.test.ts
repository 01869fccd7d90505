// lib/auth/session.ts reads the session cookie as Auth.js's own session endpoint does: same cookie name
// (__Secure- over https), salt, secret and expiry, same fields; it refuses what that endpoint refuses.
import { afterEach, describe, expect, it, vi } from "vitest";
import { Auth } from "@auth/core";
import { encode } from "next-auth/jwt";
import { authConfig } from "@/lib/auth/config";
import { forgetDecodedTokens } from "@/lib/auth/jwt-cache";
import { sessionFromHeaders, usesSecureCookie } from "@/lib/auth/session";

vi.mock("next/headers", () => ({ headers: async () => new Headers() }));

const secret = "unit-test-secret-not-for-production-0123456789";
const env = { AUTH_SECRET: secret };
const claims = { uid: "0190a3c0-0000-7000-8000-000000000001", orgId: "0190a3c0-0000-7000-8000-000000000002", role: "employee" as const, name: "A", email: "a@example.test" };
const token = (salt: string, maxAge = 3600, c: Record<string, unknown> = claims) => encode({ token: c, secret, salt, maxAge });

/** Auth.js's session endpoint with the app's config: the reference. */
async function viaAuthJs(cookie: string, proto: "http" | "https") {
  const res = await Auth(new Request(`${proto}://app.example.test/api/auth/session`, { headers: { cookie } }), {
    ...authConfig,
    secret,
    basePath: "/api/auth",
  });
  const body = (await res.json()) as { user?: { id?: string; orgId?: string; role?: string } } | null;
  return body?.user?.id ? { id: body.user.id, orgId: body.user.orgId, role: body.user.role } : null;
}

afterEach(() => {
  vi.useRealTimers();
  forgetDecodedTokens();
});

describe("sessionFromHeaders", () => {
  it("agrees with Auth.js's session endpoint over http and https", async () => {
    const plain = `authjs.session-token=${await token("authjs.session-token")}`;
    const secure = `__Secure-authjs.session-token=${await token("__Secure-authjs.session-token")}`;
    const expected = { id: claims.uid, orgId: claims.orgId, role: "employee" };
    expect(await viaAuthJs(plain, "http")).toEqual(expected);
    expect(await sessionFromHeaders(new Headers({ cookie: plain, "x-forwarded-proto": "http" }), env)).toEqual(expected);
    expect(await viaAuthJs(secure, "https")).toEqual(expected);
    expect(await sessionFromHeaders(new Headers({ cookie: secure, "x-forwarded-proto": "https" }), env)).toEqual(expected);
    // the other scheme's cookie is not the session
    expect(await viaAuthJs(plain, "https")).toBeNull();
    expect(await sessionFromHeaders(new Headers({ cookie: plain, "x-forwarded-proto": "https" }), env)).toBeNull();
    expect(await sessionFromHeaders(new Headers({ cookie: secure, "x-forwarded-proto": "http" }), env)).toBeNull();
  });

  it("refuses a token under another secret, an expired token, missing claims and a bearer header", async () => {
    const h = (cookie: string, extra: Record<string, string> = {}) => new Headers({ cookie, "x-forwarded-proto": "http", ...extra });
    const other = await encode({ token: claims, secret: "another-secret-entirely-0123456789abcdef", salt: "authjs.session-token" });
    expect(await sessionFromHeaders(h(`authjs.session-token=${other}`), env)).toBeNull();
    const noOrg = await token("authjs.session-token", 3600, { uid: claims.uid, role: "employee" });
    expect(await sessionFromHeaders(h(`authjs.session-token=${noOrg}`), env)).toBeNull();
    const good = await token("authjs.session-token");
    expect(await sessionFromHeaders(new Headers({ authorization: `Bearer ${good}`, "x-forwarded-proto": "http" }), env)).toBeNull();
    expect(await sessionFromHeaders(h(`authjs.session-token=${good}`), {})).toBeNull(); // no secret configured

    vi.useFakeTimers({ toFake: ["Date"] });
    const start = new Date("2026-03-02T08:00:00Z");
    vi.setSystemTime(start);
    const short = `authjs.session-token=${await token("authjs.session-token", 60)}`;
    expect(await sessionFromHeaders(h(short), env)).not.toBeNull();
    vi.setSystemTime(new Date(start.getTime() + 120_000));
    expect(await sessionFromHeaders(h(short), env)).toBeNull();
  });

  it("picks the cookie as Auth.js does: AUTH_URL's scheme, else the forwarded protocol, else https", () => {
    expect(usesSecureCookie(new Headers({ "x-forwarded-proto": "http" }), { AUTH_URL: "https://clockface.example" })).toBe(true);
    expect(usesSecureCookie(new Headers({ "x-forwarded-proto": "https" }), { NEXTAUTH_URL: "http://localhost:3000" })).toBe(false);
    expect(usesSecureCookie(new Headers({ "x-forwarded-proto": "http" }), {})).toBe(false);
    expect(usesSecureCookie(new Headers({ "x-forwarded-proto": "https" }), {})).toBe(true);
    expect(usesSecureCookie(new Headers(), {})).toBe(true);
  });
});
