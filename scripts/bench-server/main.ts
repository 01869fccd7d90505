// The bench's run: seed, then each gallery size × strategy × face worker on a fresh `next start`, then the JSON
// and the summary line. Loaded by scripts/bench-server.ts once the environment points at the bench's data directory.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { HNSW_MIN_TEMPLATES } from "@/lib/db/queries/templates";
import { faceDataDir } from "../../tools/faces";
import { actionIds, buildPaths, ensureBuild } from "./build";
import { CheckinDriver } from "./checkin";
import { hnswQuality, matchOnly, runConfig, type Result, type RunContext } from "./configs";
import { BenchDatabase } from "./database";
import { FillerGallery } from "./gallery";
import type { BenchOptions } from "./options";
import { seedPeople } from "./people";
import { ServerProcess } from "./server";
import { load, log, ms } from "./stats";

// Strict mode is no longer a setting (issue 14: the server always re-embeds); every configuration is "strict".
const STRICT = [true];

export async function main(o: BenchOptions, root: string, work: { dir: string; pgliteDir: string; blobDir: string }): Promise<number> {
  const wallStart = performance.now();
  const OUT = path.resolve(root, o.out);
  const DEADLINE = Date.now() + o.deadlineMinutes * 60_000;
  ensureBuild(root, o.build);
  const { nextBin, buildDir } = buildPaths(root);
  const actions = actionIds(buildDir);

  const dataDir = faceDataDir();
  if (!dataDir) {
    console.error("bench:server needs real faces: ../shared/data/dev (or CLOCKFACE_DATA_DIR) is absent.");
    return 2;
  }
  log(`bench:server — beginCheckInAction/completeCheckInAction server actions over HTTP against \`next start\` on 127.0.0.1; ${os.cpus().length} CPUs, load ${load()}`);
  log(`data directory ${work.dir} (removed at the end); server face worker: ${o.faceWorkers.map((w) => (w === undefined ? "the server's default" : `CLOCKFACE_FACE_WORKER=${w}`)).join(" vs ")}`);

  const db = new BenchDatabase(work.pgliteDir);
  const server = new ServerProcess({ root, nextBin, embeddedDir: work.dir, pgliteDir: work.pgliteDir, blobDir: work.blobDir, port: o.port, trace: o.trace, nodeArgs: o.serverNodeArgs });
  const watchdog = setInterval(() => {
    if (Date.now() < DEADLINE) return;
    console.error("bench:server: past --deadline-minutes, stopping");
    server.kill();
    process.exit(3);
  }, 1000);
  watchdog.unref();
  for (const sig of ["SIGINT", "SIGTERM"] as const)
    process.on(sig, () => {
      server.kill();
      process.exit(130);
    });

  const { orgId, people } = await seedPeople(db, dataDir, o.people);
  // Per configuration each person may make 12 attempts in 10 minutes (checkinUser, checkinDevice); keep one spare.
  const maxPerConfig = 11 * people.length - o.warmup;
  let { seq, par } = o;
  if (seq + par > maxPerConfig) {
    const f = maxPerConfig / (seq + par);
    seq = Math.floor(seq * f);
    par = Math.floor(par * f);
    log(`--seq/--par capped to ${seq}/${par}: ${people.length} people × 12 attempts per 10 minutes is the product's per-person limit`);
  }
  const gallery = new FillerGallery(db, orgId, people.length * 3);
  const ctx: RunContext = {
    db,
    orgId,
    people,
    server,
    driver: new CheckinDriver(people, actions, o.conc, () => server.current!.base),
    phases: { warmup: o.warmup, seq, par, conc: o.conc, maxSeconds: o.maxSeconds },
    signedIn: false,
  };

  const results: Result[] = [];
  const matchLines: string[] = [];
  let exitCode = 0;
  try {
    for (const size of o.sizes) {
      await gallery.seedTo(size);
      const size_ = gallery.templates;
      const configs = async (strategy: "exact" | "hnsw") => {
        for (const strict of STRICT) for (const fw of strict ? o.faceWorkers : o.faceWorkers.slice(0, 1)) results.push(await runConfig(ctx, size_, strategy, strict, fw));
      };
      if (o.strategies.includes("exact")) {
        matchLines.push(`${size_} templates, queries alone, exact: ${await matchOnly(db, orgId, people, "exact")}`);
        log(`-- ${matchLines.at(-1)}`);
        await configs("exact");
      }
      if (o.strategies.includes("hnsw")) {
        await gallery.buildHnsw();
        matchLines.push(`${size_} templates, queries alone, HNSW: ${await matchOnly(db, orgId, people, "hnsw")}`);
        log(`-- ${matchLines.at(-1)}`);
        for (const line of await hnswQuality(db, orgId, people)) log(`   HNSW vs exact, ${line}`);
        await configs("hnsw");
      }
    }
  } catch (e) {
    await server.stop();
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    exitCode = 1;
  }
  await db.close();

  // The summary: the 10k (else the first size) strict case with the strategy the product picks at that size.
  const want = o.sizes.includes(10000) ? 10000 : results[0]?.size;
  const pick = (want ?? 0) >= Number(process.env.CLOCKFACE_HNSW_MIN_TEMPLATES ?? HNSW_MIN_TEMPLATES) ? "hnsw" : "exact";
  const first = (r: Result) => r.face_worker === (o.faceWorkers[0] ?? null);
  const summary =
    results.find((r) => r.size === want && r.strict && r.strategy === pick && first(r)) ??
    results.find((r) => r.size === want && r.strict && first(r)) ??
    results.find((r) => r.strict);
  const wallS = ms(wallStart) / 1000;

  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(
    OUT,
    JSON.stringify(
      {
        bench: "server",
        path: "HTTP (next start on 127.0.0.1): beginCheckInAction + completeCheckInAction server actions",
        at: new Date().toISOString(),
        machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, load_end: os.loadavg() },
        options: { sizes: o.sizes, strategies: o.strategies, strict: STRICT, seq, par, conc: o.conc, max_seconds: o.maxSeconds, people: people.length, face_worker: o.faceWorkers.map((w) => w ?? "server default") },
        hnsw_min_templates: HNSW_MIN_TEMPLATES,
        timings_s: { ...gallery.timings, wall: wallS },
        match_queries_alone: matchLines,
        results,
        ambiguous_match_by_size: Object.fromEntries(
          o.sizes.map((size) => [size, results.filter((r) => r.size === size).map((r) => ({ strategy: r.strategy, strict: r.strict, ambiguous: r.ambiguous_match, of: r.n_seq }))]),
        ),
        summary: summary
          ? { templates: summary.size, strategy: summary.strategy, strict: "on", face_path: summary.face_path, p50_ms: summary.p50_ms, p95_ms: summary.p95_ms, rate_per_s: summary.rate_per_s }
          : null,
      },
      null,
      2,
    ) + "\n",
  );
  rmSync(work.dir, { recursive: true, force: true });
  log(`wrote ${path.relative(root, OUT)}; wall ${wallS.toFixed(0)} s; load now ${load()}; summary: the strategy the product picks at this size (HNSW from ${HNSW_MIN_TEMPLATES} templates)`);
  for (const size of o.sizes) {
    const rs = results.filter((r) => r.size === size);
    if (rs.length) log(`ambiguous-match at ${size} templates: ${rs.map((r) => `${r.strategy}/strict ${r.strict ? "on" : "off"} ${r.ambiguous_match}/${r.n_seq}`).join(", ")}`);
  }
  if (summary) log(`templates=${summary.size} strict=on p50_ms=${summary.p50_ms.toFixed(1)} p95_ms=${summary.p95_ms.toFixed(1)} rate_per_s=${summary.rate_per_s.toFixed(1)}`);
  return exitCode;
}
