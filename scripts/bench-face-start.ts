// npm run bench:face-start — the face worker's warm start (issue 13): time from spawning the worker to its models
// being ready (it creates every session and the JPEG decoder as it starts), then the first and following strict
// measurements (MobileFaceNet + both MiniFASNets on a 112-px aligned and a 224-px context JPEG). The crops are
// synthetic (a smooth gradient: latency does not depend on whose face it is). Each run is a fresh process: the
// worker is spawned once per process. Writes bench-results/face-start.json; last line key=value.
//
//   npm run bench:face-start -- --runs 3
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import jpeg from "jpeg-js";

const root = path.resolve(import.meta.dirname, "..");
const runs = Number(process.argv[process.argv.indexOf("--runs") + 1] || 3);

function gradientJpeg(size: number): Uint8Array {
  const data = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      data[i] = (x * 255) / size;
      data[i + 1] = (y * 255) / size;
      data[i + 2] = 128;
      data[i + 3] = 255;
    }
  return new Uint8Array(jpeg.encode({ data, width: size, height: size }, 90).data);
}

async function child(): Promise<void> {
  const { pooledFace } = await import("@/lib/face/node/face-pool");
  const { nodeFace } = await import("@/lib/face/node/server-face");
  const aligned = gradientJpeg(112);
  const context = gradientJpeg(224);
  const box = { x: 56, y: 48, width: 112, height: 128 };
  const t0 = performance.now();
  const face = pooledFace(nodeFace);
  const ready = await face.ready!();
  const readyMs = performance.now() - t0;
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t = performance.now();
    await face.measureCrops(aligned, context, box);
    times.push(performance.now() - t);
  }
  const sinceSpawn = performance.now() - t0;
  process.stdout.write(JSON.stringify({ where: ready.where, backend: ready.backend, readyMs, firstMs: times[0], laterMs: times.slice(1), firstVerdictSinceSpawnMs: readyMs + times[0]!, sinceSpawn }) + "\n");
  process.exit(0);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  if (process.argv.includes("--child")) return child();
  const results = [];
  for (let i = 0; i < runs; i++) {
    // Server modules import "server-only", which resolves only under the react-server condition (as in Next).
    const out = execFileSync(process.execPath, ["--conditions=react-server", ...process.execArgv, path.join(root, "scripts/bench-face-start.ts"), "--child"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    const line = out.trim().split("\n").at(-1)!;
    results.push(JSON.parse(line) as { readyMs: number; firstMs: number; laterMs: number[]; firstVerdictSinceSpawnMs: number; where: string; backend: string });
    console.log(`run ${i + 1}: ${line}`);
  }
  const summary = {
    runs,
    where: results[0]!.where,
    backend: results[0]!.backend,
    spawn_to_ready_ms: Math.round(median(results.map((r) => r.readyMs))),
    first_measure_ms: Math.round(median(results.map((r) => r.firstMs))),
    later_measure_ms: Math.round(median(results.flatMap((r) => r.laterMs))),
    spawn_to_first_verdict_ms: Math.round(median(results.map((r) => r.firstVerdictSinceSpawnMs))),
  };
  mkdirSync(path.join(root, "bench-results"), { recursive: true });
  writeFileSync(path.join(root, "bench-results/face-start.json"), JSON.stringify({ summary, results }, null, 2));
  console.log(Object.entries(summary).map(([k, v]) => `${k}=${v}`).join(" "));
}

void main();
