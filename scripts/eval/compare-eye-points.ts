// Analysis (not a product path): which MediaPipe points should stand for the eyes in the 5-point alignment?
//   npx tsx scripts/eval/compare-eye-points.ts --data ../shared/data/dev/lfw [--out eval-results/eye-points.json]
//
// Landmarks come from the production browser pipeline (IMAGE mode, the face nearest the centre); each
// variant then aligns the same decoded pixels with lib/face/core/align (umeyama + warpToTemplate) and
// embeds with onnxruntime-node (lib/face/node; the same model, parity with the browser is tested to cosine
// ≥ 0.999). Images without a face use the browser's centre-crop embedding in every variant. Reports
// 2-fold-style accuracy, AUC, and TAR at FAR 1e-3 / 1e-4 on random impostor pairs among the pair images.

import path from "node:path";
import { ARCFACE_112, umeyama, warpToTemplate } from "@/lib/face/core/align";
import type { Landmark, Point } from "@/lib/face/core/types";
import { checkPairImages, personOf, readLfwPairs } from "@/lib/eval/datasets/lfw";
import { auc, kFoldAccuracy, tarAtFar } from "@/lib/eval/metrics";
import { genuinePairs, sampleImpostorPairs } from "@/lib/eval/pairs";
import { Progress } from "@/lib/eval/progress";
import { embedAlignedCrop } from "@/lib/face/node";
import { f3, f4, mulberry32, openPipeline, parseCommon, runMain, writeJson } from "./common";

const USAGE = `usage: npx tsx scripts/eval/compare-eye-points.ts --data <lfw dir> [--out <file.json>] [--threads n] [--batch n]\n`;

const R_CONTOUR = [33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246];
const L_CONTOUR = [362, 382, 381, 380, 374, 373, 390, 249, 263, 466, 388, 387, 386, 385, 384, 398];

type Variant = (px: (i: number) => Point) => Point[];
const mid = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
const centroid = (ps: Point[]): Point => ({ x: ps.reduce((s, p) => s + p.x, 0) / ps.length, y: ps.reduce((s, p) => s + p.y, 0) / ps.length });
const tail = (px: (i: number) => Point) => [px(1), px(61), px(291)];

const VARIANTS: Record<string, Variant> = {
  "eye-corner midpoints": (px) => [mid(px(33), px(133)), mid(px(362), px(263)), ...tail(px)],
  "iris centres 468/473 (production)": (px) => [px(468), px(473), ...tail(px)],
  "eye-contour centroids": (px) => [centroid(R_CONTOUR.map(px)), centroid(L_CONTOUR.map(px)), ...tail(px)],
  "mean of corner midpoint and iris": (px) => [mid(mid(px(33), px(133)), px(468)), mid(mid(px(362), px(263)), px(473)), ...tail(px)],
};

async function main(): Promise<void> {
  const { common } = parseCommon(USAGE, "eye-points.json", {});
  const dir = common.data;
  const lfw = await readLfwPairs(dir);
  checkPairImages(dir, lfw.pairs);
  const rels = [...new Set(lfw.pairs.flatMap((p) => [p.a, p.b]))].sort();
  const index = new Map(rels.map((r, i) => [r, i]));
  const names = Object.keys(VARIANTS);
  const D = 128;
  const emb = Object.fromEntries(names.map((n) => [n, new Float32Array(rels.length * D)]));

  const { h } = await openPipeline(common);
  const progress = new Progress("landmarks + variants", rels.length);
  try {
    for (let s = 0; s < rels.length; s += common.batch) {
      const batch = rels.slice(s, s + common.batch);
      const files = batch.map((r) => path.join(dir, r));
      const res = await h.embedImageFiles(files, { embed: true, centreCropFallback: true });
      const pixels = await h.decodeImageFiles(files);
      for (const [k, r] of res.entries()) {
        const i = index.get(batch[k]!)!;
        const img = pixels[k]!;
        const lm: Landmark[] | undefined = r.faceFound ? r.landmarks : undefined;
        for (const n of names) {
          if (!lm) {
            emb[n]!.set(r.embedding!, i * D);
            continue;
          }
          const px = (j: number): Point => ({ x: lm[j]!.x * img.width, y: lm[j]!.y * img.height });
          const aligned = warpToTemplate(img.data, img.width, img.height, umeyama(VARIANTS[n]!(px), ARCFACE_112), 112);
          emb[n]!.set(await embedAlignedCrop(aligned), i * D);
        }
      }
      progress.tick(batch.length);
    }
    progress.finish();
  } finally {
    await h.close();
  }

  const people = new Map<string, number>();
  const person = Int32Array.from(rels, (r) => {
    const p = personOf(r);
    if (!people.has(p)) people.set(p, people.size);
    return people.get(p)!;
  });
  const dot = (m: Float32Array, i: number, j: number) => {
    let s = 0;
    for (let k = 0; k < D; k++) s += m[i * D + k]! * m[j * D + k]!;
    return s;
  };
  const results = names.map((n) => {
    const m = emb[n]!;
    const scored = lfw.pairs.map((p) => ({ fold: p.fold + 1, genuine: p.same, score: dot(m, index.get(p.a)!, index.get(p.b)!) }));
    const kf = kFoldAccuracy(scored);
    const rng = mulberry32(1);
    const ip = sampleImpostorPairs(person, 300_000, rng);
    const imp = Float64Array.from({ length: ip.length / 2 }, (_, q) => dot(m, ip[2 * q]!, ip[2 * q + 1]!));
    const gp = genuinePairs(person, 300_000, rng);
    const gen = Float64Array.from({ length: gp.length / 2 }, (_, q) => dot(m, gp[2 * q]!, gp[2 * q + 1]!));
    const t3 = tarAtFar(gen, imp, 1e-3);
    const t4 = tarAtFar(gen, imp, 1e-4);
    return {
      variant: n,
      accuracy: kf.mean,
      accuracyStd: kf.std,
      folds: kf.folds,
      auc: auc(scored.filter((x) => x.genuine).map((x) => x.score), scored.filter((x) => !x.genuine).map((x) => x.score)),
      randomPairs: { impostors: imp.length, genuine: gen.length, thresholdFar1e3: t3.threshold, tarFar1e3: t3.tar, thresholdFar1e4: t4.threshold, tarFar1e4: t4.tar },
    };
  });
  writeJson(common.out, { command: "compare-eye-points", data: dir, generatedAt: new Date().toISOString(), images: rels.length, results });
  for (const r of results) {
    process.stdout.write(
      `${r.variant.padEnd(36)} accuracy ${f4(r.accuracy)} ± ${f4(r.accuracyStd)}  AUC ${r.auc.toFixed(5)}  ` +
        `TAR@FAR1e-3 ${f4(r.randomPairs.tarFar1e3)} (thr ${f3(r.randomPairs.thresholdFar1e3)})  TAR@FAR1e-4 ${f4(r.randomPairs.tarFar1e4)}\n`,
    );
  }
  process.stdout.write(`wrote ${common.out}\n`);
}

runMain(USAGE, main);
