// npm run eval:identify -- --data <dir> [--out <file.json>] [options]
//
// Open-set 1:N identification in the NIST FRTE manner with the PRODUCTION browser pipeline (embeddings
// from scripts/eval/embedding-cache.ts, computed once per folder and cached under .data/eval-cache/).
// A gallery of N people enrolled from k images each; mated probes are their other images, non-mated probes
// every image of the people not enrolled (a quarter of the folder's people are always kept out). Several
// random splits are pooled. Reports rank-1, FNIR at FPIR 1e-2 / 1e-3 with the threshold of each (measured),
// and the same from the extrapolation model (lib/eval/identification.ts) for galleries larger than the data:
// each enrolled person is an independent chance of a false match, with the per-person stranger score tail
// measured on every (image, other person) pair of the folder and an exponential tail beyond its top 1,000
// scores. Also compares template fusion (max of templates, mean template, both) for k > 1.

import path from "node:path";
import { readFileSync } from "node:fs";
import { readIdentityFolder } from "@/lib/eval/datasets/identities";
import { EvalDataError } from "@/lib/eval/datasets/errors";
import { checkGallery, drawGallery, maxGallery, shuffled, type GalleryRequest } from "@/lib/eval/gallery";
import {
  fitExponentialTail,
  fnirAtFpir,
  fuseTemplates,
  modelFnir,
  modelFpir,
  modelThresholdForFpir,
  rank1Rate,
  TEMPLATE_FUSIONS,
  type ImpostorTail,
  type MatedSearch,
  type TemplateFusion,
} from "@/lib/eval/identification";
import { tarAtFar } from "@/lib/eval/metrics";
import type { IdentificationTable, OperatingPoints } from "@/lib/eval/operating-points";
import { KIOSK_FPIRS, KIOSK_PEOPLE_GRID } from "@/lib/eval/operating-points";
import { EMBEDDING_DIM } from "@/lib/face/models";
import { f3, f4, intArg, mulberry32, parseCommon, relToRepo, runMain, UsageError, writeJson } from "./eval/common";
import { embedFolder, VARIANTS, type Variant } from "./eval/embedding-cache";

const USAGE = `usage: npm run eval:identify -- --data <dir> [--out <file.json>] [options]

  --data <dir>        LFW layout (images/<Name>/<Name>_NNNN.jpg) or ORL layout (s<k>/<n>.pgm)
  --out <file.json>   results (default eval-results/identify.json)
  --k <list>          templates per enrolled person (default 1,3)
  --n <list>          gallery sizes to measure (numbers and/or "max"; default: 100 where the data allows, and max)
  --model-n <list>    gallery sizes for the extrapolation (default 100,1000,10000,100000 and the measured ones)
  --fusion max|mean|both   how a person's templates score a probe (default max, as the product does)
  --splits <n>        random galleries pooled per (k, N) (default 5)
  --seed <n>          seed of the splits (default 1)
  --variant <v>       embedding variant (default browser = the production pipeline; ${VARIANTS.join(", ")})
  --margin <m>        kiosk margin for the modelled FNIR (default 0.05)
  --write-operating-points <f>  also write the kiosk threshold table (k = 3, or the largest k) into <f>
  --threads <n> / --delegate auto|CPU|GPU / --batch <n>   browser pipeline options
`;

const FPIRS = [1e-2, 1e-3] as const;
/** Stranger scores below which the extrapolation is flagged as unreliable (the tail fit needs a long tail). */
const MODEL_MIN_SCORES = 100_000;
const D = EMBEDDING_DIM;

/** Cosine of rows i and j (unit embeddings). */
function gram(emb: Float32Array, n: number): Float32Array {
  const g = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    g[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let d = 0; d < D; d++) s += emb[i * D + d]! * emb[j * D + d]!;
      g[i * n + j] = s;
      g[j * n + i] = s;
    }
  }
  return g;
}

interface Folder {
  n: number;
  g: Float32Array;
  /** Row of (person, image offset). */
  row: (p: number, img: number) => number;
  req: GalleryRequest;
  /** Person of each row. */
  owner: Int32Array;
}

/** A person's score for probe row r from template rows. */
function personScore(f: Folder, r: number, tRows: readonly number[], norm: number, fusion: TemplateFusion): number {
  const ts = tRows.map((t) => f.g[r * f.n + t]!);
  const mean = ts.reduce((a, b) => a + b, 0) / norm;
  return fuseTemplates(ts, mean, fusion);
}

const normOf = (f: Folder, tRows: readonly number[]) => {
  let s = 0;
  for (const a of tRows) for (const b of tRows) s += f.g[a * f.n + b]!;
  return Math.sqrt(Math.max(s, 1e-12));
};

/** Pooled mated / non-mated searches over `splits` random galleries of n people. */
function measure(f: Folder, n: number, fusion: TemplateFusion, splits: number, seed: number) {
  const rng = mulberry32(seed);
  const mated: MatedSearch[] = [];
  const nonMated: number[] = [];
  for (let s = 0; s < splits; s++) {
    const split = drawGallery(f.req, n, rng);
    const gal = split.enrolled.map((p, i) => {
      const tRows = split.templates[i]!.map((img) => f.row(p, img));
      return { p, tRows, norm: normOf(f, tRows) };
    });
    for (const m of split.mated) {
      const r = f.row(m.person, m.image);
      let mate = -Infinity;
      let other = -Infinity;
      for (const g of gal) {
        const sc = personScore(f, r, g.tRows, g.norm, fusion);
        if (g.p === m.person) mate = sc;
        else if (sc > other) other = sc;
      }
      mated.push({ mate, other });
    }
    for (const q of split.nonMated) {
      const r = f.row(q.person, q.image);
      let best = -Infinity;
      for (const g of gal) best = Math.max(best, personScore(f, r, g.tRows, g.norm, fusion));
      nonMated.push(best);
    }
  }
  return { mated, nonMated: Float64Array.from(nonMated) };
}

/**
 * Every (image, other person) stranger score and every mated score of the folder, with one seeded choice
 * of k templates per person with at least k images: the inputs of the extrapolation model.
 */
function strangerAndMateScores(f: Folder, fusion: TemplateFusion, seed: number) {
  const rng = mulberry32(seed);
  const stranger: number[] = [];
  const mate: number[] = [];
  f.req.imagesPerPerson.forEach((c, p) => {
    if (c < f.req.k) return;
    const imgs = shuffled(c, rng);
    const tRows = imgs.slice(0, f.req.k).map((img) => f.row(p, img));
    const isT = new Set(tRows);
    const norm = normOf(f, tRows);
    for (let r = 0; r < f.n; r++) {
      if (isT.has(r)) continue;
      const sc = personScore(f, r, tRows, norm, fusion);
      if (f.owner[r] === p) mate.push(sc);
      else stranger.push(sc);
    }
  });
  return { stranger: Float64Array.from(stranger), mate: Float64Array.from(mate) };
}

function listArg(v: string | undefined, name: string, dflt: string[]): string[] {
  if (v === undefined) return dflt;
  const items = v.split(",").map((s) => s.trim()).filter(Boolean);
  if (!items.length) throw new UsageError(`--${name} needs a comma-separated list`);
  return items;
}

async function main(): Promise<void> {
  const { common, values } = parseCommon(USAGE, "identify.json", {
    k: { type: "string" },
    n: { type: "string" },
    "model-n": { type: "string" },
    fusion: { type: "string" },
    splits: { type: "string" },
    seed: { type: "string" },
    variant: { type: "string" },
    margin: { type: "string" },
    "write-operating-points": { type: "string" },
  });
  const ks = listArg(values.k as string | undefined, "k", ["1", "3"]).map((s) => intArg(s, "k", 1));
  const nArg = values.n as string | undefined;
  const nList = nArg === undefined ? null : listArg(nArg, "n", []);
  for (const s of nList ?? []) if (s !== "max") intArg(s, "n", 1);
  const modelN = listArg(values["model-n"] as string | undefined, "model-n", ["100", "1000", "10000", "100000"]).map((s) => intArg(s, "model-n", 1));
  const fusion = (values.fusion as string | undefined) ?? "max";
  if (!TEMPLATE_FUSIONS.includes(fusion as TemplateFusion)) throw new UsageError(`--fusion must be one of ${TEMPLATE_FUSIONS.join(", ")}`);
  const splits = intArg(values.splits as string | undefined, "splits", 5);
  const seed = intArg(values.seed as string | undefined, "seed", 1, 0);
  const variant = (values.variant as string | undefined) ?? "browser";
  if (!VARIANTS.includes(variant as Variant)) throw new UsageError(`--variant must be one of ${VARIANTS.join(", ")}`);
  const margin = Number((values.margin as string | undefined) ?? "0.05");
  if (!(margin >= 0 && margin < 1)) throw new UsageError(`--margin must be in [0, 1)`);
  const opFile = values["write-operating-points"] as string | undefined;

  // 1. The folder, and every requested gallery checked before any embedding work.
  const folder = readIdentityFolder(common.data);
  const imagesPerPerson = folder.people.map((p) => p.images.length);
  const names = folder.people.map((p) => p.name);
  const plans = ks.map((k) => {
    const req: GalleryRequest = { imagesPerPerson, names, k };
    const max = maxGallery(req);
    const sizes = nList
      ? nList.map((s) => (s === "max" ? max : Number(s)))
      : [...(max > 100 ? [100] : []), max];
    for (const n of sizes) checkGallery(req, n);
    return { k, req, sizes: [...new Set(sizes)].sort((a, b) => a - b) };
  });

  // 2. Embeddings (cached) and the cosine of every image pair.
  const e = await embedFolder(common.data, folder, common);
  const n = e.rels.length;
  const starts: number[] = [];
  folder.people.reduce((acc, p) => (starts.push(acc), acc + p.images.length), 0);
  const g = gram(e.emb[variant as Variant], n);
  const owner = e.person;

  // 3. Per k: measured galleries, the extrapolation, fusion comparison.
  const results = plans.map(({ k, req, sizes }) => {
    const f: Folder = { n, g, row: (p, img) => starts[p]! + img, req, owner };
    const fusions: TemplateFusion[] = k > 1 ? [...TEMPLATE_FUSIONS] : ["max"];
    const byFusion = Object.fromEntries(
      fusions.map((fu) => {
        const { stranger, mate } = strangerAndMateScores(f, fu, seed);
        const tail = fitExponentialTail(stranger, Math.min(1000, Math.floor(stranger.length / 10)));
        const verify = tarAtFar(mate, stranger, 1e-3);
        return [fu, { tail, mate, stranger: stranger.length, verifyFrrAtFar1e3: 1 - verify.tar, verifyThresholdAtFar1e3: verify.threshold }];
      }),
    ) as Record<TemplateFusion, { tail: ImpostorTail; mate: Float64Array; stranger: number; verifyFrrAtFar1e3: number; verifyThresholdAtFar1e3: number }>;
    const chosen = byFusion[fusion as TemplateFusion] ?? byFusion.max;
    type ModelPoint = { threshold: number; fnir: number; fnirWithMargin: number };
    const modelRow = (tail: ImpostorTail, mate: Float64Array, N: number): Record<string, ModelPoint> =>
      Object.fromEntries(
        FPIRS.map((fp) => {
          const t = modelThresholdForFpir(tail, N, fp);
          return [String(fp), { threshold: t, fnir: modelFnir(tail, mate, N, t), fnirWithMargin: modelFnir(tail, mate, N, t, margin) }];
        }),
      );
    const measured = sizes.map((N) => {
      const sc = measure(f, N, fusion as TemplateFusion, splits, seed + N);
      const at = Object.fromEntries(FPIRS.map((fp) => [String(fp), fnirAtFpir(sc, fp)]));
      const modelAtMeasured = Object.fromEntries(
        FPIRS.map((fp) => {
          const t = (at[String(fp)] as { threshold: number }).threshold;
          return [String(fp), { fpirModelAtMeasuredThreshold: modelFpir(chosen.tail, N, t) }];
        }),
      );
      return { n: N, k, splits, matedProbes: sc.mated.length, nonMatedProbes: sc.nonMated.length, rank1: rank1Rate(sc.mated), atFpir: at, model: modelRow(chosen.tail, chosen.mate, N), modelCheck: modelAtMeasured };
    });
    const model = [...new Set([...modelN, ...sizes])].sort((a, b) => a - b).map((N) => ({ n: N, at: modelRow(chosen.tail, chosen.mate, N) }));
    const fusionComparison = fusions.map((fu) => {
      const b = byFusion[fu];
      return {
        fusion: fu,
        verifyFrrAtFar1e3: b.verifyFrrAtFar1e3,
        verifyThresholdAtFar1e3: b.verifyThresholdAtFar1e3,
        fnirAtFpir1e3: Object.fromEntries([100, 1000, 10000].map((N) => [String(N), modelFnir(b.tail, b.mate, N, modelThresholdForFpir(b.tail, N, 1e-3))])),
        mateScores: b.mate.length,
        strangerScores: b.stranger,
      };
    });
    const tail = { t0: chosen.tail.t0, p0: chosen.tail.p0, beta: chosen.tail.beta, strangerScores: chosen.tail.count, mateScores: chosen.mate.length, reliable: chosen.tail.count >= MODEL_MIN_SCORES };
    return { k, fusion, measured, model, fusionComparison, tail, byFusion, f };
  });

  // 4. JSON (+ the kiosk table).
  const generatedAt = new Date().toISOString();
  const report = {
    command: "eval:identify",
    data: common.data,
    layout: folder.layout,
    generatedAt,
    pipeline: e.pipeline,
    variant,
    embeddings: { images: n, people: names.length, noFace: e.faceFound.filter((x) => !x).length, cache: relToRepo(e.cacheFile), fromCache: e.fromCache },
    protocol: {
      gallery: `N people drawn uniformly from those with at least k images (seeded); k random templates each; ${splits} random splits pooled per (k, N)`,
      mated: "every other image of an enrolled person",
      nonMated: "every image of every person not enrolled (at least a quarter of the folder's people stay unenrolled)",
      score: `cosine of unit embeddings; a person's score = ${fusion === "max" ? "best of their templates" : fusion === "mean" ? "cosine to the normalised mean template" : "max(best template, mean template)"}`,
      fnir: "a mated probe is a miss unless its own person is at rank 1 with a score >= threshold",
      threshold: "lowest threshold whose measured FPIR <= target (nextUp of the ⌊target·M⌋-th highest non-mated score)",
      extrapolation:
        "each enrolled person is an independent chance of a false match: FPIR_N(t) = 1 − (1 − p(t))^N, p(t) = share of (image, other person) stranger scores >= t over the whole folder, " +
        "exponential tail fitted to the top 1,000 scores beyond them; FNIR_N(t) = 1 − mean over mated scores s of 1{s>=t}·(1 − p(bound))^(N−1), bound = s (rank 1) or max(t, s − margin) with the kiosk margin. " +
        "Assumes strangers in a large organisation look like LFW strangers to each other (no families, twins or one-ethnicity bias beyond LFW's) and one probe per search.",
    },
    results: results.map(({ byFusion: _b, f: _f, ...r }) => r),
  };
  writeJson(common.out, report);

  if (opFile) {
    const r = results.find((x) => x.k === 3) ?? results[results.length - 1]!;
    const b = r.byFusion[r.fusion as TemplateFusion] ?? r.byFusion.max;
    const table: IdentificationTable = {
      source: `npm run eval:identify -- --data ${relToRepo(common.data)} --write-operating-points … (k=${r.k}, fusion ${r.fusion}, variant ${variant}, seed ${seed})`,
      generatedAt,
      counts: { strangerScores: b.tail.count, mateScores: b.mate.length, people: names.length, images: n },
      templatesPerPerson: r.k,
      margin,
      model: report.protocol.extrapolation,
      points: KIOSK_PEOPLE_GRID.map((N) => ({
        people: N,
        ...Object.fromEntries(
          KIOSK_FPIRS.map((fp) => {
            const t = modelThresholdForFpir(b.tail, N, fp);
            return [String(fp), { threshold: round(t, 4), fnir: round(modelFnir(b.tail, b.mate, N, t, margin), 5) }];
          }),
        ),
      })) as IdentificationTable["points"],
    };
    const file = path.resolve(opFile);
    let existing: OperatingPoints = {};
    try {
      existing = JSON.parse(readFileSync(file, "utf8")) as OperatingPoints;
    } catch {
      // new file
    }
    existing.identification = table;
    writeJson(file, existing);
    process.stderr.write(`wrote the kiosk identification table to ${file}\n`);
  }

  // 5. Summary.
  const out = process.stdout;
  for (const r of results) {
    for (const m of r.measured) {
      const a2 = m.atFpir["0.01"]!;
      const a3 = m.atFpir["0.001"]!;
      out.write(
        `k=${r.k} N=${m.n} (measured, ${m.splits} splits, ${m.matedProbes} mated / ${m.nonMatedProbes} non-mated probes): rank-1 ${f4(m.rank1)}  ` +
          `FNIR@FPIR1e-2 ${f4(a2.fnir)} (thr ${f3(a2.threshold)})  FNIR@FPIR1e-3 ${f4(a3.fnir)} (thr ${f3(a3.threshold)}${a3.nonMatedAllowed < 10 ? `, only ${a3.nonMatedAllowed} may pass: noisy` : ""})` +
          `  | model FPIR at the measured 1e-2 threshold ${f4(m.modelCheck["0.01"]!.fpirModelAtMeasuredThreshold)}\n`,
      );
    }
    if (r.tail.strangerScores < MODEL_MIN_SCORES)
      out.write(`k=${r.k}: the model rows below rest on ${r.tail.strangerScores} stranger scores (fewer than ${MODEL_MIN_SCORES}): their tail is a guess, not a measurement\n`);
    for (const m of r.model) {
      const a2 = m.at["0.01"]!;
      const a3 = m.at["0.001"]!;
      out.write(
        `k=${r.k} N=${m.n} (model): FPIR 1e-2 → thr ${f3(a2.threshold)} FNIR ${f4(a2.fnir)}  FPIR 1e-3 → thr ${f3(a3.threshold)} FNIR ${f4(a3.fnir)} (with margin ${margin}: ${f4(a3.fnirWithMargin)})\n`,
      );
    }
    for (const fc of r.fusionComparison) {
      out.write(
        `k=${r.k} fusion ${fc.fusion.padEnd(4)}: 1:1 FRR@FAR1e-3 ${f4(fc.verifyFrrAtFar1e3)} (thr ${f3(fc.verifyThresholdAtFar1e3)})  ` +
          `model FNIR@FPIR1e-3 N=100 ${f4(fc.fnirAtFpir1e3["100"]!)} N=1000 ${f4(fc.fnirAtFpir1e3["1000"]!)} N=10000 ${f4(fc.fnirAtFpir1e3["10000"]!)}\n`,
      );
    }
  }
  out.write(`wrote ${common.out}\n`);
  const last = results.find((r) => r.k === 1) ?? results[0]!;
  const big = last.measured[last.measured.length - 1];
  if (!big) throw new EvalDataError("no gallery measured");
  const a3 = big.atFpir["0.001"]!;
  out.write(
    `n_gallery=${big.n} k=${last.k} fnir@fpir1e-3=${f4(a3.fnir)} threshold@fpir1e-3=${f3(a3.threshold)} rank1=${f4(big.rank1)} probes=${big.matedProbes + big.nonMatedProbes}\n`,
  );
}

function round(x: number, digits: number): number {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}

runMain(USAGE, main);
