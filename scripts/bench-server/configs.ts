// ── one configuration ── gallery size × strategy × face worker: warm-up, sequential check-ins (latency), then
// `conc` in flight (rate); and the matching queries alone and HNSW against the exact scan, in the bench's process.
import os from "node:os";
import { eq, inArray } from "drizzle-orm";
import { decideVerification } from "@/lib/checkin/decision";
import { sizedThresholds } from "@/lib/checkin/org-size";
import { galleryCounts, hnswOptions, matchClaim } from "@/lib/db/queries/templates";
import { organisations, rateLimits, users } from "@/lib/db/schema";
import { EMBEDDING_MODEL_ID } from "@/lib/face/models";
import { FACE_WORKER_READY_LOG } from "@/lib/face/node/face-pool";
import { defaultSettings } from "@/lib/validations/settings";
import { turnStepsOnly } from "../../tools/checkin-harness";
import type { CheckinDriver } from "./checkin";
import type { BenchDatabase } from "./database";
import { signIn } from "./http";
import { PASSWORD, type BenchPerson } from "./people";
import { fmtCpu, stageMedians, type CpuShare, type ServerProcess } from "./server";
import { load, log, ms, pct } from "./stats";

export interface Result {
  size: number;
  strategy: "exact" | "hnsw";
  strict: boolean;
  /** CLOCKFACE_FACE_WORKER given to the server (null: unset, the server's default). */
  face_worker: string | null;
  p50_ms: number;
  p95_ms: number;
  rate_per_s: number;
  ambiguous_match: number;
  /** The untimed warm-up (check-ins with `conc` in flight on the just-started server) and its rate. */
  warmup: { n: number; rate_per_s: number };
  n_seq: number;
  accepted_seq: number;
  rejected: Record<string, number>;
  n_par: number;
  conc: number;
  /** Median size of the completeCheckInAction HTTP response (bytes). */
  response_bytes: number;
  server_threads: number | null;
  /** CPU per check-in (begin + complete) while sequential / with `conc` in flight. */
  cpu_seq: CpuShare | null;
  cpu_par: CpuShare | null;
  /** --trace: median milliseconds of each completeCheckin stage inside the server (sequential check-ins). */
  stages_seq_p50_ms: Record<string, number> | null;
  /** Where the server ran strict mode's models, from its log ("worker" only after the worker answered). */
  face_path: "worker" | "in-process" | "none";
  server_start_s: number;
  load_after: number[];
}

export interface RunContext {
  db: BenchDatabase;
  orgId: string;
  people: BenchPerson[];
  server: ServerProcess;
  driver: CheckinDriver;
  phases: { warmup: number; seq: number; par: number; conc: number; maxSeconds: number };
  /** Sessions are JWTs signed with AUTH_SECRET: one sign-in per person serves every server start. */
  signedIn: boolean;
}

/** One configuration on a freshly started server; the server is stopped afterwards. */
export async function runConfig(ctx: RunContext, size: number, strategy: "exact" | "hnsw", strict: boolean, faceWorker: string | undefined): Promise<Result> {
  const { people, driver, phases } = ctx;
  const d = await ctx.db.open();
  await d.update(organisations).set({ settings: { ...defaultSettings, ...turnStepsOnly({ dedupeMinutes: 0 }) } }).where(eq(organisations.id, ctx.orgId));
  await d.delete(rateLimits);
  await ctx.db.close();
  const tStart = performance.now();
  const s = await ctx.server.start(strategy, faceWorker);
  const startS = ms(tStart) / 1000;
  try {
    if (!ctx.signedIn) {
      const t = performance.now();
      for (const p of people) p.cookie = await signIn(s.base, p.email, PASSWORD);
      ctx.signedIn = true;
      log(`   signed in ${people.length} people through /api/auth/callback/credentials in ${(ms(t) / 1000).toFixed(1)} s`);
    }
    const tWarm = performance.now();
    const warmed = await driver.inFlight(phases.warmup, Infinity, (r) => {
      if (r.status !== "accepted" && r.status !== "rejected") throw new Error(`warm-up check-in failed: ${r.status} ${r.reason ?? ""}`);
    });
    const warmRate = warmed / (ms(tWarm) / 1000);
    const lat: number[] = [];
    driver.responseBytes = [];
    const reasons: Record<string, number> = {};
    let accepted = 0;
    s.traces.length = 0;
    const tSeq = performance.now();
    const seqCpu = ctx.server.cpuMeter();
    for (let i = 0; i < phases.seq && ms(tSeq) < phases.maxSeconds * 1000; i++) {
      const r = await driver.one();
      if (r.status === "begin-error" || r.status === "begin-refused") {
        reasons[`begin:${r.reason}`] = (reasons[`begin:${r.reason}`] ?? 0) + 1;
        continue;
      }
      lat.push(r.ms);
      if (r.status === "accepted") accepted++;
      else reasons[r.reason ?? r.status] = (reasons[r.reason ?? r.status] ?? 0) + 1;
    }
    const cpuSeq = seqCpu(lat.length);
    const stages = stageMedians(s.traces.splice(0));
    let completed = 0;
    const tPar = performance.now();
    const parCpu = ctx.server.cpuMeter();
    await driver.inFlight(phases.par, phases.maxSeconds * 1000, (r) => {
      if (r.status === "accepted" || r.status === "rejected") completed++;
      else reasons[`par:${r.reason ?? r.status}`] = (reasons[`par:${r.reason ?? r.status}`] ?? 0) + 1;
    });
    const rate = completed / (ms(tPar) / 1000);
    const cpuPar = parCpu(completed);
    const r: Result = {
      size,
      strategy,
      strict,
      face_worker: faceWorker ?? null,
      p50_ms: pct(lat, 50),
      p95_ms: pct(lat, 95),
      rate_per_s: rate,
      warmup: { n: warmed, rate_per_s: warmRate },
      n_seq: lat.length,
      accepted_seq: accepted,
      rejected: reasons,
      // Genuine people rejected because someone else scored near them (the 1:N guard), sequential phase.
      ambiguous_match: reasons["ambiguous-match"] ?? 0,
      n_par: completed,
      conc: phases.conc,
      response_bytes: pct(driver.responseBytes, 50),
      server_threads: ctx.server.threads(),
      cpu_seq: cpuSeq,
      cpu_par: cpuPar,
      stages_seq_p50_ms: stages,
      face_path: !strict ? "none" : s.output.some((l) => l.includes(FACE_WORKER_READY_LOG)) ? "worker" : "in-process",
      server_start_s: startS,
      load_after: os.loadavg(),
    };
    log(
      `templates=${size} strategy=${strategy} strict=${strict ? "on" : "off"}${faceWorker === undefined ? "" : ` CLOCKFACE_FACE_WORKER=${faceWorker}`} n=${r.n_seq} p50_ms=${r.p50_ms.toFixed(1)} p95_ms=${r.p95_ms.toFixed(1)} ` +
        `rate_per_s=${rate.toFixed(1)} (conc ${phases.conc}, n=${completed}; warm-up ${warmed} at ${warmRate.toFixed(1)}/s) accepted=${accepted}/${r.n_seq} ambiguous_match=${r.ambiguous_match} ` +
        `rejected=${Object.entries(reasons).map(([k, v]) => `${k}:${v}`).join(",") || "-"} face=${r.face_path} response_kB=${(r.response_bytes / 1024).toFixed(1)} load ${load()}`,
    );
    log(`   sequential ${fmtCpu(cpuSeq)}`);
    log(`   ${phases.conc} in flight ${fmtCpu(cpuPar)}`);
    if (stages) log(`   completeCheckin stages inside the server, sequential p50 ms: ${Object.entries(stages).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(", ")}`);
    return r;
  } finally {
    await ctx.server.stop();
  }
}

/**
 * HNSW (iterative scan) against the exact scan, for the real people's probes (in the bench's process, server
 * stopped): same nearest other person, largest shortfall of the best-other score (HNSW can only miss), same
 * accept/reject decision at the organisation's threshold and margin, and the query time, for several ef_search.
 */
export async function hnswQuality(db: BenchDatabase, orgId: string, people: BenchPerson[]): Promise<string[]> {
  const userIds = new Map<string, string>();
  const d = await db.open();
  for (const u of await d.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, people.map((p) => p.email)))) userIds.set(u.email, u.id);
  const t = sizedThresholds((await galleryCounts(orgId, EMBEDDING_MODEL_ID)).people, defaultSettings).verify;
  const exact = [];
  for (const p of people) exact.push(await matchClaim(orgId, EMBEDDING_MODEL_ID, p.probe.embedding, userIds.get(p.email)!, "exact"));
  const out: string[] = [];
  const original = hnswOptions.efSearch;
  for (const ef of [40, 100, 200, 400]) {
    hnswOptions.efSearch = ef;
    let same = 0;
    let decisions = 0;
    let worst = 0;
    const lat: number[] = [];
    for (const [i, p] of people.entries()) {
      const t0 = performance.now();
      const a = await matchClaim(orgId, EMBEDDING_MODEL_ID, p.probe.embedding, userIds.get(p.email)!, "hnsw");
      lat.push(ms(t0));
      const e = exact[i]!;
      if (a.other !== null && e.other !== null && Math.abs(a.other - e.other) < 1e-6) same++;
      worst = Math.max(worst, (e.other ?? 0) - (a.other ?? 0));
      if (decideVerification(a, t).accepted === decideVerification(e, t).accepted) decisions++;
    }
    out.push(`ef_search=${ef}: 1:1+1:N p50 ${pct(lat, 50).toFixed(1)} ms; same best-other ${same}/${people.length}; largest best-other shortfall ${worst.toFixed(4)}; same decision ${decisions}/${people.length}`);
  }
  hnswOptions.efSearch = original;
  return out;
}

/** The matching queries alone (1:1 + 1:N as a check-in runs them; no model, no writes; in the bench's process). */
export async function matchOnly(db: BenchDatabase, orgId: string, people: BenchPerson[], strategy: "exact" | "hnsw", n = 30): Promise<string> {
  const d = await db.open();
  const ids = await d.select({ id: users.id }).from(users).where(inArray(users.email, people.map((p) => p.email)));
  const lat: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = people[i % people.length]!;
    const t = performance.now();
    await matchClaim(orgId, EMBEDDING_MODEL_ID, p.probe.embedding, ids[i % ids.length]!.id, strategy);
    lat.push(ms(t));
  }
  return `p50 ${pct(lat, 50).toFixed(1)} ms, p95 ${pct(lat, 95).toFixed(1)} ms`;
}
