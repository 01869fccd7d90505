// Who is calling, as far as the request tells: client IP (the X-Forwarded-For entry appended by the trusted
// proxy, see lib/checkin/client-ip.ts and CLOCKFACE_TRUSTED_PROXY_HOPS) and user agent, bounded. Only for
// rate limits and the audit trail.
import "server-only";
import { headers } from "next/headers";
import { clientIpFromForwardedFor } from "@/lib/checkin/client-ip";
import { env } from "@/lib/env";

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export async function requestMeta(): Promise<RequestMeta> {
  try {
    const h = await headers();
    const ip = clientIpFromForwardedFor(h.get("x-forwarded-for"), env().CLOCKFACE_TRUSTED_PROXY_HOPS);
    const userAgent = (h.get("user-agent") ?? "").slice(0, 256) || null;
    return { ip, userAgent };
  } catch {
    return { ip: null, userAgent: null };
  }
}

/** The site's public origin for links in mails: APP_URL / AUTH_URL when set, else the request's host. */
export async function requestOrigin(): Promise<string> {
  const fromEnv = env().APP_URL ?? env().AUTH_URL;
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
