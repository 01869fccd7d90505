// npm run bench:server — server-side check-in latency and throughput (issue 5, DESIGN.md §5 and §7).
//
// Seeds one organisation in an in-memory PGlite (pgvector) with 1k, 10k and 100k face templates, then drives
// completeCheckIn with real, signed payloads and reports p50/p95 latency and check-ins per second, with strict
// mode on and off, exact scan vs HNSW.
//
// Path measured: IN-PROCESS. Each check-in runs the same code the server action runs after Next's request
// plumbing: the DB-fresh member read of the action wrapper (getMember), then lib/checkin/server/checkin.ts
// `completeCheckin` (rate limits → device → ECDSA signature → atomic challenge → shape → liveness rules →
// strict re-embedding + anti-spoof with onnxruntime-node → pgvector 1:1 and 1:N → event + crop written).
// Not measured: HTTP, the RSC action encoding and the session cookie decode (`next start` over loopback).
//
// Data: ~40 real people (LFW, ../shared/data/dev) are enrolled from their images 1–3 with the real model and
// check in with image 4 (so decisions are real); the rest of the gallery is random unit vectors (filler people
// with 3 templates each). The org's dedupe window is 0 so every accepted scan writes an event. Rate-limit rows
// are cleared between configurations (each configuration stays within the per-person limits).
//
// Set CLOCKFACE_FACE_WORKER=1 to run the strict-mode models on a worker thread (lib/checkin/server/face-pool.ts).
// Options: --sizes 1000,10000,100000  --seq 60 (sequential check-ins per config, for latency)
//          --conc 4 --par 120 (check-ins with `conc` in flight, for the rate)  --max-seconds 60 (per phase)
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Server modules import "server-only", which only resolves under the react-server condition (as in Next).
if (!process.execArgv.includes("--conditions=react-server") && !process.env.CLOCKFACE_BENCH_CHILD) {
  const r = spawnSync(process.execPath, ["--conditions=react-server", ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, CLOCKFACE_BENCH_CHILD: "1" },
  });
  process.exit(r.status ?? 1);
}

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ""), process.argv[i + 1] ?? "");
const SIZES = (args.get("sizes") ?? "1000,10000,100000").split(",").map(Number);
const SEQ = Number(args.get("seq") ?? 60);
const PAR = Number(args.get("par") ?? 120);
const CONC = Number(args.get("conc") ?? 4);
const MAX_S = Number(args.get("max-seconds") ?? 60);
const PEOPLE_N = Number(args.get("people") ?? 40);

process.env.BLOB_DIR = mkdtempSync(path.join(os.tmpdir(), "clockface-bench-blob-"));
const { openDatabase } = await import("@/lib/db/open");
const g = globalThis as unknown as { __clockfaceDb?: Promise<import("@/lib/db/open").Database> };
g.__clockfaceDb = openDatabase({ dataDir: "memory://" });
const d = await g.__clockfaceDb;

const { sql, eq } = await import("drizzle-orm");
const schema = await import("@/lib/db/schema");
const { defaultSettings } = await import("@/lib/validations/settings");
const { putTemplate, setEnrolment, forgetGallerySize, matchClaim } = await import("@/lib/db/queries/templates");
const { registerPersonalDevice } = await import("@/lib/db/queries/devices");
const { getMember } = await import("@/lib/db/queries/users");
const { beginCheckin, completeCheckin } = await import("@/lib/checkin/server/checkin");
const { EMBEDDING_MODEL_ID } = await import("@/lib/face/models");
const { nodeOrt } = await import("@/lib/face/node");
const { faceSample, faceDataDir } = await import("../tests/support/faces");
const h = await import("../tests/support/checkin-harness");

const dataDir = faceDataDir();
if (!dataDir) {
  console.error("bench:server needs real faces: ../shared/data/dev (or CLOCKFACE_DATA_DIR) is absent.");
  process.exit(2);
}

const log = (s: string) => console.log(s);
const ms = (t0: number) => performance.now() - t0;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN;
};

log(`bench:server — in-process completeCheckin (same code path as the server action, no HTTP); ${os.cpus().length} CPUs, load ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`);
log(`onnxruntime backend: ${(await nodeOrt()).backend}; strict-mode models ${process.env.CLOCKFACE_FACE_WORKER === "1" ? "on a worker thread (CLOCKFACE_FACE_WORKER=1)" : "in-process"}`);

// ── organisation and the real people ─────────────────────────────────────────────────────────────────────────
const [org] = await d
  .insert(schema.organisations)
  .values({ name: "Bench Ltd", slug: "bench", timezone: "Europe/London", settings: { ...defaultSettings, dedupeMinutes: 0 } })
  .returning();
const orgId = org!.id;

const people = readFileSync(path.join(dataDir, "lfw/people.txt"), "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((l) => l.split("\t"))
  .filter((r) => Number(r[1]) >= 4)
  .map((r) => r[0]!)
  .slice(0, PEOPLE_N);

interface BenchPerson {
  user: import("@/lib/db/schema").User;
  device: { id: string; keys: CryptoKeyPair };
  probe: Awaited<ReturnType<typeof faceSample>>;
}
const t0 = performance.now();
const bench: BenchPerson[] = [];
for (const name of people) {
  const user = await h.makeUser(orgId, name.replace(/_/g, " "));
  const keys = await h.deviceKeys();
  const dev = await registerPersonalDevice({ orgId, userId: user.id, name: "laptop", jwk: await h.publicJwk(keys) });
  for (const [i, pose] of (["frontal", "left", "right"] as const).entries())
    await putTemplate(d, { orgId, userId: user.id, modelId: EMBEDDING_MODEL_ID, embedding: (await faceSample(name, i + 1)).embedding, quality: 0.9, pose });
  await setEnrolment(d, orgId, user.id, "enrolled");
  bench.push({ user: { ...user, enrolment: "enrolled" }, device: { id: dev.id, keys }, probe: await faceSample(name, 4) });
}
log(`enrolled ${bench.length} real people (LFW, real model) in ${(ms(t0) / 1000).toFixed(1)} s`);

// ── filler gallery ─────────────────────────────────────────────────────────────────────────────────────────
function randomUnit(): number[] {
  const v = Array.from({ length: 128 }, () => {
    // Box–Muller: an isotropic Gaussian direction is uniform on the sphere.
    const u = 1 - Math.random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * Math.random());
  });
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

let templates = bench.length * 3;
async function seedTo(target: number) {
  const t = performance.now();
  await d.execute(sql`drop index if exists face_templates_embedding_hnsw_idx`);
  while (templates < target) {
    const batchPeople = Math.min(300, Math.ceil((target - templates) / 3));
    const us = await d
      .insert(schema.users)
      .values(Array.from({ length: batchPeople }, (_, i) => ({ orgId, name: `Filler ${templates + i}`, email: `f${templates}-${i}@bench.test`, enrolment: "enrolled" as const })))
      .returning({ id: schema.users.id });
    const rows = us.flatMap((u) =>
      (["frontal", "left", "right"] as const).map((pose) => ({ orgId, userId: u.id, modelId: EMBEDDING_MODEL_ID, embedding: randomUnit(), quality: 0.8, pose })),
    );
    await d.insert(schema.faceTemplates).values(rows);
    templates += rows.length;
  }
  await d.execute(sql`analyze face_templates`);
  forgetGallerySize(orgId);
  log(`seeded to ${templates} templates in ${(ms(t) / 1000).toFixed(1)} s`);
}

async function buildHnsw() {
  const t = performance.now();
  await d.execute(sql`set maintenance_work_mem = '512MB'`);
  await d.execute(sql`create index if not exists face_templates_embedding_hnsw_idx on face_templates using hnsw (embedding vector_cosine_ops)`);
  log(`built the HNSW index over ${templates} templates in ${(ms(t) / 1000).toFixed(1)} s`);
}

// ── one check-in, as the browser and the action would do it ──────────────────────────────────────────────────
let turn = 0;
/** Sum of time per stage (ms) over the sequential phase of the current configuration. */
let stages = new Map<string, number[]>();
let tracing = false;
const meta = { ip: "127.0.0.1", userAgent: "bench" };
async function oneCheckin(): Promise<{ ms: number; status: string; reason?: string }> {
  const p = bench[turn++ % bench.length]!;
  const begun = await beginCheckin(p.user, orgId, p.device.id);
  if (begun.status !== "ready") return { ms: 0, status: "begin-refused", reason: begun.reason };
  const sub = await h.sign(p.device.keys, h.payloadFor(begun.challenge, p.probe));
  const t = performance.now();
  const member = await getMember(orgId, p.user.id); // the action wrapper's DB-fresh session read
  let last = performance.now();
  const local = new Map<string, number>([["session", last - t]]);
  const trace = (stage: string) => {
    const now = performance.now();
    local.set(stage, (local.get(stage) ?? 0) + now - last);
    last = now;
  };
  const v = await completeCheckin(member!, orgId, sub, meta, { trace });
  if (tracing) for (const [k, x] of local) stages.set(k, [...(stages.get(k) ?? []), x]);
  return { ms: ms(t), status: v.status, reason: v.status === "rejected" ? v.reason : undefined };
}

interface Result {
  size: number;
  strict: boolean;
  strategy: string;
  p50: number;
  p95: number;
  rate: number;
  accepted: number;
  total: number;
  reasons: string;
}
const results: Result[] = [];

async function runConfig(size: number, strict: boolean, strategy: "exact" | "hnsw") {
  await d.update(schema.organisations).set({ settings: { ...defaultSettings, dedupeMinutes: 0, strictMode: strict } }).where(eq(schema.organisations.id, orgId));
  process.env.CLOCKFACE_HNSW_MIN_TEMPLATES = strategy === "hnsw" ? "0" : String(Number.MAX_SAFE_INTEGER);
  forgetGallerySize(orgId);
  await d.delete(schema.rateLimits);
  for (let i = 0; i < 3; i++) await oneCheckin(); // warm-up (model sessions, plans)
  const lat: number[] = [];
  const reasons = new Map<string, number>();
  let accepted = 0;
  stages = new Map();
  tracing = true;
  const tSeq = performance.now();
  for (let i = 0; i < SEQ && ms(tSeq) < MAX_S * 1000; i++) {
    const r = await oneCheckin();
    lat.push(r.ms);
    if (r.status === "accepted") accepted++;
    else reasons.set(r.reason ?? r.status, (reasons.get(r.reason ?? r.status) ?? 0) + 1);
  }
  tracing = false;
  await d.delete(schema.rateLimits);
  let done = 0;
  const tPar = performance.now();
  const worker = async () => {
    while (done < PAR && ms(tPar) < MAX_S * 1000) {
      done++;
      await oneCheckin();
    }
  };
  await Promise.all(Array.from({ length: CONC }, worker));
  const rate = done / (ms(tPar) / 1000);
  const r: Result = {
    size,
    strict,
    strategy,
    p50: pct(lat, 50),
    p95: pct(lat, 95),
    rate,
    accepted,
    total: lat.length,
    reasons: [...reasons].map(([k, v]) => `${k}:${v}`).join(",") || "-",
  };
  results.push(r);
  log(
    `templates=${templates} strategy=${strategy} strict=${strict ? "on" : "off"} n=${r.total} p50_ms=${r.p50.toFixed(1)} p95_ms=${r.p95.toFixed(1)} ` +
      `rate_per_s=${rate.toFixed(1)} (conc ${CONC}, n=${done}) accepted=${accepted}/${r.total} rejected=${r.reasons}`,
  );
  log(`   stage p50 ms: ${[...stages].map(([k, xs]) => `${k} ${pct(xs, 50).toFixed(1)}`).join(", ")}`);
}

/**
 * HNSW (iterative scan) against the exact scan, for the real people's probes: same nearest other person, largest
 * shortfall of the best-other score (HNSW can only miss, so it can only under-estimate), same accept/reject
 * decision at the organisation's threshold and margin, and the query time — for several hnsw.ef_search values.
 */
async function hnswQuality(): Promise<string[]> {
  const { hnswOptions } = await import("@/lib/db/queries/templates");
  const { decideVerification } = await import("@/lib/checkin/decision");
  const t = { threshold: defaultSettings.matchThreshold, margin: defaultSettings.matchMargin };
  const exact = await Promise.all(bench.map((p) => matchClaim(orgId, EMBEDDING_MODEL_ID, p.probe.embedding, p.user.id, "exact")));
  const out: string[] = [];
  const original = hnswOptions.efSearch;
  for (const ef of [40, 100, 200, 400]) {
    hnswOptions.efSearch = ef;
    let same = 0;
    let decisions = 0;
    let worst = 0;
    const lat: number[] = [];
    for (const [i, p] of bench.entries()) {
      const t0 = performance.now();
      const a = await matchClaim(orgId, EMBEDDING_MODEL_ID, p.probe.embedding, p.user.id, "hnsw");
      lat.push(ms(t0));
      const e = exact[i]!;
      if (a.other !== null && e.other !== null && Math.abs(a.other - e.other) < 1e-6) same++;
      worst = Math.max(worst, (e.other ?? 0) - (a.other ?? 0));
      if (decideVerification(a, t).accepted === decideVerification(e, t).accepted) decisions++;
    }
    out.push(`ef_search=${ef}: 1:1+1:N p50 ${pct(lat, 50).toFixed(1)} ms; same best-other ${same}/${bench.length}; largest best-other shortfall ${worst.toFixed(4)}; same decision ${decisions}/${bench.length}`);
  }
  hnswOptions.efSearch = original;
  return out;
}

/** The matching queries alone (1:1 + 1:N as a check-in runs them; no model, no writes): what the gallery size costs. */
async function matchOnly(strategy: "exact" | "hnsw", n = 30): Promise<string> {
  const lat: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = bench[i % bench.length]!;
    const t = performance.now();
    await matchClaim(orgId, EMBEDDING_MODEL_ID, p.probe.embedding, p.user.id, strategy);
    lat.push(ms(t));
  }
  return `p50 ${pct(lat, 50).toFixed(1)} ms, p95 ${pct(lat, 95).toFixed(1)} ms`;
}

for (const size of SIZES) {
  await seedTo(size);
  log(`-- ${templates} templates: 1:1+1:N queries alone, exact scan: ${await matchOnly("exact")}`);
  for (const strict of [true, false]) await runConfig(size, strict, "exact");
  await buildHnsw();
  log(`-- ${templates} templates: 1:1+1:N queries alone, HNSW: ${await matchOnly("hnsw")}`);
  for (const line of await hnswQuality()) log(`   HNSW vs exact, ${line}`);
  for (const strict of [true, false]) await runConfig(size, strict, "hnsw");
}

const { HNSW_MIN_TEMPLATES } = await import("@/lib/db/queries/templates");
const summary = results.find((r) => r.size === 10000 && r.strict && r.strategy === (10000 >= HNSW_MIN_TEMPLATES ? "hnsw" : "exact")) ?? results.find((r) => r.strict);
log(`(summary: the strategy the product picks at this size, HNSW from ${HNSW_MIN_TEMPLATES} templates; load now ${os.loadavg().map((x) => x.toFixed(1)).join(" ")})`);
if (summary)
  log(`templates=${summary.size} strict=on p50_ms=${summary.p50.toFixed(1)} p95_ms=${summary.p95.toFixed(1)} rate_per_s=${summary.rate.toFixed(1)}`);
process.exit(0);
