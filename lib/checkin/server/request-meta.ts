// Who is calling, as far as the request tells: client IP (first X-Forwarded-For hop set by the platform's
// proxy, else X-Real-IP) and user agent, both bounded. Only for rate limits and the audit trail.
import "server-only";
import { headers } from "next/headers";

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export async function requestMeta(): Promise<RequestMeta> {
  try {
    const h = await headers();
    const fwd = h.get("x-forwarded-for")?.split(",")[0]?.trim();
    const ip = (fwd || h.get("x-real-ip") || "").slice(0, 64) || null;
    const userAgent = (h.get("user-agent") ?? "").slice(0, 256) || null;
    return { ip, userAgent };
  } catch {
    return { ip: null, userAgent: null };
  }
}

/** The site's public origin for links in mails: APP_URL / AUTH_URL when set, else the request's host. */
export async function requestOrigin(): Promise<string> {
  const fromEnv = process.env.APP_URL ?? process.env.AUTH_URL;
  if (fromEnv) return new URL(fromEnv).origin;
  try {
    const h = await headers();
    const host = h.get("x-forwarded-host") ?? h.get("host");
    const proto = h.get("x-forwarded-proto") ?? (host?.startsWith("localhost") || host?.startsWith("127.") ? "http" : "https");
    if (host && /^[A-Za-z0-9.:[\]-]+$/.test(host)) return `${proto}://${host}`;
  } catch {
    // outside a request
  }
  return "http://localhost:3000";
}
