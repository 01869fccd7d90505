// Enrolment's repeat check (lib/face/core/capture-distinct.ts): how far apart the capture thumbnails of genuine,
// distinct captures of one person are, against one capture sent again shifted, scaled and re-encoded.
//
//   npm run eval:capture-distinct -- --data ../shared/data/dev [--bursts tests/.tmp/bursts]
//
// A capture is what the enrolment server sees: the context crop (the photographed face, as the browser cuts it) and
// its face box; the thumbnail is the server's (lib/face/node/evidence.ts embedFaceInBox: its own mesh, aligned,
// 32x32 grey, normalised). Genuine: pairs of frames of one dev clip at least 0.5 s apart (intel_headpose_female.gif,
// intel_headpose_male.gif, repeating_blink_video.mp4 every 4th frame), and pairs of different LFW photos of one person
// (images 1–3 of 20 people with ≥ 3). Attacks: each of those captures re-sent as one image shifted by up to 6 px,
// scaled by ±5 % and re-encoded at JPEG quality 60–95, the face box moved with it (a client that detects the face
// again). Enrolment compares only captures of different poses, so the genuine pairs that matter are those whose
// server yaw differs by ≥ 2° (genuine_pose_refused); genuine_still_refused counts every genuine pair, a person holding
// still included. Prints the distributions and, last, `genuine_min=… attack_max=… threshold=… genuine_pose_refused=…
// genuine_still_refused=… attack_accepted=… n_genuine=… n_attack=…`; JSON in eval-results/capture-distinct.json.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { captureDifference, MIN_CAPTURE_DIFFERENCE } from "@/lib/face/core/capture-distinct";
import type { FaceBox } from "@/lib/checkin/payload";
import type { RgbaImage } from "@/lib/face/preprocess";
import { decodeJpegRgba } from "@/lib/face/node/jpeg";
import { embedFaceInBox } from "@/lib/face/node/evidence";
import { devDataDir } from "@/tools/browser-harness";
import { faceSampleFromFrame, clipFrames, type ClipName } from "@/tools/evidence-bursts";
import { faceSample } from "@/tools/faces";
import { reencode, shiftedScaled } from "@/tools/image-variants";

const repoRoot = path.resolve(import.meta.dirname, "..");
const a = process.argv.slice(2);
const di = a.indexOf("--data");
const data = di >= 0 ? a[di + 1] : devDataDir();
if (!data) throw new Error("dev data not found: pass --data <dir> (../shared/data/dev)");
process.env.CLOCKFACE_DATA_DIR ??= path.resolve(data);

interface Capture {
  name: string;
  group: string;
  tMs: number;
  context: RgbaImage;
  faceBox: FaceBox;
}

/** The attacks made of one capture: shifted, scaled, re-encoded, alone and together. */
export const VARIANTS = [
  { dx: 0, dy: 0, s: 1, q: 95 },
  { dx: 0, dy: 0, s: 1, q: 60 },
  { dx: 3, dy: -2, s: 1, q: 90 },
  { dx: -6, dy: 5, s: 1, q: 75 },
  { dx: 0, dy: 0, s: 0.95, q: 85 },
  { dx: 0, dy: 0, s: 1.05, q: 85 },
  { dx: 4, dy: 4, s: 1.05, q: 60 },
  { dx: -3, dy: 6, s: 0.95, q: 70 },
] as const;

async function captures(): Promise<Capture[]> {
  const out: Capture[] = [];
  const clips: { name: ClipName; every: number }[] = [
    { name: "female", every: 1 },
    { name: "male", every: 2 },
    { name: "blink", every: 8 },
  ];
  for (const { name, every } of clips) {
    const { clip } = clipFrames(data!, name);
    for (const f of clip.frames.filter((_, k) => k % every === 0)) {
      const s = await faceSampleFromFrame(data!, name, f.i);
      out.push({ name: `${name}#${f.i}`, group: name, tMs: f.tMs, context: await decodeJpegRgba(s.contextJpeg), faceBox: s.faceBox });
    }
  }
  const lfw = path.join(data!, "lfw/images");
  const people = readdirSync(lfw)
    .filter((p) => readdirSync(path.join(lfw, p)).length >= 3)
    .slice(0, 20);
  for (const p of people)
    for (const n of [1, 2, 3]) {
      const s = await faceSample(p, n);
      out.push({ name: `${p}#${n}`, group: p, tMs: n * 1e6, context: await decodeJpegRgba(s.contextJpeg), faceBox: s.faceBox });
    }
  return out;
}

const thumb = async (img: RgbaImage, box: FaceBox) => (await embedFaceInBox(img, box)).thumbnail;
const yaws = new Map<string, number>();
const q = (xs: number[], p: number) => {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};
const summary = (xs: number[]) => ({ n: xs.length, min: Math.min(...xs), p01: q(xs, 0.01), p05: q(xs, 0.05), median: q(xs, 0.5), max: Math.max(...xs) });
const fmt = (s: ReturnType<typeof summary>) => `n=${s.n} min=${s.min.toFixed(3)} p01=${s.p01.toFixed(3)} p05=${s.p05.toFixed(3)} median=${s.median.toFixed(3)} max=${s.max.toFixed(3)}`;

/**
 * --bursts <dir>: captures real browsers made (scripts/diagnose-evidence.ts capture: the production <FaceCapture> on the
 * camera E2E's fake camera, every step order and enrolment pose): their context crops, pairs of different poses.
 */
async function browserPairs(dir: string): Promise<number[]> {
  const caps: { pose: string; thumbnail: Float32Array }[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    const d = JSON.parse(readFileSync(path.join(dir, f), "utf8")) as { pose?: string; outcome: { contextJpegB64: string; contextFaceBox: FaceBox } };
    const img = await decodeJpegRgba(new Uint8Array(Buffer.from(d.outcome.contextJpegB64, "base64")));
    caps.push({ pose: d.pose ?? "frontal", thumbnail: await thumb(img, d.outcome.contextFaceBox) });
  }
  const out: number[] = [];
  for (let i = 0; i < caps.length; i++)
    for (let j = i + 1; j < caps.length; j++) if (caps[i]!.pose !== caps[j]!.pose) out.push(captureDifference(caps[i]!.thumbnail, caps[j]!.thumbnail));
  return out;
}

const caps = await captures();
const thumbs = new Map<string, Float32Array>();
for (const c of caps) {
  const f = await embedFaceInBox(c.context, c.faceBox);
  thumbs.set(c.name, f.thumbnail);
  yaws.set(c.name, f.yaw);
}

const genuine: { a: string; b: string; d: number; dyaw: number }[] = [];
for (let i = 0; i < caps.length; i++)
  for (let j = i + 1; j < caps.length; j++) {
    const x = caps[i]!;
    const y = caps[j]!;
    if (x.group !== y.group || Math.abs(x.tMs - y.tMs) < 500) continue;
    genuine.push({ a: x.name, b: y.name, d: captureDifference(thumbs.get(x.name)!, thumbs.get(y.name)!), dyaw: Math.abs(yaws.get(x.name)! - yaws.get(y.name)!) });
  }
const attack: { a: string; variant: string; d: number }[] = [];
for (const c of caps) {
  for (const v of VARIANTS) {
    const t = shiftedScaled(c.context, c.faceBox, v);
    const d = captureDifference(thumbs.get(c.name)!, await thumb(await reencode(t.img, v.q), t.box));
    attack.push({ a: c.name, variant: `dx${v.dx} dy${v.dy} s${v.s} q${v.q}`, d });
  }
}

const gd = genuine.map((g) => g.d);
const ad = attack.map((x) => x.d);
const byGroup = (xs: { a: string; d: number }[], g: string) => xs.filter((x) => (["female", "male", "blink"].includes(g) ? x.a.startsWith(`${g}#`) : !/^(female|male|blink)#/.test(x.a))).map((x) => x.d);
for (const g of ["female", "male", "blink", "lfw"]) {
  console.log(`${g} genuine: ${fmt(summary(byGroup(genuine, g)))}`);
  console.log(`${g} attack:  ${fmt(summary(byGroup(attack, g)))}`);
}
for (const v of VARIANTS) {
  const name = `dx${v.dx} dy${v.dy} s${v.s} q${v.q}`;
  console.log(`attack ${name}: ${fmt(summary(attack.filter((x) => x.variant === name).map((x) => x.d)))}`);
}
for (const dy of [2, 4, 8]) console.log(`genuine |Δyaw| ≥ ${dy}°: ${fmt(summary(genuine.filter((g) => g.dyaw >= dy).map((g) => g.d)))}`);
const bi = a.indexOf("--bursts");
if (bi >= 0 && a[bi + 1]) {
  const real = await browserPairs(a[bi + 1]!);
  console.log(`real-browser captures, different poses: ${fmt(summary(real))} refused=${real.filter((d) => d < MIN_CAPTURE_DIFFERENCE).length}`);
}
const closest = [...genuine].sort((x, y) => x.d - y.d).slice(0, 5);
console.log(`closest genuine pairs: ${closest.map((g) => `${g.a}~${g.b} ${g.d.toFixed(3)}`).join(", ")}`);
const farthest = [...attack].sort((x, y) => y.d - x.d).slice(0, 5);
console.log(`farthest attacks: ${farthest.map((x) => `${x.a} [${x.variant}] ${x.d.toFixed(3)}`).join(", ")}`);
const t = MIN_CAPTURE_DIFFERENCE;
const result = {
  genuine_min: Math.min(...gd),
  attack_max: Math.max(...ad),
  threshold: t,
  genuine_refused: gd.filter((d) => d < t).length / gd.length,
  genuine_pose_refused: genuine.filter((g) => g.dyaw >= 2 && g.d < t).length / genuine.filter((g) => g.dyaw >= 2).length,
  attack_accepted: ad.filter((d) => d >= t).length / ad.length,
  n_genuine: gd.length,
  n_attack: ad.length,
};
mkdirSync(path.join(repoRoot, "eval-results"), { recursive: true });
writeFileSync(path.join(repoRoot, "eval-results/capture-distinct.json"), JSON.stringify({ ...result, genuine: summary(gd), attack: summary(ad) }, null, 2));
console.log(
  `genuine_min=${result.genuine_min.toFixed(3)} attack_max=${result.attack_max.toFixed(3)} threshold=${t} genuine_pose_refused=${result.genuine_pose_refused.toFixed(3)} genuine_still_refused=${result.genuine_refused.toFixed(3)} ` +
    `attack_accepted=${result.attack_accepted.toFixed(3)} n_genuine=${result.n_genuine} n_attack=${result.n_attack}`,
);
