// npm run bench:checkin — a person's check-in in the real app, timed in the browser (issue 17, item 1).
//
// Starts the production build (`next build` first when there is none, or with --build) with `next start` on
// 127.0.0.1 (scripts/e2e-server.mjs: fresh embedded database, CLOCKFACE_CHECKIN_TRACE=1 so the server logs each
// completeCheckIn stage), then runs tests/bench/checkin.bench.ts in Debian's Chromium with the fake camera playing a
// real face clip: an enrolled employee checks in BENCH_RUNS times with the models cached, then once cold (HTTP cache
// and Cache Storage emptied). The figures come from the page's User Timing marks (lib/checkin/client/timeline.ts):
//
//   click_to_first_frame_ms   click → the first camera frame analysed (median of the cached runs)
//   last_step_to_verdict_ms   the last challenge step passed → the verdict on screen (median, cached)
//   click_to_verdict_ms       click → verdict (median, cached); it includes the person's time:
//   person_ms                 the time the clip took to perform the challenge's movements (sum of the steps, from
//                             each step's prompt to its movement being seen; the clip loops every ~6.4 s, so a
//                             step waits up to a loop for its movement), median, cached
//   ours_ms                   click_to_verdict_ms − person_ms
//   cold_*                    the same for the cold run; cold_download_mb: bytes on the wire from opening
//                             /check-in to the verdict; cold_download_gzip_mb: the bodies that came over the network
//                             (not those the HTTP cache answered), gzipped: a compressing host; cold_download_cdn_mb:
//                             the same bodies as Vercel's CDN would send them (tools/cdn-compression.ts: brotli q4
//                             for JavaScript, WebAssembly…, the pre-compressed models as they are)
//   load1                     the 1-minute load average at the start of the measured runs (2 cores, shared)
//
// Writes bench-results/checkin.json (every run's marks, the server's stage traces, the largest downloads).
// Without ../shared/data/dev (or CLOCKFACE_DATA_DIR) it prints why and exits 0.
//
//   npm run bench:checkin -- --runs 3 --think-ms 2000 --port 3140 --max-load 2 --max-wait-s 600 [--build]
import { execSync, spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { loadavg } from "node:os";
import path from "node:path";
import { devDataDir } from "@/tools/browser-harness";
import type { BenchRun, Mark } from "@/tools/checkin-bench";

const root = path.resolve(import.meta.dirname, "..");
function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = process.argv[i + 1];
  return v === undefined || v.startsWith("--") ? "1" : v;
}
const runs = Number(arg("runs", "3"));
const thinkMs = Number(arg("think-ms", "2000"));
const maxLoad = Number(arg("max-load", "0"));
const maxWaitS = Number(arg("max-wait-s", "600"));
const outFile = path.resolve(root, arg("out", "bench-results/checkin.json"));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

const median = (xs: number[]): number => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return Number.NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The figures of one run from its marks: the first click, the last step of the session that succeeded, the verdict. */
export function runFigures(marks: readonly Mark[]) {
  const first = (n: string) => marks.find((m) => m.name === n);
  const last = (n: string) => [...marks].reverse().find((m) => m.name === n);
  const click = first("click")?.t ?? Number.NaN;
  const lastStep = last("last-step");
  const at = (n: string) => last(n)?.t ?? Number.NaN;
  const verdict = at("verdict");
  const personMs = lastStep?.detail ? Object.values(lastStep.detail).reduce<number>((s, v) => s + Number(v), 0) : Number.NaN;
  return {
    clickToChallengeMs: at("challenge") - click,
    clickToEngineReadyMs: Math.max(0, (first("engine-ready")?.t ?? Number.NaN) - click),
    clickToCameraMs: (first("camera-ready")?.t ?? Number.NaN) - click,
    clickToFirstFrameMs: (first("first-frame")?.t ?? Number.NaN) - click,
    lastStepToVerdictMs: verdict - (lastStep?.t ?? Number.NaN),
    lastStepToCapturedMs: at("captured") - (lastStep?.t ?? Number.NaN),
    lastStepToSessionDoneMs: at("session-done") - (lastStep?.t ?? Number.NaN),
    capturedToSignedMs: at("signed") - at("captured"),
    signedToVerdictMs: verdict - at("signed"),
    serverRoundTripMs: Number(last("verdict")?.detail?.roundTripMs ?? Number.NaN),
    clickToVerdictMs: verdict - click,
    personMs,
    oursMs: verdict - click - personMs,
  };
}

async function waitForQuietMachine(): Promise<void> {
  if (!(maxLoad > 0)) return;
  const until = Date.now() + maxWaitS * 1000;
  while (loadavg()[0]! > maxLoad && Date.now() < until) {
    process.stdout.write(`waiting for load ≤ ${maxLoad} (now ${loadavg()[0]!.toFixed(2)})\n`);
    await new Promise((r) => setTimeout(r, 15_000));
  }
}

async function main(): Promise<void> {
  if (!devDataDir()) {
    console.log("bench:checkin skipped: needs ../shared/data/dev (or CLOCKFACE_DATA_DIR) for a real face on the fake camera");
    return;
  }
  if (process.argv.includes("--build") || !existsSync(path.join(root, ".next/BUILD_ID"))) {
    execSync("npx next build", { cwd: root, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  }
  await waitForQuietMachine();
  const port = Number(arg("port", process.env.E2E_PORT ?? String(await freePort())));
  const baseURL = `http://127.0.0.1:${port}`;
  const traces: Record<string, number>[] = [];
  const server = spawn(process.execPath, [path.join(root, "scripts/e2e-server.mjs")], {
    cwd: root,
    env: { ...process.env, E2E_SKIP_BUILD: "1", E2E_PORT: String(port), CLOCKFACE_CHECKIN_TRACE: "1" },
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  let buffered = "";
  mkdirSync(path.dirname(outFile), { recursive: true });
  const serverLog = createWriteStream(`${outFile}.server.log`);
  server.stdout!.on("data", (d: Buffer) => {
    serverLog.write(d);
    buffered += d.toString();
    let nl: number;
    while ((nl = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      const m = /checkin-trace (\{.*\})/.exec(line);
      if (m) traces.push(JSON.parse(m[1]!) as Record<string, number>);
    }
  });
  const stop = () => {
    try {
      process.kill(-server.pid!, "SIGTERM");
    } catch {
      // already gone
    }
  };
  process.on("exit", stop);
  try {
    for (let i = 0; ; i++) {
      const ok = await fetch(`${baseURL}/api/health`).then((r) => r.ok, () => false);
      if (ok) break;
      if (i > 240) throw new Error(`the server on ${baseURL} did not answer /api/health`);
      await new Promise((r) => setTimeout(r, 500));
    }
    mkdirSync(path.dirname(outFile), { recursive: true });
    const rawFile = `${outFile}.runs.json`;
    rmSync(rawFile, { force: true });
    const load0 = loadavg();
    // Asynchronously: this process keeps reading the server's output (its stage traces) while the browser runs.
    const code = await new Promise<number | null>((resolve) =>
      spawn("npx", ["playwright", "test", "-c", "playwright.bench.config.ts"], {
        cwd: root,
        stdio: "inherit",
        env: { ...process.env, E2E_BASE_URL: baseURL, BENCH_CHECKIN_OUT: rawFile, BENCH_RUNS: String(runs), BENCH_THINK_MS: String(thinkMs) },
      }).on("exit", resolve),
    );
    if (code !== 0) throw new Error(`the browser half failed (exit ${code}); see the Playwright output above`);
    if (!existsSync(rawFile)) {
      console.log("bench:checkin skipped: the browser half did not run (see the Playwright output above)");
      return;
    }
    const raw = JSON.parse(readFileSync(rawFile, "utf8")) as { thinkMs: number; runs: BenchRun[] };
    const runsOut = raw.runs.map((r) => ({ ...r, figures: runFigures(r.marks) }));
    const cached = runsOut.filter((r) => r.mode === "cached");
    const cold = runsOut.find((r) => r.mode === "cold");
    const med = (k: keyof ReturnType<typeof runFigures>) => Math.round(median(cached.map((r) => r.figures[k])));
    const summary = {
      click_to_first_frame_ms: med("clickToFirstFrameMs"),
      last_step_to_verdict_ms: med("lastStepToVerdictMs"),
      click_to_verdict_ms: med("clickToVerdictMs"),
      cold_download_mb: cold?.download ? +(cold.download.wireBytes / 1e6).toFixed(1) : Number.NaN,
      cold_download_gzip_mb: cold?.download ? +(cold.download.gzipBytes / 1e6).toFixed(1) : Number.NaN,
      cold_download_cdn_mb: cold?.download ? +(cold.download.cdnBytes / 1e6).toFixed(1) : Number.NaN,
      person_ms: med("personMs"),
      ours_ms: med("oursMs"),
      server_round_trip_ms: med("serverRoundTripMs"),
      cold_click_to_first_frame_ms: cold ? Math.round(cold.figures.clickToFirstFrameMs) : Number.NaN,
      cold_click_to_verdict_ms: cold ? Math.round(cold.figures.clickToVerdictMs) : Number.NaN,
      retries: runsOut.reduce((s, r) => s + r.retries.length, 0),
      load1: +load0[0]!.toFixed(2),
      load1_end: +loadavg()[0]!.toFixed(2),
    };
    // The server logs one trace per completeCheckIn, in order: the cached runs, then the cold one.
    writeFileSync(outFile, JSON.stringify({ when: new Date().toISOString(), thinkMs: raw.thinkMs, summary, serverTraces: traces, runs: runsOut }, null, 2));
    for (const r of runsOut) {
      const f = r.figures;
      console.log(
        `${r.mode.padEnd(6)} first frame ${f.clickToFirstFrameMs.toFixed(0)} ms (challenge ${f.clickToChallengeMs.toFixed(0)}, camera ${f.clickToCameraMs.toFixed(0)}) · ` +
          `last step → verdict ${f.lastStepToVerdictMs.toFixed(0)} ms (finish ${f.lastStepToSessionDoneMs.toFixed(0)}, capture ${(f.lastStepToCapturedMs - f.lastStepToSessionDoneMs).toFixed(0)}, sign ${f.capturedToSignedMs.toFixed(0)}, server ${f.serverRoundTripMs.toFixed(0)}, render ${(f.signedToVerdictMs - f.serverRoundTripMs).toFixed(0)}) · ` +
          `click → verdict ${f.clickToVerdictMs.toFixed(0)} ms (person ${f.personMs.toFixed(0)}) · ${r.retries.length} retries · load ${r.load.slice(0, 1).map((x) => x.toFixed(2))}`,
      );
    }
    if (traces.length) console.log(`server stages (median ms): ${JSON.stringify(Object.fromEntries(Object.keys(traces[0]!).map((k) => [k, Math.round(median(traces.map((t) => t[k] ?? Number.NaN)) * 10) / 10])))}`);
    console.log(`wrote ${path.relative(root, outFile)}`);
    console.log(Object.entries(summary).map(([k, v]) => `${k}=${v}`).join(" "));
  } finally {
    stop();
  }
}

await main();
