// The server's liveness/identity decision (lib/face/core/server-liveness.ts on lib/face/node/evidence.ts's
// measurements) on genuine evidence bursts of the dev clips and on attacks built from the same frames.
//
//   npm run eval:server-liveness -- --data ../shared/data/dev [--bursts tests/.tmp/bursts]
//
// Frames are cut as a client cuts them (the evidence boxes the browser's own mesh gave, recorded in
// tests/fixtures/face-core/server-parity-browser.json), 160 px, JPEG. Genuine: intel_headpose_female.gif (a woman
// turning to her left, then her right: frames 9–22, the only dev clip with head turns) for [turn-left, turn-right],
// [turn-left] and [turn-right], sampled 6–10 frames with the turn peaks kept; repeating_blink_video.mp4 windows
// around each short blink for [blink]; with --bursts, the bursts real browsers picked (scripts/diagnose-evidence.ts
// capture: the production <FaceCapture> on the camera E2E's fake camera, every step order and enrolment pose). Attacks: a still repeated (re-encoded at falling JPEG quality), one photo
// shifted and scaled, the right movements in the wrong order (steps reversed; frames played backwards), two people
// spliced, a genuine burst with one frame replaced by another person's. Prints the per-rule distributions and, last,
// `genuine_accept=… attack_accept=… n_genuine=… n_attack=…`; JSON in eval-results/server-liveness.json.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import jpeg from "jpeg-js";
import { evaluateServerLiveness, type ServerFrameMeasure } from "@/lib/face/core/server-liveness";
import type { LivenessStep } from "@/lib/face/core/liveness-rules";
import { decodeJpegRgba } from "@/lib/face/node/jpeg";
import { measureEvidenceJpeg } from "@/lib/face/node/evidence";
import { devDataDir } from "@/tools/browser-harness";
import { evidenceJpeg, readParityFixture, type ParityClip } from "@/tools/server-parity";
import { extractFrames } from "@/tools/video-frames";

const repoRoot = path.resolve(import.meta.dirname, "..");

interface Burst {
  kind: "genuine" | "still-repeated" | "photo-shifted-scaled" | "wrong-order" | "two-people-spliced" | "one-frame-replaced";
  name: string;
  steps: LivenessStep[];
  frames: ServerFrameMeasure[];
}

function parseArgs() {
  const a = process.argv.slice(2);
  const i = a.indexOf("--data");
  const data = i >= 0 ? a[i + 1] : devDataDir();
  if (!data) throw new Error("dev data not found: pass --data <dir> (../shared/data/dev)");
  const b = a.indexOf("--bursts");
  return { data, bursts: b >= 0 ? a[b + 1] : undefined };
}

/**
 * Genuine bursts as real browsers sent them: the JSON files of `npx tsx scripts/diagnose-evidence.ts capture` (the
 * production <FaceCapture> on a fake camera), each with its challenge's steps and the frames it picked.
 */
async function browserBursts(dir: string): Promise<Burst[]> {
  const out: Burst[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    const s = JSON.parse(readFileSync(path.join(dir, f), "utf8")) as { steps: LivenessStep[]; outcome: { status: string; evidence?: { b64: string }[] } };
    if (s.outcome.status !== "result" || !s.outcome.evidence) continue;
    const frames: ServerFrameMeasure[] = [];
    for (const e of s.outcome.evidence) frames.push(await measureEvidenceJpeg(new Uint8Array(Buffer.from(e.b64, "base64"))));
    out.push({ kind: "genuine", name: `browser ${f.replace(/-\d+\.json$/, "")}`, steps: s.steps, frames });
  }
  return out;
}

/** k frame indices spread over [a, b] (inclusive), plus `keep`, sorted, at most 10. */
function sample(a: number, b: number, k: number, keep: number[] = []): number[] {
  const s = new Set(keep.filter((x) => x >= a && x <= b));
  for (let j = 0; s.size < k && j < k; j++) s.add(Math.round(a + ((b - a) * j) / Math.max(1, k - 1)));
  return [...s].sort((x, y) => x - y).slice(0, 10);
}

async function main() {
  const { data, bursts: browserDir } = parseArgs();
  const clips = new Map(readParityFixture().map((c) => [path.basename(c.clip), c]));
  const frameFiles = (c: ParityClip) => extractFrames(path.join(data, c.clip), c.filter ? { filter: c.filter } : {}).files;
  const female = clips.get("intel_headpose_female.gif")!;
  const male = clips.get("intel_headpose_male.gif")!;
  const blink = clips.get("repeating_blink_video.mp4")!;
  const files = new Map<ParityClip, string[]>([female, male, blink].map((c) => [c, frameFiles(c)]));

  const cache = new Map<string, ServerFrameMeasure>();
  let measured = 0;
  let measureMs = 0;
  let measureCpuMs = 0;
  async function measure(c: ParityClip, i: number, variant: { dx?: number; dy?: number; scale?: number; quality?: number } = {}): Promise<ServerFrameMeasure> {
    const key = `${c.clip}:${i}:${JSON.stringify(variant)}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const fr = c.frames.find((f) => f.i === i)!;
    const [x, y, side] = fr.box;
    const s = variant.scale ?? 1;
    const box: [number, number, number] = [x + side * (variant.dx ?? 0) + (side * (1 - s)) / 2, y + side * (variant.dy ?? 0) + (side * (1 - s)) / 2, side * s];
    let bytes = await evidenceJpeg(files.get(c)![i]!, box);
    if (variant.quality) {
      const img = await decodeJpegRgba(bytes);
      bytes = new Uint8Array(jpeg.encode({ data: Buffer.from(img.data.buffer), width: img.width, height: img.height }, variant.quality).data);
    }
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const m = await measureEvidenceJpeg(bytes);
    measureMs += performance.now() - t0;
    const c1 = process.cpuUsage(c0);
    measureCpuMs += (c1.user + c1.system) / 1000;
    measured++;
    cache.set(key, m);
    return m;
  }
  const many = async (c: ParityClip, idx: number[]) => {
    const out: ServerFrameMeasure[] = [];
    for (const i of idx) out.push(await measure(c, i)); // one at a time: the timings below are per frame
    return out;
  };

  const bursts: Burst[] = [];
  // Genuine: the woman's turns (frames 9..22: frontal → her left (peak 13) → her right (22)).
  const peaks = [13, 22];
  for (const k of [6, 7, 8, 9, 10]) {
    bursts.push({ kind: "genuine", name: `female 9-22 k${k}`, steps: ["turn-left", "turn-right"], frames: await many(female, sample(9, 22, k, peaks)) });
  }
  for (const k of [6, 8]) {
    bursts.push({ kind: "genuine", name: `female 9-18 k${k}`, steps: ["turn-left"], frames: await many(female, sample(9, 18, k, [13])) });
  }
  bursts.push({ kind: "genuine", name: "female 18-22", steps: ["turn-right"], frames: await many(female, [18, 19, 20, 21, 22]) });
  // Genuine: blinks (closed frames with open frames around them).
  const blinkAt = [11, 41, 83, 111, 221, 240];
  for (const b of blinkAt) {
    for (const k of [6, 9]) {
      bursts.push({ kind: "genuine", name: `blink@${b} k${k}`, steps: ["blink"], frames: await many(blink, sample(Math.max(0, b - 8), b + 8, k, [b])) });
    }
  }

  if (browserDir) bursts.push(...(await browserBursts(browserDir)));

  // Attacks.
  const stills: [ParityClip, number, LivenessStep[]][] = [
    [female, 9, ["turn-left", "turn-right"]],
    [female, 13, ["turn-left"]],
    [blink, 0, ["blink"]],
    [male, 0, ["blink", "turn-left"]],
  ];
  for (const [c, i, steps] of stills) {
    const frames = [];
    for (const q of [92, 88, 84, 80, 76, 72, 68, 64]) frames.push(await measure(c, i, { quality: q }));
    bursts.push({ kind: "still-repeated", name: `${path.basename(c.clip)}#${i} x8 re-encoded`, steps, frames });
    const moved = [];
    for (const [k, v] of [
      [0, 0, 1],
      [0.05, 0, 1],
      [-0.05, 0.03, 1.05],
      [0.03, -0.04, 0.92],
      [-0.08, 0, 1.1],
      [0.08, 0.05, 0.95],
      [0, -0.06, 1.12],
      [-0.03, 0.06, 0.9],
    ].entries()) {
      moved.push(await measure(c, i, { dx: v[0], dy: v[1], scale: v[2], quality: 90 - k }));
    }
    bursts.push({ kind: "photo-shifted-scaled", name: `${path.basename(c.clip)}#${i} shifted/scaled`, steps, frames: moved });
  }
  for (const k of [6, 8, 10]) {
    const idx = sample(9, 22, k, peaks);
    bursts.push({ kind: "wrong-order", name: `female 9-22 k${k}, steps reversed`, steps: ["turn-right", "turn-left"], frames: await many(female, idx) });
    bursts.push({ kind: "wrong-order", name: `female 22-9 k${k} played backwards`, steps: ["turn-left", "turn-right"], frames: await many(female, [...idx].reverse()) });
  }
  // Two people: the woman's turn to her left, then the blinking man (frontal) and the other man.
  bursts.push({ kind: "two-people-spliced", name: "female turn-left + blink man", steps: ["turn-left", "blink"], frames: [...(await many(female, [9, 11, 13, 16])), ...(await many(blink, [5, 9, 11, 14, 18]))] });
  bursts.push({ kind: "two-people-spliced", name: "blink man + female turns", steps: ["blink", "turn-left", "turn-right"], frames: [...(await many(blink, [5, 11, 16])), ...(await many(female, [13, 18, 22]))] });
  bursts.push({ kind: "two-people-spliced", name: "male + blink man blinking", steps: ["blink"], frames: [...(await many(male, [0, 10, 20])), ...(await many(blink, [8, 11, 15]))] });
  // One frame replaced by another person's frame.
  for (const g of bursts.filter((b) => b.kind === "genuine").slice()) {
    const frames = [...g.frames];
    const j = Math.floor(frames.length / 2) === 0 ? 1 : Math.floor(frames.length / 2);
    // the browser bursts show the blinking man (the E2E clip is made from his video)
    const other = g.name.startsWith("blink") || g.name.startsWith("browser") ? await measure(male, 30) : await measure(blink, 60);
    frames[j] = other;
    bursts.push({ kind: "one-frame-replaced", name: `${g.name}, frame ${j} another person`, steps: g.steps, frames });
  }

  const results = bursts.map((b) => {
    const v = evaluateServerLiveness(b.frames, b.steps);
    const val = (n: string) => v.rules.find((r) => r.name === n)?.value;
    return { kind: b.kind, name: b.name, steps: b.steps, accepted: v.passed, failed: v.rules.filter((r) => r.status === "fail").map((r) => r.name), minPairCosine: val("same-person"), minAppearanceDiff: val("distinct-frames"), antispoof: val("antispoof"), rules: v.rules };
  });
  const genuine = results.filter((r) => r.kind === "genuine");
  const attacks = results.filter((r) => r.kind !== "genuine");
  for (const r of results) {
    console.log(`${r.accepted ? "ACCEPT" : "refuse"} ${r.kind.padEnd(21)} ${r.name.padEnd(48)} cos=${r.minPairCosine} diff=${r.minAppearanceDiff} spoof=${r.antispoof} ${r.failed.join(",")}`);
  }
  const byKind: Record<string, { n: number; accepted: number }> = {};
  for (const r of results) {
    const k = (byKind[r.kind] ??= { n: 0, accepted: 0 });
    k.n++;
    if (r.accepted) k.accepted++;
  }
  const range = (xs: unknown[]) => {
    const n = xs.filter((x): x is number => typeof x === "number");
    return n.length ? `${Math.min(...n).toFixed(3)}..${Math.max(...n).toFixed(3)}` : "none";
  };
  console.log(`genuine: min pair cosine ${range(genuine.map((r) => r.minPairCosine))}, min appearance diff ${range(genuine.map((r) => r.minAppearanceDiff))}`);
  for (const src of ["female", "blink", "browser"]) {
    console.log(`genuine ${src}: frames' anti-spoof aggregate ${range(genuine.filter((r) => r.name.startsWith(src)).map((r) => r.antispoof))}`);
  }
  for (const k of ["still-repeated", "photo-shifted-scaled", "two-people-spliced", "one-frame-replaced"]) {
    const rs = attacks.filter((r) => r.kind === k);
    console.log(`${k}: min pair cosine ${range(rs.map((r) => r.minPairCosine))}, min appearance diff ${range(rs.map((r) => r.minAppearanceDiff))}`);
  }
  console.log(`by kind: ${Object.entries(byKind).map(([k, v]) => `${k} ${v.accepted}/${v.n}`).join(", ")}`);
  console.log(
    `server measurement: ${measured} frames, one at a time: ${(measureMs / measured).toFixed(1)} ms wall, ${(measureCpuMs / measured).toFixed(1)} ms CPU per frame (decode + mesh + align + embedding + anti-spoof; onnxruntime's own threads included)`,
  );
  mkdirSync(path.join(repoRoot, "eval-results"), { recursive: true });
  writeFileSync(path.join(repoRoot, "eval-results/server-liveness.json"), JSON.stringify({ byKind, results }, null, 1));
  const ga = genuine.filter((r) => r.accepted).length / genuine.length;
  const aa = attacks.filter((r) => r.accepted).length / attacks.length;
  console.log(`genuine_accept=${ga.toFixed(3)} attack_accept=${aa.toFixed(3)} n_genuine=${genuine.length} n_attack=${attacks.length}`);
}

await main();

