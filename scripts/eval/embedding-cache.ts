// Embeddings of every image of an identity folder (LFW or ORL layout), computed once and cached under
// .data/eval-cache/ so that each experiment (eval:identify, the alignment comparison, fusion) reuses them.
//
// Variants (all from the same landmarks and pixels; an image with no face found gets the browser's
// centre-crop embedding in every variant, so no image is ever dropped):
//   browser      the PRODUCTION browser pipeline (MediaPipe IMAGE mode → lib/face/core/align → MobileFaceNet
//                in onnxruntime-web WASM inside the app's face worker, headless Chromium)
//   iris         node re-alignment on the iris centres 468/473 (+ nose tip, mouth corners)
//   corner       node re-alignment on the eye-corner midpoints (33+133)/2, (362+263)/2
//   midpoint     node re-alignment on the mean of the corner midpoint and the iris centre
// Node re-alignment: the same decoded pixels, umeyama + warpToTemplate, MobileFaceNet in onnxruntime-node
// (parity with the browser tested to cosine ≥ 0.999, tests/integration). The cache key covers the image list
// and sizes, the model hashes and the pipeline's source files (PIPELINE_FILES), so a change there recomputes.

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ARCFACE_112, umeyama, warpToTemplate } from "@/lib/face/core/align";
import type { Landmark, Point } from "@/lib/face/core/types";
import { pgmToPng, type IdentityFolder } from "@/lib/eval/datasets/identities";
import { EvalDataError } from "@/lib/eval/datasets/errors";
import { Progress } from "@/lib/eval/progress";
import { EMBEDDING_DIM, MODELS } from "@/lib/face/models";
import { embedAlignedCrop } from "@/lib/face/node";
import { openPipeline, repoRoot, type CommonArgs, type PipelineInfo } from "./common";

export const VARIANTS = ["browser", "iris", "corner", "midpoint"] as const;
export type Variant = (typeof VARIANTS)[number];

type EyePoints = (px: (i: number) => Point) => Point[];
const mid = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
const tail = (px: (i: number) => Point) => [px(1), px(61), px(291)];
const NODE_VARIANTS: Record<Exclude<Variant, "browser">, EyePoints> = {
  iris: (px) => [px(468), px(473), ...tail(px)],
  corner: (px) => [mid(px(33), px(133)), mid(px(362), px(263)), ...tail(px)],
  midpoint: (px) => [mid(mid(px(33), px(133)), px(468)), mid(mid(px(362), px(263)), px(473)), ...tail(px)],
};

export interface EmbeddedFolder {
  /** Image paths relative to the folder, person by person. */
  rels: string[];
  /** Person index of each image. */
  person: Int32Array;
  names: string[];
  faceFound: Uint8Array;
  /** variant → row-major n × EMBEDDING_DIM unit embeddings. */
  emb: Record<Variant, Float32Array>;
  pipeline: PipelineInfo | null;
  cacheFile: string;
  fromCache: boolean;
}

const CACHE_VERSION = 1;

/** The files whose content decides the embeddings (landmarks, alignment, preprocessing, inference). */
const PIPELINE_FILES = [
  "lib/face/core/align.ts",
  "lib/face/core/face-select.ts",
  "lib/face/preprocess.ts",
  "lib/face/models.ts",
  "lib/face/worker/engine.ts",
  "lib/face/worker/embedder.ts",
  "lib/face/worker/frame-analysis.ts",
  "lib/face/worker/image-mode.ts",
  "lib/face/worker/provider.ts",
  "lib/face/worker/landmarker.ts",
  "lib/face/worker/ort-web.ts",
  "lib/face/node/embed.ts",
  "lib/face/node/ort-runtime.ts",
];

function sourceHash(): string {
  const h = createHash("sha256");
  for (const f of PIPELINE_FILES) {
    const p = path.join(repoRoot, f);
    h.update(f).update(existsSync(p) ? readFileSync(p) : "(absent)");
  }
  for (const m of Object.values(MODELS)) h.update(m.sha256);
  return h.digest("hex");
}

/** Where a folder's embeddings are cached: .data/eval-cache/ (or $CLOCKFACE_EVAL_CACHE)/<layout>-<folder>-<key>.{f32,json}. */
export function cachePathFor(dir: string, folder: IdentityFolder): { cacheDir: string; key: string; base: string } {
  const rels = folder.people.flatMap((p) => p.images);
  const key = createHash("sha256")
    .update(`${CACHE_VERSION}\n${path.resolve(dir)}\n${sourceHash()}\n`)
    .update(rels.map((r) => `${r}:${statSync(path.join(dir, r)).size}`).join("\n"))
    .digest("hex")
    .slice(0, 16);
  const cacheDir = process.env.CLOCKFACE_EVAL_CACHE ?? path.join(repoRoot, ".data", "eval-cache");
  return { cacheDir, key, base: path.join(cacheDir, `${folder.layout}-${path.basename(dir)}-${key}`) };
}

/** Embeds (or loads from the cache) every image of `folder` in every variant. */
export async function embedFolder(dir: string, folder: IdentityFolder, common: Pick<CommonArgs, "threads" | "delegate" | "batch">): Promise<EmbeddedFolder> {
  const names = folder.people.map((p) => p.name);
  const rels = folder.people.flatMap((p) => p.images);
  const person = Int32Array.from(folder.people.flatMap((p, i) => p.images.map(() => i)));
  const n = rels.length;
  const D = EMBEDDING_DIM;
  const { cacheDir, key, base } = cachePathFor(dir, folder);
  const cacheFile = `${base}.f32`;
  if (existsSync(cacheFile) && existsSync(`${base}.json`)) {
    const meta = JSON.parse(readFileSync(`${base}.json`, "utf8")) as { faceFound: number[]; pipeline: PipelineInfo };
    const buf = readFileSync(cacheFile);
    const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
    if (all.length === VARIANTS.length * n * D) {
      const emb = Object.fromEntries(VARIANTS.map((v, k) => [v, all.slice(k * n * D, (k + 1) * n * D)])) as Record<Variant, Float32Array>;
      process.stderr.write(`embeddings from the cache ${path.relative(repoRoot, cacheFile)}\n`);
      return { rels, person, names, faceFound: Uint8Array.from(meta.faceFound), emb, pipeline: meta.pipeline, cacheFile, fromCache: true };
    }
  }

  // ORL's PGM → PNG files next to the cache (the browser cannot decode PGM).
  let srcDir = dir;
  let files = rels;
  if (folder.layout === "orl") {
    srcDir = path.join(cacheDir, `png-${key}`);
    files = rels.map((r) => r.replace(/\.pgm$/i, ".png"));
    rels.forEach((r, i) => {
      const out = path.join(srcDir, files[i]!);
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(out, pgmToPng(readFileSync(path.join(dir, r)), path.join(dir, r)));
    });
  }

  const emb = Object.fromEntries(VARIANTS.map((v) => [v, new Float32Array(n * D)])) as Record<Variant, Float32Array>;
  const faceFound = new Uint8Array(n);
  const { h, info } = await openPipeline(common);
  const progress = new Progress(`embedding ${VARIANTS.length} variants`, n);
  try {
    for (let s = 0; s < n; s += common.batch) {
      const paths = files.slice(s, s + common.batch).map((r) => path.join(srcDir, r));
      const res = await h.embedImageFiles(paths, { embed: true, centreCropFallback: true });
      const pixels = await h.decodeImageFiles(paths);
      for (const [k, r] of res.entries()) {
        const i = s + k;
        if (r.error || !r.embedding || r.embedding.length !== D) throw new EvalDataError(`${paths[k]}: the pipeline returned no embedding${r.error ? ` (${r.error})` : ""}`);
        emb.browser.set(r.embedding, i * D);
        faceFound[i] = r.faceFound ? 1 : 0;
        const lm: Landmark[] | undefined = r.faceFound ? r.landmarks : undefined;
        const img = pixels[k]!;
        for (const v of Object.keys(NODE_VARIANTS) as Exclude<Variant, "browser">[]) {
          if (!lm) {
            emb[v].set(r.embedding, i * D);
            continue;
          }
          const px = (j: number): Point => ({ x: lm[j]!.x * img.width, y: lm[j]!.y * img.height });
          const aligned = warpToTemplate(img.data, img.width, img.height, umeyama(NODE_VARIANTS[v](px), ARCFACE_112), 112);
          emb[v].set(await embedAlignedCrop(aligned), i * D);
        }
      }
      progress.tick(res.length);
    }
    progress.finish();
    info.engine = await h.load();
  } finally {
    await h.close();
  }
  mkdirSync(cacheDir, { recursive: true });
  const all = new Float32Array(VARIANTS.length * n * D);
  VARIANTS.forEach((v, k) => all.set(emb[v], k * n * D));
  writeFileSync(cacheFile, new Uint8Array(all.buffer));
  writeFileSync(`${base}.json`, JSON.stringify({ dir: path.resolve(dir), variants: VARIANTS, rels, faceFound: Array.from(faceFound), pipeline: info }));
  process.stderr.write(`cached the embeddings in ${path.relative(repoRoot, cacheFile)}\n`);
  return { rels, person, names, faceFound, emb, pipeline: info, cacheFile, fromCache: false };
}
