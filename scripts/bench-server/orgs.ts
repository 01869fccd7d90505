// npm run bench:server -- --orgs — many organisations in one database (issue 13). Seeds 1,000 organisations with a
// skewed number of enrolled people (most 10-500, a few over 10,000; 3 templates each: about 1M templates at
// --scale 1), then times the product's own matching (lib/db/queries/templates.ts: matchClaim for 1:1, nearestPeople
// for 1:N) for a small and the largest organisation, prints EXPLAIN for each, and measures the HNSW path's recall
// against the exact scan on genuine probes of the large organisation for several hnsw.ef_search values.
//
// Embeddings are synthetic but shaped like the real ones: each person is a random unit direction in 128-d, each
// template and probe that direction plus Gaussian noise, renormalised (genuine cosine ≈ 0.7, impostors ≈ 0), so
// recall measures the index, not the model. PGlite (in-process, pgvector) in a temp directory by default; with
// --database-url, an empty Postgres with pgvector reached through the production Neon driver (a local one behind
// tools/neon-local.ts's WebSocket proxy): the scale PGlite cannot build an index for (its HNSW build took 1,973 s for
// 90k templates). Rows are loaded before the HNSW index is built (as a restore would). Writes
// bench-results/orgs.json; last line key=value.
//
//   npm run bench:server -- --orgs                    # 1,000 organisations, ~1M templates
//   npm run bench:server -- --orgs --scale 0.1        # the same shape with a tenth of the people per organisation
//   npm run bench:server -- --orgs --database-url postgres://postgres@127.0.0.1:5544/postgres
//   options: --orgs-count 1000 --scale 1 --probes 200 --ef 40,100,200,400 --seed 13 --keep-dir --database-url URL
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { closeDatabase, openDatabase, type Database } from "@/lib/db/open";
import { faceTemplates, organisations, users } from "@/lib/db/schema";
import { EMBEDDING_DIM, EMBEDDING_MODEL_ID } from "@/lib/face/models";
import { defaultSettings } from "@/lib/validations/settings";
import { startWsProxy } from "../../tools/neon-local";

type Args = Map<string, string>;
const DIM = EMBEDDING_DIM;

/** Deterministic PRNG (mulberry32) and a standard normal from it. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(next() || 1e-12)) * Math.cos(2 * Math.PI * next());
  return { next, normal };
}

function unit(v: Float32Array): Float32Array {
  let s = 0;
  for (const x of v) s += x * x;
  const n = Math.sqrt(s) || 1;
  for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
}

/** Identity + noise with per-dimension σ such that cosine(template, identity) ≈ 0.85 (genuine pairs ≈ 0.7). */
function sample(identity: Float32Array, r: ReturnType<typeof rng>, sigma = 0.62 / Math.sqrt(DIM)): Float32Array {
  const v = new Float32Array(DIM);
  for (let i = 0; i < DIM; i++) v[i] = identity[i]! + sigma * r.normal();
  return unit(v);
}

/** People per organisation: log-uniform 10-500 for most, 10,000-25,000 for 1 in 100 (skewed, ~1M templates at scale 1). */
export function orgSizes(count: number, scale: number, seed: number): number[] {
  const r = rng(seed);
  return Array.from({ length: count }, (_, i) => {
    const big = i % 100 === 0;
    const people = big ? 10_000 + r.next() * 15_000 : Math.exp(Math.log(10) + r.next() * (Math.log(500) - Math.log(10)));
    return Math.max(2, Math.round(people * scale));
  });
}

const vec = (v: Float32Array) => `[${Array.from(v, (x) => x.toFixed(6)).join(",")}]`;

async function explain(d: Database, q: ReturnType<typeof sql>): Promise<string[]> {
  const r = (await d.execute(sql`explain (analyze, buffers, costs off) ${q}`)) as unknown as { rows: { "QUERY PLAN": string }[] };
  return r.rows.map((x) => x["QUERY PLAN"].replace(/'\[[-0-9.,e]+\]'/g, "'[probe]'"));
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

export async function benchOrgs(args: Args, root: string): Promise<void> {
  const count = Number(args.get("orgs-count") ?? 1000);
  const scale = Number(args.get("scale") ?? 1);
  const nProbes = Number(args.get("probes") ?? 200);
  const efs = (args.get("ef") ?? "40,100,200,400").split(",").map(Number);
  const seed = Number(args.get("seed") ?? 13);
  const log = (m: string) => console.log(`bench:orgs ${m}`);

  const url = args.get("database-url");
  const dir = mkdtempSync(path.join(tmpdir(), "clockface-orgs-"));
  const proxy = url && /^(127\.0\.0\.1|localhost)$/.test(new URL(url).hostname) ? await startWsProxy() : undefined;
  if (proxy) process.env.NEON_WS_PROXY = proxy.proxy;
  const d = url ? await openDatabase({ url, migrate: true }) : await openDatabase({ dataDir: path.join(dir, "pglite") });
  const [{ n: existing }] = (await d.select({ n: sql<number>`count(*)::int` }).from(organisations)) as [{ n: number }];
  if (existing > 0) throw new Error(`--database-url: the database already has ${existing} organisations; give an empty one`);
  (globalThis as unknown as { __clockfaceDb?: Promise<Database> }).__clockfaceDb = Promise.resolve(d);
  const { matchClaim, nearestPeople, hnswOptions } = await import("@/lib/db/queries/templates");

  const sizes = orgSizes(count, scale, seed);
  const total = sizes.reduce((s, n) => s + n * 3, 0);
  log(`${count} organisations, ${sizes.reduce((s, n) => s + n, 0)} people, ${total} templates (scale ${scale}); data in ${dir}`);

  // The HNSW index is dropped during the load and built once after it (bulk load + build).
  await d.execute(sql`drop index if exists face_templates_embedding_hnsw_idx`);
  const r = rng(seed + 1);
  const t0 = performance.now();
  const ids: { orgId: string; people: { id: string; identity: Float32Array }[] }[] = [];
  for (const [i, n] of sizes.entries()) {
    const [org] = await d.insert(organisations).values({ name: `Org ${i}`, slug: `org-${i}`, timezone: "Europe/London", settings: defaultSettings }).returning({ id: organisations.id });
    const people: { id: string; identity: Float32Array }[] = [];
    for (let off = 0; off < n; off += 1000) {
      const batch = Array.from({ length: Math.min(1000, n - off) }, (_, j) => ({ orgId: org!.id, name: `P${off + j}`, email: `p${off + j}@org${i}.test`, role: "employee" as const, status: "active" as const, enrolment: "enrolled" as const }));
      const rows = await d.insert(users).values(batch).returning({ id: users.id });
      for (const row of rows) {
        const identity = new Float32Array(DIM);
        for (let k = 0; k < DIM; k++) identity[k] = r.normal();
        people.push({ id: row.id, identity: unit(identity) });
      }
    }
    for (let off = 0; off < people.length; off += 300) {
      const rows = people.slice(off, off + 300).flatMap((p) =>
        (["frontal", "left", "right"] as const).map((pose) => ({ orgId: org!.id, userId: p.id, modelId: EMBEDDING_MODEL_ID, embedding: Array.from(sample(p.identity, r)), quality: 0.9, pose })),
      );
      await d.insert(faceTemplates).values(rows);
    }
    ids.push({ orgId: org!.id, people });
    if (i % 100 === 99) log(`loaded ${i + 1} organisations (${Math.round((performance.now() - t0) / 1000)} s)`);
  }
  const loadS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  await d.execute(sql`create index face_templates_embedding_hnsw_idx on face_templates using hnsw (embedding vector_cosine_ops)`);
  await d.execute(sql`analyze face_templates`);
  const indexS = (performance.now() - t1) / 1000;
  log(`load ${loadS.toFixed(0)} s, HNSW build ${indexS.toFixed(0)} s`);

  const bySize = ids.map((o, i) => ({ ...o, n: sizes[i]! })).sort((a, b) => a.n - b.n);
  const small = bySize[Math.floor(bySize.length / 2)]!; // a median organisation
  const large = bySize.at(-1)!;
  const pr = rng(seed + 2);
  const probesOf = (o: typeof large, k: number) =>
    Array.from({ length: k }, () => {
      const p = o.people[Math.floor(pr.next() * o.people.length)]!;
      return { userId: p.id, v: sample(p.identity, pr) };
    });

  async function time(label: string, probes: { userId: string; v: Float32Array }[], f: (p: { userId: string; v: Float32Array }) => Promise<unknown>) {
    const ms: number[] = [];
    for (const p of probes) {
      const s = performance.now();
      await f(p);
      ms.push(performance.now() - s);
    }
    const out = { p50: Math.round(pct(ms, 0.5) * 10) / 10, p95: Math.round(pct(ms, 0.95) * 10) / 10 };
    log(`${label}: p50 ${out.p50} ms, p95 ${out.p95} ms (${probes.length} probes)`);
    return out;
  }

  const smallProbes = probesOf(small, 50);
  const largeProbes = probesOf(large, nProbes);
  const results: Record<string, unknown> = { count, scale, templates: total, small: { people: small.n, templates: small.n * 3 }, large: { people: large.n, templates: large.n * 3 }, loadS, indexS };
  results.small_exact_1to1 = await time(`small org (${small.n} people) 1:1 exact`, smallProbes, (p) => matchClaim(small.orgId, EMBEDDING_MODEL_ID, p.v, p.userId, "exact"));
  results.small_exact_1toN = await time(`small org 1:N exact`, smallProbes, (p) => nearestPeople(small.orgId, EMBEDDING_MODEL_ID, p.v, { people: 2, strategy: "exact" }));
  results.large_exact_1toN = await time(`large org (${large.n} people) 1:N exact`, largeProbes.slice(0, 30), (p) => nearestPeople(large.orgId, EMBEDDING_MODEL_ID, p.v, { people: 2, strategy: "exact" }));

  // Recall of the HNSW path: the exact scan's best person, found by the index's, for genuine probes.
  const truth: string[] = [];
  for (const p of largeProbes) truth.push((await nearestPeople(large.orgId, EMBEDDING_MODEL_ID, p.v, { people: 1, strategy: "exact" }))[0]!.userId);
  const genuineTop = truth.filter((t, i) => t === largeProbes[i]!.userId).length / truth.length;
  const recall: Record<string, unknown>[] = [];
  const efDefault = hnswOptions.efSearch;
  for (const ef of efs) {
    hnswOptions.efSearch = ef;
    let hit = 0;
    const ms: number[] = [];
    for (const [i, p] of largeProbes.entries()) {
      const s = performance.now();
      const got = await nearestPeople(large.orgId, EMBEDDING_MODEL_ID, p.v, { people: 1, strategy: "hnsw" });
      ms.push(performance.now() - s);
      if (got[0]?.userId === truth[i]) hit++;
    }
    const row = { ef_search: ef, recall: hit / largeProbes.length, p50: Math.round(pct(ms, 0.5) * 10) / 10, p95: Math.round(pct(ms, 0.95) * 10) / 10 };
    recall.push(row);
    log(`large org 1:N HNSW ef_search ${ef}: recall ${(row.recall * 100).toFixed(1)} % of the exact scan's best, p50 ${row.p50} ms, p95 ${row.p95} ms`);
  }
  hnswOptions.efSearch = efDefault;
  results.hnsw = recall;
  results.genuine_top1_exact = genuineTop;

  const v = vec(largeProbes[0]!.v);
  results.explain_small_exact = await explain(
    d,
    sql`select user_id, (embedding <=> ${v}::vector) + 0 as d from face_templates where org_id = ${small.orgId} and model_id = ${EMBEDDING_MODEL_ID} order by d limit 6`,
  );
  // One transaction, so the settings hold on the connection the EXPLAIN runs on (a pool has several).
  results.explain_large_hnsw = await d.transaction(async (tx) => {
    await tx.execute(sql`select set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', ${String(efDefault)}, true)`);
    return explain(
      tx as unknown as Database,
      sql`select user_id, embedding <=> ${v}::vector as d from face_templates where org_id = ${large.orgId} and model_id = ${EMBEDDING_MODEL_ID} order by d limit 20`,
    );
  });
  for (const [k, lines] of Object.entries({ small_exact: results.explain_small_exact, large_hnsw: results.explain_large_hnsw })) {
    console.log(`EXPLAIN ${k}:`);
    for (const l of lines as string[]) console.log(`  ${l}`);
  }

  mkdirSync(path.join(root, "bench-results"), { recursive: true });
  writeFileSync(path.join(root, "bench-results/orgs.json"), JSON.stringify(results, null, 2));
  results.database = url ? "postgres (Neon driver)" : "pglite";
  await closeDatabase(d);
  await proxy?.stop();
  if (!args.has("keep-dir")) rmSync(dir, { recursive: true, force: true });
  const at = (ef: number) => recall.find((x) => x.ef_search === ef) as { recall: number; p50: number } | undefined;
  const def = at(efDefault) ?? recall[0]!;
  console.log(
    `orgs=${count} templates=${total} small_people=${small.n} large_people=${large.n} small_exact_p50_ms=${(results.small_exact_1toN as { p50: number }).p50} large_exact_p50_ms=${(results.large_exact_1toN as { p50: number }).p50} large_hnsw_p50_ms=${(def as { p50: number }).p50} large_hnsw_recall=${(def as { recall: number }).recall.toFixed(3)} ef_search=${efDefault} load_s=${loadS.toFixed(0)} hnsw_build_s=${indexS.toFixed(0)} database=${url ? "postgres" : "pglite"}`,
  );
}
