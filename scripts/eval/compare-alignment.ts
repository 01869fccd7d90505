// Which eye points should the 5-point alignment use? Decided on all same-person pairs of a folder against
// 300,000 random impostor pairs, with person-level bootstrap confidence intervals (lib/eval/bootstrap.ts):
//   npx tsx scripts/eval/compare-alignment.ts --data ../shared/data/dev/lfw [--out eval-results/alignment.json]
//
// Variants (scripts/eval/embedding-cache.ts; the same landmarks and pixels for all): the production browser
// pipeline, and Node re-alignments on the iris centres, the eye-corner midpoints, the mean of the two points,
// plus "iris ⊕ corner": the normalised sum of the iris and corner embeddings (two alignments of one capture,
// fused). Reports TAR at FAR 1e-3 and 1e-4 with 95 % intervals, and each variant's paired difference to the
// Node iris-centre variant (same bootstrap replicates), so a difference whose interval excludes 0 is real.

import { readIdentityFolder } from "@/lib/eval/datasets/identities";
import { descendingOrder, quantile, resampleWeights, weightedTarAtFar, type PairScores } from "@/lib/eval/bootstrap";
import { tarAtFar } from "@/lib/eval/metrics";
import { genuinePairs, sampleImpostorPairs } from "@/lib/eval/pairs";
import { EMBEDDING_DIM } from "@/lib/face/models";
import { f4, intArg, mulberry32, parseCommon, relToRepo, runMain, writeJson } from "./common";
import { embedFolder } from "./embedding-cache";

const USAGE = `usage: npx tsx scripts/eval/compare-alignment.ts --data <dir> [--out <file.json>] [--impostors n] [--bootstrap n] [--seed n]\n`;
const D = EMBEDDING_DIM;
const FARS = [1e-3, 1e-4] as const;

async function main(): Promise<void> {
  const { common, values } = parseCommon(USAGE, "alignment.json", { impostors: { type: "string" }, bootstrap: { type: "string" }, seed: { type: "string" } });
  const impostors = intArg(values.impostors as string | undefined, "impostors", 300_000);
  const B = intArg(values.bootstrap as string | undefined, "bootstrap", 200);
  const seed = intArg(values.seed as string | undefined, "seed", 1, 0);
  const folder = readIdentityFolder(common.data);
  const e = await embedFolder(common.data, folder, common);
  const n = e.rels.length;

  const fused = new Float32Array(n * D);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let d = 0; d < D; d++) s += (fused[i * D + d] = e.emb.iris[i * D + d]! + e.emb.corner[i * D + d]!) ** 2;
    const k = 1 / Math.sqrt(s);
    for (let d = 0; d < D; d++) fused[i * D + d]! *= k;
  }
  const variants: Record<string, Float32Array> = {
    "browser (production: iris centres)": e.emb.browser,
    "iris centres": e.emb.iris,
    "eye-corner midpoints": e.emb.corner,
    "mean of corner midpoint and iris": e.emb.midpoint,
    "iris ⊕ corner (two alignments fused)": fused,
  };
  const REF = "iris centres";

  const rng = mulberry32(seed);
  const gp = genuinePairs(e.person, Number.MAX_SAFE_INTEGER, rng);
  const ip = sampleImpostorPairs(e.person, impostors, rng);
  const dot = (m: Float32Array, i: number, j: number) => {
    let s = 0;
    for (let d = 0; d < D; d++) s += m[i * D + d]! * m[j * D + d]!;
    return s;
  };
  const scoresOf = (m: Float32Array): PairScores => ({
    genuine: Float64Array.from({ length: gp.length / 2 }, (_, q) => dot(m, gp[2 * q]!, gp[2 * q + 1]!)),
    genuinePerson: Int32Array.from({ length: gp.length / 2 }, (_, q) => e.person[gp[2 * q]!]!),
    impostor: Float64Array.from({ length: ip.length / 2 }, (_, q) => dot(m, ip[2 * q]!, ip[2 * q + 1]!)),
    impostorA: Int32Array.from({ length: ip.length / 2 }, (_, q) => e.person[ip[2 * q]!]!),
    impostorB: Int32Array.from({ length: ip.length / 2 }, (_, q) => e.person[ip[2 * q + 1]!]!),
  });
  const names = Object.keys(variants);
  const scored = Object.fromEntries(names.map((v) => [v, scoresOf(variants[v]!)]));
  const orders = Object.fromEntries(names.map((v) => [v, descendingOrder(scored[v]!.impostor)]));
  const people = e.names.length;

  // Point estimates, then B bootstrap replicates shared by all variants (paired differences).
  const point = Object.fromEntries(names.map((v) => [v, Object.fromEntries(FARS.map((far) => [String(far), tarAtFar(scored[v]!.genuine, scored[v]!.impostor, far)]))]));
  const reps: Record<string, Record<string, number[]>> = Object.fromEntries(names.map((v) => [v, Object.fromEntries(FARS.map((f) => [String(f), [] as number[]]))]));
  const brng = mulberry32(seed + 1000);
  for (let b = 0; b < B; b++) {
    const w = resampleWeights(people, brng);
    for (const v of names) for (const far of FARS) reps[v]![String(far)]!.push(weightedTarAtFar(scored[v]!, w, far, orders[v]).tar);
    if ((b + 1) % 50 === 0) process.stderr.write(`bootstrap ${b + 1}/${B}\n`);
  }
  const results = names.map((v) => ({
    variant: v,
    ...Object.fromEntries(
      FARS.map((far) => {
        const k = String(far);
        const r = reps[v]![k]!;
        const diff = r.map((x, i) => x - reps[REF]![k]![i]!);
        return [
          `far${k}`,
          {
            threshold: point[v]![k]!.threshold,
            tar: point[v]![k]!.tar,
            ci95: [quantile(r, 0.025), quantile(r, 0.975)],
            diffVsIris: point[v]![k]!.tar - point[REF]![k]!.tar,
            diffVsIrisCi95: [quantile(diff, 0.025), quantile(diff, 0.975)],
          },
        ];
      }),
    ),
  })) as { variant: string; far0_001: never }[] & Record<string, unknown>[];
  writeJson(common.out, {
    command: "compare-alignment",
    data: relToRepo(common.data),
    generatedAt: new Date().toISOString(),
    images: n,
    people,
    noFace: e.faceFound.filter((x) => !x).length,
    genuinePairs: gp.length / 2,
    impostorPairs: ip.length / 2,
    bootstrap: { replicates: B, unit: "person", seed },
    results,
  });
  const pct = (x: number) => (100 * x).toFixed(2);
  process.stdout.write(`${n} images of ${people} people: ${gp.length / 2} genuine pairs (all), ${ip.length / 2} random impostor pairs; ${B} person-level bootstrap replicates\n`);
  for (const r of results as unknown as Record<string, { tar: number; ci95: number[]; diffVsIris: number; diffVsIrisCi95: number[]; threshold: number }>[]) {
    const v = (r as unknown as { variant: string }).variant;
    const cols = FARS.map((far) => {
      const x = r[`far${far}`]!;
      return `TAR@FAR${far} ${pct(x.tar)} % [${pct(x.ci95[0]!)}, ${pct(x.ci95[1]!)}] (thr ${x.threshold.toFixed(3)}; vs iris ${x.diffVsIris >= 0 ? "+" : ""}${pct(x.diffVsIris)} [${pct(x.diffVsIrisCi95[0]!)}, ${pct(x.diffVsIrisCi95[1]!)}])`;
    });
    process.stdout.write(`${v.padEnd(38)} ${cols.join("  ")}\n`);
  }
  const best = names.reduce((a, b) => (point[b]!["0.0001"]!.tar > point[a]!["0.0001"]!.tar ? b : a));
  process.stdout.write(`wrote ${common.out}\nbest_at_far1e-4="${best}" tar=${f4(point[best]!["0.0001"]!.tar)} genuine=${gp.length / 2} impostors=${ip.length / 2}\n`);
}

runMain(USAGE, main);
