// The client's IP address from X-Forwarded-For, trusting only the proxies the app runs behind (pure).
//
// Each reverse proxy appends the address it received the request from, so the entries a client can forge
// are on the left and the trustworthy ones on the right: with `trustedHops` proxies in front of the app,
// the client is the entry `trustedHops` from the right end (Vercel replaces the header with the client's
// address: one entry, one hop). Taking the left-most entry instead lets any client pick its own address,
// escape the per-IP rate limit and write what it likes into the audit trail.
import { isIP } from "node:net";

/**
 * The client address from an X-Forwarded-For value, or null when it cannot be trusted: no header, no
 * trusted proxy (`trustedHops` 0: the app is reached directly and the header, if any, came from the
 * client), fewer entries than hops, or an entry that is not an IP address.
 */
export function clientIpFromForwardedFor(header: string | null | undefined, trustedHops: number): string | null {
  if (!header || !Number.isInteger(trustedHops) || trustedHops < 1) return null;
  const entries = header.split(",").map((s) => s.trim());
  const ip = entries[entries.length - trustedHops];
  return ip && isIP(ip) ? ip : null;
}

/** Reverse proxies in front of the app (CLOCKFACE_TRUSTED_PROXY_HOPS, default 1: Vercel or one proxy). */
export function trustedProxyHops(value: string | undefined): number {
  if (value === undefined || value === "") return 1;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : 1;
}
