// npm run eval:browser-models -- [--data <dev dir>] [--out eval-results/browser-models.json] [--limit-pairs k]
//
// The browser's int8 copies of MobileFaceNet and the two MiniFASNets (lib/face/models.ts `browser`, written by
// scripts/quantize-browser-models.ts) against the float32 originals the server runs, on the dev data:
//   - embedding: every image of the LFW pairs through the PRODUCTION browser pipeline (the app's face worker in
//     headless Chromium: MediaPipe landmarks → alignment → the int8 copy in onnxruntime-web WASM); the same aligned
//     crop embedded by the float32 original in Node (onnxruntime-node). Cosine between the two (mean, p1, min); the
//     server's strict check (lib/checkin/server/pipeline.ts: claimed embedding vs the server's re-embedding of the
//     aligned JPEG ≥ checkinOptions.strictMinCosine), with the int8 claim and with the float32 claim the browser
//     sent before; LFW verification (TAR/FAR at the default match threshold, best accuracy) with either model;
//   - anti-spoof: the spoof set (spoof/labels.csv) and every 10th frame of the blink video (live), boxes from the
//     browser's landmarker, scores from the int8 copies in the browser and the float32 originals in Node on the
//     browser-decoded pixels: |Δscore| (mean, max), decisions at the default threshold with either.
// Writes the JSON and ends with one `key=value …` line. Without the dev data it says why and exits 0.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import jpeg from "jpeg-js";
import { checkinOptions } from "@/lib/checkin/options";
import { readLfwPairs } from "@/lib/eval/datasets/lfw";
import { realScore } from "@/lib/face/core/antispoof";
import { cosine } from "@/lib/face/core/similarity";
import { antispoofInputs } from "@/lib/face/antispoof-input";
import { ALIGNED_SIZE, MODELS } from "@/lib/face/models";
import { decodeJpegRgba, embedAlignedCrop } from "@/lib/face/node";
import { runNode } from "@/lib/face/node/ort-runtime";
import { thresholdBounds } from "@/lib/validations/settings";
import { devDataDir, startHarness } from "@/tools/browser-harness";
import { extractFrames } from "@/tools/video-frames";

const root = path.resolve(import.meta.dirname, "..");
const { values: args } = parseArgs({
  options: {
    data: { type: "string" },
    out: { type: "string", default: "eval-results/browser-models.json" },
    "limit-pairs": { type: "string" },
  },
});
const data = args.data ?? devDataDir();
if (!data) {
  console.log("eval:browser-models skipped: needs ../shared/data/dev (or --data / CLOCKFACE_DATA_DIR)");
  process.exit(0);
}

const quantile = (xs: readonly number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
const stats = (xs: readonly number[]) => ({ n: xs.length, mean: r4(mean(xs)), p1: r4(quantile(xs, 0.01)), min: r4(Math.min(...xs)), max: r4(Math.max(...xs)) });

/** The aligned crop as the browser sends it (JPEG, quality 0.92; lib/face/worker/capture.ts) and the server decodes it. */
async function viaJpeg(rgba: Uint8ClampedArray): Promise<Uint8ClampedArray> {
  const bytes = jpeg.encode({ data: Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength), width: ALIGNED_SIZE, height: ALIGNED_SIZE }, 92).data;
  return Uint8ClampedArray.from((await decodeJpegRgba(new Uint8Array(bytes))).data);
}

const { pairs: allPairs } = await readLfwPairs(path.join(data, "lfw"));
const limit = args["limit-pairs"] ? Number(args["limit-pairs"]) : undefined;
const taken = new Map<string, number>();
const pairs = allPairs.filter((p) => {
  const k = `${p.fold}:${p.same}`;
  taken.set(k, (taken.get(k) ?? 0) + 1);
  return limit === undefined || taken.get(k)! <= limit;
});
const images = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];

const labels = readFileSync(path.join(data, "spoof/labels.csv"), "utf8").trim().split(/\r?\n/).slice(1).map((l) => l.split(","));
const spoofFiles = labels.map((r) => path.join(data, "spoof", r[0]!));
const videoFiles = extractFrames(path.join(data, "liveness/repeating_blink_video.mp4")).files.filter((_, i) => i % 10 === 5);
const padFiles = [...spoofFiles, ...videoFiles];
const padLabel = (i: number) => (i < spoofFiles.length ? labels[i]![1]! : "live");

const t0 = performance.now();
const h = await startHarness({ threads: 2, delegate: "CPU" });
let info;
let faces;
let pad;
let padPixels;
try {
  info = await h.load({ provider: "wasm" });
  faces = await h.embedImageFiles(images.map((f) => path.join(data, "lfw", f)), { embed: true, centreCropFallback: true, wantAligned: true });
  pad = await h.embedImageFiles(padFiles, { embed: false, antispoof: true });
  padPixels = await h.decodeImageFiles(padFiles);
} finally {
  await h.close();
}
const browserS = (performance.now() - t0) / 1000;

// Embeddings: the browser's int8 claim vs the float32 model on the same pixels, and the server's strict check.
const int8 = new Map<string, Float32Array>();
const fp32 = new Map<string, Float32Array>();
const agreement: number[] = [];
const strictInt8: number[] = [];
const strictFp32: number[] = [];
for (const [i, r] of faces.entries()) {
  if (!r.embedding || !r.aligned) throw new Error(`${images[i]}: no embedding (${r.error ?? "no face, no centre crop"})`);
  const f = await embedAlignedCrop(r.aligned, "native");
  const server = await embedAlignedCrop(await viaJpeg(r.aligned), "native");
  int8.set(images[i]!, r.embedding);
  fp32.set(images[i]!, f);
  agreement.push(cosine(r.embedding, f));
  strictInt8.push(cosine(server, r.embedding));
  strictFp32.push(cosine(server, f));
}

function verification(emb: Map<string, Float32Array>, threshold: number) {
  const scored = pairs.map((p) => ({ same: p.same, s: cosine(emb.get(p.a)!, emb.get(p.b)!) }));
  const genuine = scored.filter((x) => x.same).map((x) => x.s);
  const impostor = scored.filter((x) => !x.same).map((x) => x.s);
  let best = 0;
  for (const t of scored.map((x) => x.s)) {
    const acc = (genuine.filter((s) => s >= t).length + impostor.filter((s) => s < t).length) / scored.length;
    best = Math.max(best, acc);
  }
  return {
    threshold,
    tar: r4(genuine.filter((s) => s >= threshold).length / genuine.length),
    far: r4(impostor.filter((s) => s >= threshold).length / impostor.length),
    bestAccuracy: r4(best),
    scores: scored.map((x) => x.s),
  };
}
const matchThreshold = thresholdBounds.match.default;
const vInt8 = verification(int8, matchThreshold);
const vFp32 = verification(fp32, matchThreshold);
const pairDelta = vInt8.scores.map((s, i) => Math.abs(s - vFp32.scores[i]!));

// Anti-spoof: the browser's int8 scores vs the float32 originals on the same pixels and boxes.
const spoofThreshold = thresholdBounds.antispoof.default;
const padRows: { file: string; label: string; int8: number; fp32: number }[] = [];
for (const [i, r] of pad.entries()) {
  if (!r.box || !r.antispoof) continue;
  const px = padPixels[i]!;
  const inputs = antispoofInputs({ data: px.data, width: px.width, height: px.height }, r.box);
  const [v2, v1se] = await Promise.all([runNode(MODELS.antispoofV2, inputs.v2, "native"), runNode(MODELS.antispoofV1se, inputs.v1se, "native")]);
  padRows.push({ file: path.relative(data, padFiles[i]!), label: padLabel(i), int8: r.antispoof.score, fp32: realScore(v2, v1se) });
}
const padDelta = padRows.map((r) => Math.abs(r.int8 - r.fp32));
const errors = (k: "int8" | "fp32") => ({
  apcer: r4(padRows.filter((r) => r.label === "spoof" && r[k] >= spoofThreshold).length / padRows.filter((r) => r.label === "spoof").length),
  bpcer: r4(padRows.filter((r) => r.label === "live" && r[k] < spoofThreshold).length / padRows.filter((r) => r.label === "live").length),
});

const strictMin = checkinOptions.strictMinCosine;
const summary = {
  images: images.length,
  pairs: pairs.length,
  embed_cos_mean: r4(mean(agreement)),
  embed_cos_p1: r4(quantile(agreement, 0.01)),
  embed_cos_min: r4(Math.min(...agreement)),
  strict_int8_min: r4(Math.min(...strictInt8)),
  strict_int8_below: strictInt8.filter((c) => c < strictMin).length,
  strict_fp32_min: r4(Math.min(...strictFp32)),
  strict_fp32_below: strictFp32.filter((c) => c < strictMin).length,
  tar_int8: vInt8.tar,
  far_int8: vInt8.far,
  tar_fp32: vFp32.tar,
  far_fp32: vFp32.far,
  acc_int8: vInt8.bestAccuracy,
  acc_fp32: vFp32.bestAccuracy,
  pair_delta_max: r4(Math.max(...pairDelta)),
  pad_samples: padRows.length,
  pad_delta_mean: r4(mean(padDelta)),
  pad_delta_max: r4(Math.max(...padDelta)),
  pad_decisions_differ: padRows.filter((r) => r.int8 >= spoofThreshold !== r.fp32 >= spoofThreshold).length,
  apcer_int8: errors("int8").apcer,
  bpcer_int8: errors("int8").bpcer,
  apcer_fp32: errors("fp32").apcer,
  bpcer_fp32: errors("fp32").bpcer,
};
const out = path.resolve(root, args.out!);
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(
  out,
  JSON.stringify(
    {
      when: new Date().toISOString(),
      data,
      browser: { provider: info.provider, ortVersion: info.ortVersion, threads: info.threads, seconds: Math.round(browserS) },
      models: Object.values(MODELS).flatMap((m) => (m.runtime === "onnx" && m.browser ? [{ original: m.file, browser: m.browser.file, sha256: m.browser.sha256 }] : [])),
      thresholds: { strictMinCosine: strictMin, match: matchThreshold, antispoof: spoofThreshold },
      embedding: { agreement: stats(agreement), strictInt8: stats(strictInt8), strictFp32: stats(strictFp32), pairDelta: stats(pairDelta) },
      verification: { int8: { ...vInt8, scores: undefined }, fp32: { ...vFp32, scores: undefined } },
      antispoof: { delta: stats(padDelta), int8: errors("int8"), fp32: errors("fp32"), rows: padRows },
      summary,
    },
    null,
    2,
  ),
);
console.log(`wrote ${path.relative(root, out)} (browser ${Math.round(browserS)} s, provider ${info.provider})`);
console.log(Object.entries(summary).map(([k, v]) => `${k}=${v}`).join(" "));
