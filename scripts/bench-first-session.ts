// npm run bench:first-session — frames/s of a fresh face worker's FIRST session, visit after visit in one browser
// profile (issue 17: a new worker analysed 3.5–7 frames/s, later sessions 12–14). Each visit disposes the worker,
// loads a new one (as every check-in and enrolment capture does) and runs the app's landmark + liveness loop
// (tools/harness/page.ts `loop`: anti-spoof every 3rd frame) over the same frames at once. Visit 1 is a first visit
// (empty HTTP cache); later visits show whether the runtimes' compiled code is reused (Chromium keeps it beside the
// HTTP-cache entry of a WASM binary instantiated streaming from its URL; bytes handed over in memory are compiled
// again every time). Frames: LFW faces from ../shared/data/dev padded to 640x480. The machine's load is printed
// with the figures: compare runs made together only.
//
//   npm run bench:first-session -- --visits 4 --frames 45 [--threads 2]
// Writes bench-results/first-session.json; last line key=value.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { devDataDir, repoRoot, startHarness } from "@/tools/browser-harness";

const { values: args } = parseArgs({
  options: { visits: { type: "string", default: "4" }, frames: { type: "string", default: "45" }, threads: { type: "string", default: "2" } },
});
const visits = Number(args.visits);
const nFrames = Number(args.frames);
const threads = Number(args.threads);

const data = devDataDir();
if (!data || !existsSync(path.join(data, "lfw/images"))) {
  console.error("bench-first-session: ../shared/data/dev/lfw not found (set CLOCKFACE_DATA_DIR)");
  process.exit(2);
}

/** The first nFrames LFW images (sorted), padded to 640x480 PNGs (built once). */
function frames(): string[] {
  const out = path.join(repoRoot, "tests/.tmp/bench-first-session");
  mkdirSync(out, { recursive: true });
  const lfw = path.join(data!, "lfw/images");
  const people = readdirSync(lfw).filter((d) => !d.includes(".")).sort();
  const files: string[] = [];
  for (const p of people) {
    for (const f of readdirSync(path.join(lfw, p)).sort()) if (f.endsWith(".jpg") && files.length < nFrames) files.push(path.join(lfw, p, f));
    if (files.length >= nFrames) break;
  }
  return files.map((src, i) => {
    const dest = path.join(out, `f${String(i).padStart(3, "0")}.png`);
    if (!existsSync(dest)) execFileSync("ffmpeg", ["-v", "error", "-y", "-i", src, "-vf", "scale=360:360,pad=640:480:140:60", dest]);
    return dest;
  });
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function main() {
  const files = frames();
  const h = await startHarness({ threads, provider: "wasm", delegate: "CPU" });
  const urls = files.map((f) => h.serveDir(path.dirname(f)) + path.basename(f));
  const cfg = { threads, provider: "wasm" as const, delegate: "CPU" as const };
  const rows: { visit: number; loadMs: number; fromCache: boolean; downloadedMb: number; fps: number; firstTenFps: number; load1: number }[] = [];
  try {
    for (let v = 1; v <= visits; v++) {
      const load = await h.evaluate((c) => window.harness.freshLoad(c), cfg);
      let t = 1_000_000 * v; // VIDEO-mode timestamps must increase
      const tMs = urls.map(() => (t += 40));
      const loop = await h.evaluate(([u, ts]) => window.harness.loop(u, ts, 3), [urls, tMs] as const);
      const firstTen = loop.frames.slice(0, 10).reduce((s, f) => s + f.totalMs, 0);
      rows.push({
        visit: v,
        loadMs: Math.round(load.wallMs),
        fromCache: load.info.fromCache,
        downloadedMb: round(load.info.downloadedBytes / 1e6, 2),
        fps: round(loop.frames.length / (loop.wallMs / 1000)),
        firstTenFps: round(10_000 / firstTen),
        load1: round(os.loadavg()[0]!, 1),
      });
      const r = rows[rows.length - 1]!;
      console.log(`visit ${v}: load ${r.loadMs} ms (${r.fromCache ? "HTTP cache" : `${r.downloadedMb} MB downloaded`}), first session ${r.fps} frames/s (first 10 frames ${r.firstTenFps}/s), load avg ${r.load1}`);
    }
  } finally {
    await h.close();
  }
  mkdirSync(path.join(repoRoot, "bench-results"), { recursive: true });
  writeFileSync(path.join(repoRoot, "bench-results/first-session.json"), JSON.stringify({ threads, frames: files.length, cpus: os.cpus().length, rows }, null, 2));
  const later = rows.slice(1);
  const mean = (xs: number[]) => round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));
  console.log(
    `first_visit_fps=${rows[0]?.fps} later_visits_fps=${mean(later.map((r) => r.fps))} first_visit_first10_fps=${rows[0]?.firstTenFps} later_visits_first10_fps=${mean(later.map((r) => r.firstTenFps))} threads=${threads} load_avg=${round(os.loadavg()[0]!, 1)}`,
  );
}

void main();
