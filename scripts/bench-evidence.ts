// Server CPU of one check-in's evidence burst, stage by stage (decode, face mesh, alignment, embedding, anti-spoof), on the
// thread that runs it, one burst at a time (what the face worker does per check-in).
//
//   npx tsx scripts/bench-evidence.ts [--data ../shared/data/dev] [--frames-dir <dir of .jpg>] [--bursts 20] [--size 8]
//
// Frames: 160-px evidence crops of the dev clips cut as a client cuts them (tests/fixtures/face-core/
// server-parity-browser.json), or every .jpg of --frames-dir (written by --write-frames <dir>, for a machine without
// the data). Set CLOCKFACE_ORT_THREADS=1 to measure one intra-op thread (the face worker's share of a small server).
// Last line key=value; JSON in bench-results/evidence.json.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { alignmentFor, warpToTemplate } from "@/lib/face/core/align";
import { faceBoxFromLandmarks } from "@/lib/face/core/quality";
import { antispoofV2Score } from "@/lib/face/node/antispoof";
import { ALIGNED_SIZE } from "@/lib/face/models";
import { embedAlignedCrop } from "@/lib/face/node/embed";
import { decodeJpegRgba } from "@/lib/face/node/jpeg";
import { measureFaceCrop } from "@/lib/face/node/landmarks";

const args = process.argv.slice(2);
const arg = (k: string) => {
  const i = args.indexOf(k);
  return i >= 0 ? args[i + 1] : undefined;
};

async function loadFrames(): Promise<Uint8Array[]> {
  const dir = arg("--frames-dir");
  if (dir) {
    return readdirSync(dir)
      .filter((f) => f.endsWith(".jpg"))
      .sort()
      .map((f) => new Uint8Array(readFileSync(path.join(dir, f))));
  }
  const { devDataDir } = await import("@/tools/browser-harness");
  const { evidenceJpeg, readParityFixture } = await import("@/tools/server-parity");
  const { extractFrames } = await import("@/tools/video-frames");
  const data = arg("--data") ?? devDataDir();
  if (!data) throw new Error("dev data not found: pass --data <dir> or --frames-dir <dir>");
  const out: Uint8Array[] = [];
  for (const c of readParityFixture()) {
    const files = extractFrames(path.join(data, c.clip), c.filter ? { filter: c.filter } : {}).files;
    const step = Math.max(1, Math.floor(c.frames.length / 40));
    for (let k = 0; k < c.frames.length; k += step) out.push(await evidenceJpeg(files[c.frames[k]!.i]!, c.frames[k]!.box));
  }
  const w = arg("--write-frames");
  if (w) {
    mkdirSync(w, { recursive: true });
    out.forEach((b, i) => writeFileSync(path.join(w, `${String(i).padStart(4, "0")}.jpg`), b));
  }
  return out;
}

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function main() {
  const frames = await loadFrames();
  const bursts = Number(arg("--bursts") ?? 20);
  const size = Number(arg("--size") ?? 8);
  const stages = { decode: 0, mesh: 0, align: 0, embed: 0, antispoof: 0 };
  let bytes = 0;
  const perBurst: number[] = [];
  const wall: number[] = [];
  // warm-up: sessions created, first runs done
  for (const j of frames.slice(0, 3)) {
    const img = await decodeJpegRgba(j);
    const m = await measureFaceCrop(img, 1);
    await embedAlignedCrop(warpToTemplate(Uint8ClampedArray.from(img.data), img.width, img.height, alignmentFor(m.landmarks, img.width, img.height), ALIGNED_SIZE));
    await antispoofV2Score(img, faceBoxFromLandmarks(m.landmarks, img.width, img.height));
  }
  for (let b = 0; b < bursts; b++) {
    const burst = Array.from({ length: size }, (_, k) => frames[(b * size + k) % frames.length]!);
    const c0 = cpu();
    const t0 = performance.now();
    for (const j of burst) {
      bytes += j.length;
      let a = cpu();
      const img = await decodeJpegRgba(j);
      let z = cpu();
      stages.decode += z - a;
      a = z;
      const m = await measureFaceCrop(img, 1);
      z = cpu();
      stages.mesh += z - a;
      a = z;
      const aligned = warpToTemplate(Uint8ClampedArray.from(img.data), img.width, img.height, alignmentFor(m.landmarks, img.width, img.height), ALIGNED_SIZE);
      z = cpu();
      stages.align += z - a;
      a = z;
      await embedAlignedCrop(aligned);
      z = cpu();
      stages.embed += z - a;
      a = z;
      await antispoofV2Score(img, faceBoxFromLandmarks(m.landmarks, img.width, img.height));
      stages.antispoof += cpu() - a;
    }
    perBurst.push(cpu() - c0);
    wall.push(performance.now() - t0);
  }
  const n = bursts * size;
  const q = (xs: number[], p: number) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
  const result = {
    frames_per_burst: size,
    bursts,
    ort_threads: process.env.CLOCKFACE_ORT_THREADS ?? "default",
    burst_bytes: Math.round(bytes / bursts),
    per_frame_cpu_ms: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, +(v / n).toFixed(2)])),
    burst_cpu_ms_p50: +q(perBurst, 0.5).toFixed(1),
    burst_cpu_ms_p95: +q(perBurst, 0.95).toFixed(1),
    burst_wall_ms_p50: +q(wall, 0.5).toFixed(1),
    burst_wall_ms_p95: +q(wall, 0.95).toFixed(1),
  };
  mkdirSync("bench-results", { recursive: true });
  writeFileSync("bench-results/evidence.json", JSON.stringify(result, null, 1));
  const s = result.per_frame_cpu_ms;
  console.log(
    `frames=${size} burst_bytes=${result.burst_bytes} burst_cpu_ms_p50=${result.burst_cpu_ms_p50} burst_cpu_ms_p95=${result.burst_cpu_ms_p95} ` +
      `burst_wall_ms_p50=${result.burst_wall_ms_p50} mesh_ms=${s.mesh} embed_ms=${s.embed} antispoof_ms=${s.antispoof} decode_ms=${s.decode} align_ms=${s.align} ort_threads=${result.ort_threads}`,
  );
}

await main();
