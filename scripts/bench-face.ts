// npm run bench:face [-- --webgpu] [--frames N] [--out bench-results/face.json]
//
// Per-stage latency of the production face pipeline in headless Chromium (the app's face worker, via
// tools/browser-harness.ts): landmarks on 640x480 frames, the anti-spoof pair, alignment,
// embedding — with WASM at 1 and 2 threads (and WebGPU with --webgpu) — plus cold and cached load time,
// model bytes, frames/s of the landmark + liveness loop, and the Node (onnxruntime-node) embedding time as
// the native reference. Prints figures, writes JSON, and ends with one summary line.
//
// Input frames come from ../shared/data/dev/liveness/repeating_blink_video.mp4 (or CLOCKFACE_DATA_DIR),
// cropped and padded to 640x480 like a laptop webcam.

import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { embedAlignedCrop, nodeOrt } from "@/lib/face/node";
import { TOTAL_MODEL_BYTES } from "@/lib/face/models";
import { devDataDir, repoRoot, startHarness, type Harness } from "@/tools/browser-harness";
import { extractFrames } from "@/tools/video-frames";

const { values: args } = parseArgs({
  options: {
    webgpu: { type: "boolean", default: false },
    frames: { type: "string", default: "120" },
    out: { type: "string", default: path.join(repoRoot, "bench-results/face.json") },
    threads: { type: "string", default: "1,2" },
  },
});

interface Stats {
  n: number;
  p50: number;
  p95: number;
  mean: number;
}

function stats(xs: readonly number[]): Stats {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  const q = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]! : Number.NaN);
  const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);
  return { n: s.length, p50: round(q(0.5)), p95: round(q(0.95)), mean: round(mean) };
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const fmt = (s: Stats) => `p50 ${s.p50.toFixed(1)} ms  p95 ${s.p95.toFixed(1)} ms  (n=${s.n})`;

const data = devDataDir();
if (!data) {
  console.error("bench-face: ../shared/data/dev not found; set CLOCKFACE_DATA_DIR to a folder with liveness/repeating_blink_video.mp4");
  process.exit(2);
}

const maxFrames = Number(args.frames);
// 480x854 portrait phone video → the top 480x640, scaled to 360x480, padded to a 640x480 frame.
const video = extractFrames(path.join(data, "liveness/repeating_blink_video.mp4"), {
  filter: "crop=480:640:0:40,scale=360:480,pad=640:480:140:0",
});
const allFiles = video.files.slice(0, maxFrames);
const allTMs = video.tMs.slice(0, maxFrames);

interface RunResult {
  label: string;
  provider: string;
  threads: number;
  crossOriginIsolated: boolean;
  delegate: unknown;
  /** The WebGPU adapter of a WebGPU run (null: none). */
  adapter: { vendor?: string; architecture?: string; description?: string; fallback: boolean } | null;
  coldLoadMs: number;
  coldDownloadedBytes: number;
  cachedLoadMs: number;
  cachedDownloadedBytes: number;
  cachedFromCache: boolean;
  landmarks: Stats;
  antispoofPair: Stats;
  measure: Stats;
  frameTotal: Stats;
  align: Stats;
  embed: Stats;
  fps: number;
  blinksSeen: number;
  alignedJpegBytes?: number;
  contextJpegBytes?: number;
  aligned?: Uint8ClampedArray;
}

/** WebGPU on a software adapter (no GPU) is ~60x slower than WASM: fewer frames and runs, and a time limit. */
const WEBGPU_LIMIT_MS = 300_000;

async function runConfig(label: string, threads: number, webgpu: boolean): Promise<RunResult> {
  const h: Harness = await startHarness({ threads, webgpu, provider: webgpu ? "webgpu" : "wasm", delegate: "auto" });
  let timer: NodeJS.Timeout | undefined;
  const limit = webgpu
    ? new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`WebGPU run exceeded ${WEBGPU_LIMIT_MS / 1000} s (software adapter?)`)), WEBGPU_LIMIT_MS);
      })
    : undefined;
  try {
    return await (limit ? Promise.race([measure(h, label, threads, webgpu), limit]) : measure(h, label, threads, webgpu));
  } finally {
    clearTimeout(timer);
    await h.close();
  }
}

/** The WebGPU adapter Chromium offers (null: none); a fallback adapter is a software one such as SwiftShader. */
async function webGpuAdapter(h: Harness) {
  return h.evaluate(async () => {
    type Adapter = { isFallbackAdapter?: boolean; info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean } };
    const gpu = (navigator as { gpu?: { requestAdapter(o?: object): Promise<Adapter | null> } }).gpu;
    const a = gpu ? await gpu.requestAdapter({ powerPreference: "high-performance" }) : null;
    if (!a) return null;
    return { vendor: a.info?.vendor, architecture: a.info?.architecture, description: a.info?.description, fallback: !!(a.info?.isFallbackAdapter ?? a.isFallbackAdapter) };
  }, undefined);
}

async function measure(h: Harness, label: string, threads: number, webgpu: boolean): Promise<RunResult> {
  const adapter = webgpu ? await webGpuAdapter(h) : null;
  // A software adapter is ~60x slower than WASM: a short run there; the full run on a real GPU.
  const short = webgpu && (!adapter || adapter.fallback);
  const files = short ? allFiles.slice(0, 10) : allFiles;
  const tMs = short ? allTMs.slice(0, 10) : allTMs;
  const embedRuns = short ? 13 : 60;
  const cfg = { threads, provider: webgpu ? ("webgpu" as const) : ("wasm" as const), delegate: "auto" as const };
  const cold = await h.evaluate((c) => window.harness.freshLoad(c), cfg);
  const cached = await h.evaluate((c) => window.harness.freshLoad(c), cfg);
  // Warm-up: the first frame measures the MediaPipe delegates.
  await h.landmarksForFrames(files.slice(0, 3), tMs.slice(0, 3), { wantLandmarks: false });
  await h.evaluate(() => window.harness.resetCapture(), undefined);
  const urls = files.map((f) => h.serveDir(path.dirname(f)) + path.basename(f));
  const offset = 60_000; // timestamps after the warm-up
  const loop = await h.evaluate(
    ([u, t]) => window.harness.loop(u, t, 3),
    [urls, tMs.map((x) => x + offset)] as const,
  );
  const info = await h.evaluate(() => window.harness.load({}), undefined);
  // Alignment: a few captures on different best frames.
  const aligns: number[] = [];
  let lastAligned: Uint8ClampedArray | undefined;
  for (let i = 0; i < 15; i++) {
    await h.evaluate(() => window.harness.resetCapture(), undefined);
    const k = (i * 7) % files.length;
    await h.landmarksForFrames([files[k]!], [offset * 2 + i * 40], { candidate: true, wantLandmarks: false });
    const cap = await h.evaluate(async () => {
      const c = await window.harness.capture();
      return c ? { alignMs: c.timings.alignMs, aligned: window.harness.b64(c.aligned) } : null;
    }, undefined);
    if (cap) {
      aligns.push(cap.alignMs);
      lastAligned = new Uint8ClampedArray(Buffer.from(cap.aligned, "base64"));
    }
  }
  const crop = lastAligned ?? new Uint8ClampedArray(112 * 112 * 4).fill(128);
  const embedMs = await h.evaluate(([c, n]) => window.harness.timeEmbed(c, n), [Buffer.from(crop).toString("base64"), embedRuns] as const);
  const fr = loop.frames;
  return {
    label,
    provider: info.provider,
    threads: info.threads,
    crossOriginIsolated: info.crossOriginIsolated,
    delegate: info.delegate,
    adapter,
    coldLoadMs: round(cold.wallMs),
    coldDownloadedBytes: cold.info.downloadedBytes,
    cachedLoadMs: round(cached.wallMs),
    cachedDownloadedBytes: cached.info.downloadedBytes,
    cachedFromCache: cached.info.fromCache,
    landmarks: stats(fr.map((f) => f.landmarksMs)),
    antispoofPair: stats(fr.map((f) => f.antispoofMs ?? Number.NaN)),
    measure: stats(fr.map((f) => f.measureMs)),
    frameTotal: stats(fr.map((f) => f.totalMs)),
    align: stats(aligns),
    embed: stats(embedMs.slice(Math.min(10, embedRuns - 3))),
    fps: round(fr.length / (loop.wallMs / 1000)),
    blinksSeen: loop.blinks,
    alignedJpegBytes: loop.capture?.alignedJpegBytes,
    contextJpegBytes: loop.capture?.contextJpegBytes,
    aligned: crop,
  };
}

async function nodeEmbedding(crop: Uint8ClampedArray) {
  const { backend } = await nodeOrt("native");
  for (let i = 0; i < 10; i++) await embedAlignedCrop(crop, "native");
  const ms: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t0 = performance.now();
    await embedAlignedCrop(crop, "native");
    ms.push(performance.now() - t0);
  }
  const wasm: number[] = [];
  for (let i = 0; i < 5; i++) await embedAlignedCrop(crop, "wasm");
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    await embedAlignedCrop(crop, "wasm");
    wasm.push(performance.now() - t0);
  }
  return { backend, native: stats(ms), nodeWasm: stats(wasm) };
}

const loadBefore = os.loadavg();
const t0 = Date.now();
const runs: RunResult[] = [];
for (const th of args.threads.split(",").map(Number)) {
  process.stderr.write(`bench-face: WASM, ${th} thread(s)…\n`);
  runs.push(await runConfig(`wasm-${th}t`, th, false));
}
if (args.webgpu) {
  process.stderr.write("bench-face: WebGPU…\n");
  try {
    runs.push(await runConfig("webgpu", 2, true));
  } catch (err) {
    console.log(`WebGPU run failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
const main = runs.find((r) => r.label === "wasm-2t") ?? runs[runs.length - 1]!;
process.stderr.write("bench-face: Node onnxruntime-node…\n");
const node = await nodeEmbedding(main.aligned!);
const nativeRatio = round(main.embed.p50 / node.native.p50);

console.log(`\nClockface face pipeline benchmark — ${new Date().toISOString()}`);
console.log(`machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), load average before ${loadBefore.map((x) => x.toFixed(1)).join(" ")}, after ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`);
console.log(`frames: ${allFiles.length} of ${path.basename("repeating_blink_video.mp4")} as 640x480, anti-spoof on every 3rd frame`);
console.log(`model bytes: ${TOTAL_MODEL_BYTES} (${(TOTAL_MODEL_BYTES / 1e6).toFixed(2)} MB)`);
for (const r of runs) {
  console.log(`\n[${r.label}] provider=${r.provider} threads=${r.threads} isolated=${r.crossOriginIsolated} delegate=${JSON.stringify(r.delegate)}`);
  if (r.adapter !== null) console.log(`  WebGPU adapter: ${JSON.stringify(r.adapter)}`);
  console.log(`  load cold   ${r.coldLoadMs.toFixed(0)} ms, downloaded ${(r.coldDownloadedBytes / 1e6).toFixed(1)} MB (models + runtimes)`);
  console.log(`  load cached ${r.cachedLoadMs.toFixed(0)} ms, downloaded ${r.cachedDownloadedBytes} bytes (all from cache: ${r.cachedFromCache})`);
  console.log(`  landmarks       ${fmt(r.landmarks)}`);
  console.log(`  anti-spoof pair ${fmt(r.antispoofPair)}`);
  console.log(`  EAR/pose/quality ${fmt(r.measure)}`);
  console.log(`  frame total     ${fmt(r.frameTotal)}`);
  console.log(`  alignment       ${fmt(r.align)}`);
  console.log(`  embedding       ${fmt(r.embed)}`);
  console.log(`  loop: ${r.fps.toFixed(1)} frames/s, blinks seen ${r.blinksSeen}; JPEG aligned ${r.alignedJpegBytes} B, context ${r.contextJpegBytes} B`);
}
console.log(`\n[node] onnxruntime-node (${node.backend}) embedding ${fmt(node.native)}; onnxruntime-web WASM in Node ${fmt(node.nodeWasm)}`);
console.log(`WASM (browser, 2 threads) / native ratio: ${nativeRatio}`);
console.log(`total bench time ${((Date.now() - t0) / 1000).toFixed(0)} s`);

mkdirSync(path.dirname(args.out), { recursive: true });
writeFileSync(
  args.out,
  JSON.stringify(
    {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadavgBefore: loadBefore, loadavgAfter: os.loadavg() },
      frames: allFiles.length,
      modelBytes: TOTAL_MODEL_BYTES,
      runs: runs.map(({ aligned: _a, ...r }) => r),
      node: { ...node, nativeRatio },
    },
    null,
    2,
  ),
);
console.log(`wrote ${path.relative(process.cwd(), args.out)}`);
console.log(
  `embed_p50_ms=${main.embed.p50.toFixed(1)} landmarks_p50_ms=${main.landmarks.p50.toFixed(1)} antispoof_p50_ms=${main.antispoofPair.p50.toFixed(1)} fps=${main.fps.toFixed(1)} provider=${main.provider} threads=${main.threads} native_ratio=${nativeRatio.toFixed(2)}`,
);
