// npx tsx scripts/fit-spoof-box.ts [--data <dev dir>]
//
// MiniFASNet was trained on face boxes from upstream's own detector; our box comes from MediaPipe's mesh
// (all 478 landmarks). This fits the mapping (centre shift dyFrac·height, width and height scales) that
// best separates live from spoof on <data>/spoof/labels.csv, and checks it on live frames of
// <data>/liveness/repeating_blink_video.mp4 (a different person and camera). Boxes and pixels come from the
// production browser pipeline (IMAGE-mode landmarks, browser JPEG decoding with EXIF orientation); the
// models run in Node (onnxruntime-node) with the shared preprocessing, so the grid is fast.
// Grid: --dy, --w, --h (comma-separated values). Prints a table and the best parameters; MEDIAPIPE_BOX_MAP in lib/face/antispoof-input.ts is set by hand
// from it.

import path from "node:path";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { realScore, type BoxMapParams } from "@/lib/face/core/antispoof";
import type { Box } from "@/lib/face/core/types";
import { antispoofInputs } from "@/lib/face/antispoof-input";
import { MODELS } from "@/lib/face/models";
import { runNode } from "@/lib/face/node/ort-runtime";
import type { RgbaImage } from "@/lib/face/preprocess";
import { devDataDir, startHarness } from "@/tools/browser-harness";
import { extractFrames } from "@/tools/video-frames";

const { values: args } = parseArgs({
  options: {
    data: { type: "string" },
    dy: { type: "string", default: "-0.1,-0.05,0,0.05,0.1" },
    w: { type: "string", default: "0.8,0.9,1.0,1.1,1.2" },
    h: { type: "string", default: "0.7,0.8,0.9,1.0,1.1" },
  },
});
const list = (s: string) => s.split(",").map(Number);
const data = args.data ?? devDataDir();
if (!data) {
  console.error("fit-spoof-box: no data folder (pass --data or set CLOCKFACE_DATA_DIR)");
  process.exit(2);
}

interface Sample {
  label: "live" | "spoof";
  group: "spoof-set" | "video";
  img: RgbaImage;
  box: Box;
}

const rows = readFileSync(path.join(data, "spoof/labels.csv"), "utf8").trim().split(/\r?\n/).slice(1).map((l) => l.split(","));
const frames = extractFrames(path.join(data, "liveness/repeating_blink_video.mp4"));
// Every 10th frame, skipping the annotated closures (eyes shut still is a live face, but keep it simple).
const videoFiles = frames.files.filter((_, i) => i % 10 === 5);

const h = await startHarness({ threads: 2, delegate: "CPU" });
const samples: Sample[] = [];
try {
  await h.load();
  const spoofFiles = rows.map((r) => path.join(data, "spoof", r[0]!));
  const all = [...spoofFiles, ...videoFiles];
  const found = await h.embedImageFiles(all, { embed: false });
  const pixels = await h.decodeImageFiles(all);
  all.forEach((_, i) => {
    const box = found[i]?.box;
    if (!box) return;
    const isSpoofSet = i < spoofFiles.length;
    samples.push({
      label: isSpoofSet ? (rows[i]![1] as Sample["label"]) : "live",
      group: isSpoofSet ? "spoof-set" : "video",
      img: pixels[i]!,
      box,
    });
  });
} finally {
  await h.close();
}

async function score(s: Sample, p: BoxMapParams): Promise<number> {
  const inp = antispoofInputs(s.img, s.box, p);
  const [a, b] = await Promise.all([runNode(MODELS.antispoofV2, inp.v2, "native"), runNode(MODELS.antispoofV1se, inp.v1se, "native")]);
  return realScore(a, b);
}

const logit = (p: number) => Math.log(Math.max(1e-6, p) / Math.max(1e-6, 1 - p));
const T = 0.5;

interface Eval {
  p: BoxMapParams;
  liveMeanLogit: number;
  liveMin: number;
  spoofMax: number;
  bpcer: number;
  apcer: number;
  videoMin: number;
  videoBpcer: number;
}

async function evaluate(p: BoxMapParams): Promise<Eval> {
  const sc = await Promise.all(samples.map((s) => score(s, p)));
  const live = sc.filter((_, i) => samples[i]!.label === "live" && samples[i]!.group === "spoof-set");
  const spoof = sc.filter((_, i) => samples[i]!.label === "spoof");
  const video = sc.filter((_, i) => samples[i]!.group === "video");
  return {
    p,
    liveMeanLogit: live.reduce((s, x) => s + logit(x), 0) / live.length,
    liveMin: Math.min(...live),
    spoofMax: Math.max(...spoof),
    bpcer: live.filter((x) => x < T).length / live.length,
    apcer: spoof.filter((x) => x >= T).length / spoof.length,
    videoMin: Math.min(...video),
    videoBpcer: video.filter((x) => x < T).length / video.length,
  };
}

const grid: BoxMapParams[] = [];
for (const dyFrac of list(args.dy)) for (const wScale of list(args.w)) for (const hScale of list(args.h)) grid.push({ dyFrac, wScale, hScale });

console.log(`samples: ${samples.filter((s) => s.group === "spoof-set").length} spoof-set images, ${samples.filter((s) => s.group === "video").length} live video frames`);
const results: Eval[] = [];
for (const p of grid) results.push(await evaluate(p));
// Objective: no attack accepted, then the live score margin (mean logit) on the spoof set.
results.sort((a, b) => a.apcer - b.apcer || b.liveMeanLogit - a.liveMeanLogit);
const f = (x: number) => x.toFixed(3);
console.log("dyFrac wScale hScale | live mean logit, live min, spoof max, BPCER, APCER | video live min, video BPCER");
for (const r of results.slice(0, 12)) {
  console.log(
    `${f(r.p.dyFrac)} ${f(r.p.wScale)} ${f(r.p.hScale)} | ${r.liveMeanLogit.toFixed(2)} ${f(r.liveMin)} ${f(r.spoofMax)} ${f(r.bpcer)} ${f(r.apcer)} | ${f(r.videoMin)} ${f(r.videoBpcer)}`,
  );
}
const identity = results.find((r) => r.p.dyFrac === 0 && r.p.wScale === 1 && r.p.hScale === 1) ?? (await evaluate({ dyFrac: 0, wScale: 1, hScale: 1 }));
console.log(
  `identity: live mean logit ${identity.liveMeanLogit.toFixed(2)}, live min ${f(identity.liveMin)}, spoof max ${f(identity.spoofMax)}, BPCER ${f(identity.bpcer)}, APCER ${f(identity.apcer)}, video min ${f(identity.videoMin)}`,
);
console.log(`best: ${JSON.stringify(results[0]!.p)}`);
