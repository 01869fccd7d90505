import "server-only";
import { and, asc, eq, gt, inArray, lt, sql } from "drizzle-orm";
import { bucketOf, rateLimitRules, type LimitName } from "@/lib/checkin/rate-limit";
import { uuidv7 } from "@/lib/ids";
import { db } from "../client";
import type { Database, Tx } from "../open";
import { challenges, rateLimits } from "../schema";

export interface LimitHit {
  name: LimitName;
  subject: string;
}

/**
 * Records one attempt in each bucket and says whether every bucket is still within its limit (sliding window:
 * attempts in the last `windowSec` seconds, this one included). Attempts over the limit are recorded too, so a
 * client that keeps hammering stays blocked.
 */
export async function hitRateLimits(orgId: string | null, hits: readonly LimitHit[]): Promise<{ allowed: boolean; exceeded: LimitName[] }> {
  if (hits.length === 0) return { allowed: true, exceeded: [] };
  const d = await db();
  const buckets = hits.map((h) => bucketOf(h.name, h.subject));
  const rows = buckets.map((bucket) => sql`(${uuidv7()}::uuid, ${orgId}::uuid, ${bucket})`);
  const counts = hits.map(
    (h, i) =>
      sql`count(*) filter (where ${rateLimits.bucket} = ${buckets[i]} and ${rateLimits.at} > now() - make_interval(secs => ${rateLimitRules[h.name].windowSec}))::int`,
  );
  // One statement: record this attempt in every bucket and count the earlier ones (the inserted rows are not
  // visible to the count in the same statement, hence "+ 1").
  const res = (await d.execute(sql`
    with recorded as (insert into ${rateLimits} (id, org_id, bucket) values ${sql.join(rows, sql`, `)} returning 1)
    select array[${sql.join(counts, sql`, `)}] as n from ${rateLimits} where ${inArray(rateLimits.bucket, buckets)}
  `)) as unknown as { rows: { n: number[] }[] };
  const n = res.rows[0]?.n ?? [];
  const exceeded = hits.filter((h, i) => (n[i] ?? 0) + 1 > rateLimitRules[h.name].limit).map((h) => h.name);
  if (Math.random() < 0.005) void pruneEphemeral().catch(() => {});
  return { allowed: exceeded.length === 0, exceeded };
}

/** Whether every bucket is still under its limit, without recording anything (checked before costly work). */
export async function underRateLimits(hits: readonly LimitHit[]): Promise<{ allowed: boolean; exceeded: LimitName[] }> {
  const exceeded: LimitName[] = [];
  for (const h of hits) if ((await attemptTimes(h)).length >= rateLimitRules[h.name].limit) exceeded.push(h.name);
  return { allowed: exceeded.length === 0, exceeded };
}

/** Times of the attempts in a bucket within its window, oldest first. */
export async function attemptTimes(hit: LimitHit): Promise<Date[]> {
  const d = await db();
  const rows = await d
    .select({ at: rateLimits.at })
    .from(rateLimits)
    .where(and(eq(rateLimits.bucket, bucketOf(hit.name, hit.subject)), gt(rateLimits.at, sql`now() - make_interval(secs => ${rateLimitRules[hit.name].windowSec})`)))
    .orderBy(asc(rateLimits.at))
    .limit(1000);
  return rows.map((r) => r.at);
}

/** Records one attempt in each bucket (no check). */
export async function recordAttempts(tx: Tx | Database, orgId: string | null, hits: readonly LimitHit[]): Promise<void> {
  if (hits.length) await tx.insert(rateLimits).values(hits.map((h) => ({ orgId, bucket: bucketOf(h.name, h.subject) })));
}

/** Forgets the attempts in one bucket (a successful sign-in, an owner's unlock). */
export async function clearAttempts(tx: Tx | Database, hit: LimitHit): Promise<number> {
  const rows = await tx.delete(rateLimits).where(eq(rateLimits.bucket, bucketOf(hit.name, hit.subject))).returning({ id: rateLimits.id });
  return rows.length;
}

/** Deletes attempt rows older than every window, and challenges that ended more than a day ago. */
export async function pruneEphemeral(): Promise<void> {
  const d = await db();
  const oldest = Math.max(...Object.values(rateLimitRules).map((l) => l.windowSec));
  await d.delete(rateLimits).where(lt(rateLimits.at, sql`now() - make_interval(secs => ${oldest + 60})`));
  await d.delete(challenges).where(lt(challenges.expiresAt, sql`now() - interval '1 day'`));
}
