// The one place that reads the Auth.js session (wrapped in React cache: one read per request).
//
// It reads the session cookie the way Auth.js's own session endpoint does (same cookie name, salt and secret,
// same JWT decryption and expiry check, then the same fields the session callback copies: uid, orgId, role),
// without the rest of what `auth()` does for a server component or action: building an internal request and
// response and re-encrypting the token with a new expiry for a Set-Cookie that is thrown away there. Measured with
// `npm run bench:server`: that was about 1.5 ms of the main thread per server action even with the decode
// remembered (lib/auth/jwt-cache.ts). Only the cookie is consulted (never an Authorization header).
import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { getToken } from "next-auth/jwt";
import { memoisedDecode } from "./jwt-cache";
import { env, type Env } from "@/lib/env";

export interface SessionUser {
  id: string;
  orgId: string;
  role: "owner" | "admin" | "employee";
}

type AuthEnv = Pick<Env, "AUTH_URL" | "NEXTAUTH_URL" | "AUTH_SECRET" | "NEXTAUTH_SECRET">;

/**
 * Whether Auth.js uses its "__Secure-" cookie for this request: the protocol of AUTH_URL (or NEXTAUTH_URL) when
 * set, else the X-Forwarded-Proto the server saw, else https (next-auth's createActionURL, then
 * `useSecureCookies = url.protocol === "https:"`).
 */
export function usesSecureCookie(h: Pick<Headers, "get">, vars: AuthEnv = env()): boolean {
  const envUrl = vars.AUTH_URL ?? vars.NEXTAUTH_URL;
  if (envUrl) {
    try {
      return new URL(envUrl).protocol === "https:";
    } catch {
      return false;
    }
  }
  const proto = h.get("x-forwarded-proto") ?? "https";
  return (proto.endsWith(":") ? proto : `${proto}:`) === "https:";
}

/** The signed-in member from the request's headers, or null (no cookie, bad or expired token, missing claims). */
export async function sessionFromHeaders(h: Pick<Headers, "get">, vars: AuthEnv = env()): Promise<SessionUser | null> {
  const secret = vars.AUTH_SECRET ?? vars.NEXTAUTH_SECRET;
  const cookie = h.get("cookie");
  if (!secret || !cookie) return null;
  const token = await getToken({
    req: { headers: new Headers({ cookie }) },
    secret,
    secureCookie: usesSecureCookie(h, vars),
    decode: memoisedDecode,
  });
  const role = token?.role;
  if (typeof token?.uid !== "string" || typeof token.orgId !== "string" || (role !== "owner" && role !== "admin" && role !== "employee")) return null;
  return { id: token.uid, orgId: token.orgId, role };
}

export const currentSession = cache(async (): Promise<SessionUser | null> => sessionFromHeaders(await headers()));
