import "server-only";
import { and, count, eq, isNotNull, ne, sql } from "drizzle-orm";
import type { Candidate } from "@/lib/checkin/decision";
import { AppError } from "@/lib/errors";
import { db, type Database } from "../client";
import type { Tx } from "../open";
import { attendanceEvents, faceTemplates, users, type Enrolment, type FaceTemplate } from "../schema";
import { writeAudit } from "./audit";
import { env } from "@/lib/env";

/** pgvector text form of an embedding (float32 values written exactly). */
export const vectorLiteral = (v: ArrayLike<number>) => `[${Array.from(v).join(",")}]`;

export type MatchStrategy = "exact" | "hnsw";

/**
 * Galleries at or above this size are searched with the HNSW index (iterative scan), smaller ones by an exact
 * scan. From `npm run bench:server` on the shared 2-core machine (PGlite, 1:1+1:N queries alone, p50): exact
 * 2.6 ms at 1k, 23 ms at 10k, 196 ms at 100k (linear in the gallery); HNSW 10–24 ms at 10k and 23–32 ms at 100k,
 * with the same accept/reject decision as the exact scan for every real probe at ef_search 40–400. The lines
 * cross between 10k and 20k. Override with CLOCKFACE_HNSW_MIN_TEMPLATES.
 */
export const HNSW_MIN_TEMPLATES = 20_000;

export interface HnswOptions {
  /** Candidate list size while searching (pgvector hnsw.ef_search). */
  efSearch: number;
  /** Nearest templates fetched before grouping them by person (count). */
  limit: number;
}
/**
 * ef_search 200: `npm run bench:server -- --orgs --database-url …` (1,000 organisations, 897,297 templates, Postgres
 * 15 + pgvector 0.8.1 through the Neon driver, largest organisation 23,962 people) found the exact scan's best person
 * for 99.0 % of 200 genuine probes at ef_search 40 and 100, 99.5 % at 200 and 100 % at 400, p50 58–75 ms at each
 * (a loaded machine: the differences are noise). 200 keeps a margin over the 99 % the product needs.
 */
export const hnswOptions: HnswOptions = { efSearch: 200, limit: 20 };

const gallerySizes = new Map<string, { n: number; people: number; at: number }>();
const GALLERY_SIZE_TTL_MS = 60_000;

/**
 * Templates and enrolled people of the organisation for the model, cached for a minute (they pick a search
 * strategy and the size-dependent thresholds; enrolments forget the entry at once).
 */
export async function galleryCounts(orgId: string, modelId: string): Promise<{ templates: number; people: number }> {
  const key = `${orgId}:${modelId}`;
  const hit = gallerySizes.get(key);
  if (hit && Date.now() - hit.at < GALLERY_SIZE_TTL_MS) return { templates: hit.n, people: hit.people };
  const d = await db();
  const [row] = await d
    .select({ n: count(), people: sql<number>`count(distinct ${faceTemplates.userId})` })
    .from(faceTemplates)
    .where(and(eq(faceTemplates.orgId, orgId), eq(faceTemplates.modelId, modelId)));
  const n = Number(row?.n ?? 0);
  const people = Number(row?.people ?? 0);
  gallerySizes.set(key, { n, people, at: Date.now() });
  return { templates: n, people };
}

/** Number of templates of the organisation for the model (cached, see galleryCounts). */
export async function gallerySize(orgId: string, modelId: string): Promise<number> {
  return (await galleryCounts(orgId, modelId)).templates;
}

export function forgetGallerySize(orgId: string): void {
  for (const k of gallerySizes.keys()) if (k.startsWith(`${orgId}:`)) gallerySizes.delete(k);
}

export async function chooseStrategy(orgId: string, modelId: string): Promise<MatchStrategy> {
  const min = env().CLOCKFACE_HNSW_MIN_TEMPLATES ?? HNSW_MIN_TEMPLATES;
  return (await gallerySize(orgId, modelId)) >= min ? "hnsw" : "exact";
}

/** Best cosine between the probe and the claimed person's templates (1:1), or null when they have none. */
export async function bestScoreOfUser(orgId: string, userId: string, modelId: string, probe: ArrayLike<number>): Promise<number | null> {
  const d = await db();
  const v = vectorLiteral(probe);
  const [row] = await d
    .select({ d: sql<number | null>`min(${faceTemplates.embedding} <=> ${v}::vector)` })
    .from(faceTemplates)
    .where(and(eq(faceTemplates.orgId, orgId), eq(faceTemplates.userId, userId), eq(faceTemplates.modelId, modelId)));
  return row?.d === null || row?.d === undefined ? null : 1 - Number(row.d);
}

/**
 * The people of the organisation nearest to the probe (1:N), best first, one entry per person (their best
 * template), leaving out `excludeUserId`. Exact: one scan grouped by person. HNSW: the `limit` nearest
 * templates by the index with iterative scan (so the organisation filter cannot starve the result), grouped.
 */
export async function nearestPeople(
  orgId: string,
  modelId: string,
  probe: ArrayLike<number>,
  opts: { excludeUserId?: string | null; people?: number; strategy?: MatchStrategy } = {},
): Promise<Candidate[]> {
  const d = await db();
  const v = vectorLiteral(probe);
  const people = opts.people ?? 1;
  const strategy = opts.strategy ?? (await chooseStrategy(orgId, modelId));
  const where = and(
    eq(faceTemplates.orgId, orgId),
    eq(faceTemplates.modelId, modelId),
    opts.excludeUserId ? ne(faceTemplates.userId, opts.excludeUserId) : undefined,
  );
  if (strategy === "exact") {
    // A sequential scan with a top-k sort; "+ 0" keeps the planner off the (approximate) HNSW index. With at
    // most 3 templates a person (one per pose), 3·people rows always hold `people` distinct people when the
    // gallery has them; more templates a person fall back to grouping.
    const k = 3 * people;
    const dist = sql<number>`(${faceTemplates.embedding} <=> ${v}::vector) + 0`;
    const rows = await d.select({ userId: faceTemplates.userId, d: dist }).from(faceTemplates).where(where).orderBy(dist).limit(k);
    const ranked = bestPerPerson(rows);
    if (ranked.length >= people || rows.length < k) return ranked.slice(0, people);
    const grouped = sql<number>`min(${faceTemplates.embedding} <=> ${v}::vector)`;
    const byPerson = await d
      .select({ userId: faceTemplates.userId, d: grouped })
      .from(faceTemplates)
      .where(where)
      .groupBy(faceTemplates.userId)
      .orderBy(grouped)
      .limit(people);
    return byPerson.map((r) => ({ userId: r.userId, score: 1 - Number(r.d) }));
  }
  const rows = await d.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', ${String(hnswOptions.efSearch)}, true)`,
    );
    const dist = sql<number>`${faceTemplates.embedding} <=> ${v}::vector`;
    return tx
      .select({ userId: faceTemplates.userId, d: dist })
      .from(faceTemplates)
      .where(where)
      .orderBy(dist)
      .limit(Math.max(hnswOptions.limit, people * 4));
  });
  return bestPerPerson(rows).slice(0, people);
}

/** Rows of (person, cosine distance) → each person's best cosine similarity, best first. */
function bestPerPerson(rows: readonly { userId: string; d: number }[]): Candidate[] {
  const best = new Map<string, number>();
  for (const r of rows) {
    const s = 1 - Number(r.d);
    if (s > (best.get(r.userId) ?? -Infinity)) best.set(r.userId, s);
  }
  return [...best].map(([userId, score]) => ({ userId, score })).sort((a, b) => b.score - a.score);
}

/**
 * The claimed person's best score (1:1) and the best score of anyone else in the organisation (1:N). Exact:
 * one scan of the organisation's templates. HNSW: the claimed person's few templates exactly (by the user
 * index) and everyone else through the index.
 */
export async function matchClaim(
  orgId: string,
  modelId: string,
  probe: ArrayLike<number>,
  userId: string,
  strategy?: MatchStrategy,
): Promise<{ self: number | null; other: number | null }> {
  const s = strategy ?? (await chooseStrategy(orgId, modelId));
  if (s === "hnsw") {
    const [self, others] = await Promise.all([
      bestScoreOfUser(orgId, userId, modelId, probe),
      nearestPeople(orgId, modelId, probe, { excludeUserId: userId, people: 1, strategy: "hnsw" }),
    ]);
    return { self, other: others[0]?.score ?? null };
  }
  // Exact: one pass over the organisation's templates, each distance computed once, two filtered minimums
  // (no grouping, no sort).
  const d = await db();
  const v = vectorLiteral(probe);
  const res = (await d.execute(sql`
    select min(t.d) filter (where t.user_id = ${userId}) as self, min(t.d) filter (where t.user_id <> ${userId}) as other
    from (
      select ${faceTemplates.userId} as user_id, ${faceTemplates.embedding} <=> ${v}::vector as d
      from ${faceTemplates}
      where ${faceTemplates.orgId} = ${orgId} and ${faceTemplates.modelId} = ${modelId}
    ) t
  `)) as unknown as { rows: { self: number | string | null; other: number | string | null }[] };
  const row = res.rows[0];
  const score = (x: number | string | null | undefined) => (x === null || x === undefined ? null : 1 - Number(x));
  return { self: score(row?.self), other: score(row?.other) };
}

export interface NewTemplate {
  orgId: string;
  userId: string;
  modelId: string;
  embedding: ArrayLike<number>;
  quality: number;
  pose: "frontal" | "left" | "right";
}

/** Stores one template, replacing an earlier one of the same pose (re-taking a capture during enrolment). */
export async function putTemplate(tx: Tx | Database, t: NewTemplate): Promise<FaceTemplate> {
  await tx
    .delete(faceTemplates)
    .where(and(eq(faceTemplates.orgId, t.orgId), eq(faceTemplates.userId, t.userId), eq(faceTemplates.pose, t.pose)));
  const [row] = await tx
    .insert(faceTemplates)
    .values({ orgId: t.orgId, userId: t.userId, modelId: t.modelId, embedding: Array.from(t.embedding), quality: t.quality, pose: t.pose })
    .returning();
  forgetGallerySize(t.orgId);
  return row!;
}

/** Removes a person's templates without touching anything else (an enrolment that must start over). */
export async function deleteTemplatesOfUser(tx: Tx | Database, orgId: string, userId: string): Promise<number> {
  const rows = await tx
    .delete(faceTemplates)
    .where(and(eq(faceTemplates.orgId, orgId), eq(faceTemplates.userId, userId)))
    .returning({ id: faceTemplates.id });
  forgetGallerySize(orgId);
  return rows.length;
}

/**
 * Re-enrolment, started by an admin: the person's templates go, their state returns to "none" so their own
 * laptop can capture again. Audited.
 */
export async function resetEnrolment(orgId: string, actorId: string, userId: string): Promise<void> {
  const d = await db();
  await d.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id, enrolment: users.enrolment }).from(users).where(and(eq(users.orgId, orgId), eq(users.id, userId))).for("update").limit(1);
    if (!user) throw new AppError("not-found");
    const n = await deleteTemplatesOfUser(tx, orgId, userId);
    await setEnrolment(tx, orgId, userId, "none");
    await writeAudit(tx, { orgId, actorId, action: "enrolment.reset", targetType: "user", targetId: userId, data: { templates: n, previous: user.enrolment } });
  });
}

/** An admin releases a held enrolment after reviewing the collision. Audited. */
export async function releaseHeldEnrolment(orgId: string, actorId: string, userId: string): Promise<void> {
  const d = await db();
  await d.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ enrolment: "enrolled" })
      .where(and(eq(users.orgId, orgId), eq(users.id, userId), eq(users.enrolment, "held")))
      .returning({ id: users.id });
    if (!row) throw new AppError("not-found", "No held enrolment for this person.");
    await writeAudit(tx, { orgId, actorId, action: "enrolment.released", targetType: "user", targetId: userId });
  });
}

export async function templatesOfUser(orgId: string, userId: string, modelId?: string): Promise<FaceTemplate[]> {
  const d = await db();
  return d
    .select()
    .from(faceTemplates)
    .where(and(eq(faceTemplates.orgId, orgId), eq(faceTemplates.userId, userId), modelId ? eq(faceTemplates.modelId, modelId) : undefined));
}

export async function setEnrolment(tx: Tx | Database, orgId: string, userId: string, state: Enrolment): Promise<void> {
  await tx.update(users).set({ enrolment: state }).where(and(eq(users.orgId, orgId), eq(users.id, userId)));
}

/**
 * Deletes a person's biometric data: every face template and every stored check-in crop (the attendance
 * records themselves stay, without their photo). Audited. Returns the object keys the caller must delete from
 * the object store after the transaction commits.
 */
export async function deleteBiometrics(orgId: string, actorId: string, userId: string, reason: string): Promise<{ templates: number; cropKeys: string[] }> {
  const d = await db();
  const out = await d.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(and(eq(users.orgId, orgId), eq(users.id, userId))).for("update").limit(1);
    if (!user) throw new AppError("not-found");
    const removed = await tx
      .delete(faceTemplates)
      .where(and(eq(faceTemplates.orgId, orgId), eq(faceTemplates.userId, userId)))
      .returning({ id: faceTemplates.id });
    const owned = and(eq(attendanceEvents.orgId, orgId), eq(attendanceEvents.userId, userId), isNotNull(attendanceEvents.blobKey));
    const crops = await tx.select({ key: attendanceEvents.blobKey }).from(attendanceEvents).where(owned);
    if (crops.length) await tx.update(attendanceEvents).set({ blobKey: null }).where(owned);
    await setEnrolment(tx, orgId, userId, "none");
    await writeAudit(tx, {
      orgId,
      actorId,
      action: "biometrics.deleted",
      targetType: "user",
      targetId: userId,
      data: { templates: removed.length, crops: crops.length, reason },
    });
    return { templates: removed.length, cropKeys: crops.map((c) => c.key).filter((k): k is string => !!k) };
  });
  forgetGallerySize(orgId);
  return out;
}
