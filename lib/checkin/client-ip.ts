// The client's IP address (pure): the socket's peer address unless the app is told it runs behind proxies.
//
// Forwarding headers are believed only when configured (CLOCKFACE_TRUSTED_PROXY_HOPS ≥ 1) or on Vercel, whose
// edge sets X-Vercel-Forwarded-For itself (a client's own value does not survive it). Otherwise the address is the
// TCP peer, stamped on the request by lib/security/peer-address.ts: a server reached directly ignores whatever
// X-Forwarded-For a client sends.
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

export interface IpSources {
  /** The TCP peer address (lib/security/peer-address.ts), when the server stamped it. */
  peer: string | null | undefined;
  forwardedFor: string | null | undefined;
  /** X-Vercel-Forwarded-For. */
  vercelForwardedFor: string | null | undefined;
}

/** An IPv4-mapped IPv6 peer ("::ffff:1.2.3.4") as the IPv4 address it is. */
const unmap = (ip: string) => (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip) ? ip.slice(7) : ip);

/**
 * The client's address: the configured proxy hop of X-Forwarded-For; else, on Vercel, its own header; else the
 * socket peer. Null when the trusted source is missing or is not an IP address.
 */
export function clientIp(src: IpSources, cfg: { trustedHops: number; onVercel: boolean }): string | null {
  if (cfg.trustedHops >= 1) return clientIpFromForwardedFor(src.forwardedFor, cfg.trustedHops);
  if (cfg.onVercel) return clientIpFromForwardedFor(src.vercelForwardedFor?.split(",")[0], 1);
  const peer = src.peer?.trim();
  return peer && isIP(peer) ? unmap(peer) : null;
}
