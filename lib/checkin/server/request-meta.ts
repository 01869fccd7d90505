// Who is calling, as far as the request tells: client IP (the socket peer, or the forwarding header of a
// configured proxy or of Vercel: lib/checkin/client-ip.ts, CLOCKFACE_TRUSTED_PROXY_HOPS) and user agent, bounded.
// Only for rate limits and the audit trail.
import "server-only";
import { headers } from "next/headers";
import { clientIp } from "@/lib/checkin/client-ip";
import { env } from "@/lib/env";
import { PEER_HEADER } from "@/lib/security/peer-address";

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

/** The client's address from a request's headers (Auth.js hands authorize() a Request). */
export function clientIpOf(h: Pick<Headers, "get">): string | null {
  return clientIp(
    { peer: h.get(PEER_HEADER), forwardedFor: h.get("x-forwarded-for"), vercelForwardedFor: h.get("x-vercel-forwarded-for") },
    { trustedHops: env().CLOCKFACE_TRUSTED_PROXY_HOPS, onVercel: env().VERCEL === "1" },
  );
}

export async function requestMeta(): Promise<RequestMeta> {
  try {
    const h = await headers();
    const ip = clientIpOf(h);
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

/**
 * The origin for links that carry a secret (password reset, e-mail verification). The Host header of a request
 * is the client's to choose, so a reset link built from it could point at another site and hand it the token:
 * APP_URL / AUTH_URL, else Vercel's production URL, else — in development only — the request's host.
 */
export async function secretLinkOrigin(): Promise<string> {
  const e = env();
  const fromEnv = e.APP_URL ?? e.AUTH_URL;
  if (fromEnv) return new URL(fromEnv).origin;
  if (e.VERCEL_PROJECT_PRODUCTION_URL) return `https://${e.VERCEL_PROJECT_PRODUCTION_URL}`;
  if (e.NODE_ENV !== "production" || e.CLOCKFACE_DEV_OUTBOX === "1") return requestOrigin(); // dev, E2E
  throw new Error("APP_URL is not set: links with a secret are not mailed without a trusted origin");
}
