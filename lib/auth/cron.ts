// Authorises scheduled jobs: `Authorization: Bearer <CRON_SECRET>`, compared in constant time. No secret
// configured means every request is refused (a cron route must never be open by default).
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/** True when the request carries the configured cron secret. Hashing first makes the comparison length-independent. */
export function isCronAuthorised(req: Request, secret = env().CRON_SECRET): boolean {
  if (!secret || secret.length < 16) return false;
  const header = req.headers.get("authorization") ?? "";
  const m = /^Bearer (.+)$/.exec(header);
  const given = m?.[1] ?? "";
  return timingSafeEqual(digest(given), digest(secret)) && given.length > 0;
}
