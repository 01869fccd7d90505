// Template and probe fusion, FRR at equal FAR (1:1, each method's own threshold at FAR 1e-3 and 1e-4):
//   npx tsx scripts/eval/fusion.ts --data ../shared/data/dev/lfw [--out eval-results/fusion.json]
//
// People with at least 3 + m images: 3 random images are the templates (the three enrolment poses), the rest
// are probe images. Template side: max of the 3 templates (the product today), the normalised mean template,
// or the larger of the two. Probe side: one image (each probe image alone) vs the normalised mean of m images
// of the same person (meanEmbedding, lib/face/core/similarity.ts; m = 2, 3). Impostor trials are the same
// probes claimed against every other person. Caveat: a person's photos in LFW/ORL are separate captures, less
// alike than the frames of one burst, so the probe-fusion gain here is an upper bound of what a burst gives.

import { readIdentityFolder } from "@/lib/eval/datasets/identities";
import { shuffled } from "@/lib/eval/gallery";
import { fuseTemplates, TEMPLATE_FUSIONS, type TemplateFusion } from "@/lib/eval/identification";
import { tarAtFar } from "@/lib/eval/metrics";
import { meanEmbedding } from "@/lib/face/core/similarity";
import { EMBEDDING_DIM } from "@/lib/face/models";
import { intArg, mulberry32, parseCommon, relToRepo, runMain, writeJson } from "./common";
import { embedFolder } from "./embedding-cache";

const USAGE = `usage: npx tsx scripts/eval/fusion.ts --data <dir> [--out <file.json>] [--seed n]\n`;
const D = EMBEDDING_DIM;
const K = 3;
const PROBE_FRAMES = [1, 2, 3] as const;
const FARS = [1e-3, 1e-4] as const;

async function main(): Promise<void> {
  const { common, values } = parseCommon(USAGE, "fusion.json", { seed: { type: "string" } });
  const seed = intArg(values.seed as string | undefined, "seed", 1, 0);
  const folder = readIdentityFolder(common.data);
  const e = await embedFolder(common.data, folder, common);
  const emb = e.emb.browser;
  const row = (i: number) => emb.subarray(i * D, (i + 1) * D);
  const rng = mulberry32(seed);
  const maxM = Math.max(...PROBE_FRAMES);
  // People with templates and at least maxM probe images (the same people for every method).
  let start = 0;
  const people: { templates: Float32Array[]; mean: Float32Array; probes: Float32Array[] }[] = [];
  for (const p of folder.people) {
    const rows = p.images.map((_, i) => start + i);
    start += p.images.length;
    if (rows.length < K + maxM) continue;
    const order = shuffled(rows.length, rng).map((i) => rows[i]!);
    const templates = order.slice(0, K).map(row);
    people.push({ templates, mean: meanEmbedding(templates), probes: order.slice(K).map(row) });
  }
  const cos = (a: Float32Array, b: Float32Array) => {
    let s = 0;
    for (let d = 0; d < D; d++) s += a[d]! * b[d]!;
    return s;
  };
  // Probe sets of m images: consecutive groups of m probe images of a person (each image used once per m).
  const probeSets = (m: number) =>
    people.map((p) => {
      const sets: Float32Array[] = [];
      for (let i = 0; i + m <= p.probes.length; i += m) sets.push(meanEmbedding(p.probes.slice(i, i + m)));
      return sets;
    });
  const results: { templates: TemplateFusion; probeFrames: number; genuine: number; impostor: number; far: Record<string, { threshold: number; frr: number }> }[] = [];
  for (const m of PROBE_FRAMES) {
    const sets = probeSets(m);
    for (const fu of TEMPLATE_FUSIONS) {
      const gen: number[] = [];
      const imp: number[] = [];
      sets.forEach((ps, a) => {
        for (const q of ps) {
          people.forEach((p, b) => {
            const s = fuseTemplates(p.templates.map((t) => cos(q, t)), cos(q, p.mean), fu);
            (a === b ? gen : imp).push(s);
          });
        }
      });
      results.push({
        templates: fu,
        probeFrames: m,
        genuine: gen.length,
        impostor: imp.length,
        far: Object.fromEntries(FARS.map((far) => {
          const t = tarAtFar(gen, imp, far);
          return [String(far), { threshold: t.threshold, frr: 1 - t.tar }];
        })),
      });
    }
  }
  writeJson(common.out, { command: "fusion", data: relToRepo(common.data), generatedAt: new Date().toISOString(), people: people.length, templatesPerPerson: K, seed, results });
  process.stdout.write(`${people.length} people with at least ${K + maxM} images; FRR at equal FAR (each method's own threshold)\n`);
  for (const r of results) {
    process.stdout.write(
      `templates ${r.templates.padEnd(4)} probe ${r.probeFrames === 1 ? "1 image  " : `mean of ${r.probeFrames}`}: ` +
        FARS.map((far) => `FRR@FAR${far} ${(100 * r.far[String(far)]!.frr).toFixed(2)} % (thr ${r.far[String(far)]!.threshold.toFixed(3)})`).join("  ") +
        `  [${r.genuine} genuine / ${r.impostor} impostor trials]\n`,
    );
  }
  process.stdout.write(`wrote ${common.out}\n`);
}

runMain(USAGE, main);
