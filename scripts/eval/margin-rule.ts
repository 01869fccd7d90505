// The 1:1 margin rule at organisation scale: false rejects (genuine people refused as ambiguous) and lookalike
// protection (an enrolled colleague claiming someone else's account), old rule vs the shipped one, at 1k, 10k
// and 100k templates (3 a person):
//   npx tsx scripts/eval/margin-rule.ts --data ../shared/data/dev/lfw [--out eval-results/margin-rule.json]
//
// Real people: everyone with at least 3 images, enrolled from 3 random images (seeded); their other images are
// the probes. Synthetic distractor people fill the gallery up to the size: for each trial the best distractor
// score is drawn as the maximum of M independent stranger scores, from the per-person stranger score
// distribution measured on the same folder (every image against every other person's 3 templates, best
// template; an exponential tail beyond the top 1,000, as eval:identify extrapolates): t = p⁻¹(1 − u^(1/M)).
//   old rule: accept when self ≥ threshold and self − best other ≥ margin (whoever the other is)
//   new rule: lib/checkin/decision.ts decideVerification with lib/checkin/org-size.ts (the margin applies only
//             when the other reaches the kiosk threshold for the size, or the 1:1 threshold and the claimant's score)

import { decideVerification } from "@/lib/checkin/decision";
import { sizedThresholds } from "@/lib/checkin/org-size";
import { readIdentityFolder } from "@/lib/eval/datasets/identities";
import { shuffled } from "@/lib/eval/gallery";
import { fitExponentialTail, tailThreshold } from "@/lib/eval/identification";
import { EMBEDDING_DIM } from "@/lib/face/models";
import { defaultSettings } from "@/lib/validations/settings";
import { intArg, mulberry32, parseCommon, relToRepo, runMain, writeJson } from "./common";
import { embedFolder } from "./embedding-cache";

const USAGE = `usage: npx tsx scripts/eval/margin-rule.ts --data <dir> [--out <file.json>] [--sizes 1000,10000,100000] [--seed n]\n`;
const D = EMBEDDING_DIM;
const K = 3;

async function main(): Promise<void> {
  const { common, values } = parseCommon(USAGE, "margin-rule.json", { sizes: { type: "string" }, seed: { type: "string" } });
  const sizes = ((values.sizes as string | undefined) ?? "1000,10000,100000").split(",").map((s) => intArg(s.trim(), "sizes", K));
  const seed = intArg(values.seed as string | undefined, "seed", 1, 0);
  const folder = readIdentityFolder(common.data);
  const e = await embedFolder(common.data, folder, common);
  const emb = e.emb.browser;
  const n = e.rels.length;
  const rng = mulberry32(seed);
  const rows: number[][] = [];
  folder.people.reduce((start, p) => (rows.push(p.images.map((_, i) => start + i)), start + p.images.length), 0);

  // Enrolled real people: 3 random templates each; the rest of their images are probes.
  const enrolled = rows.flatMap((r, p) => (r.length >= K ? [p] : []));
  const templates = new Map<number, number[]>();
  const probes: { row: number; person: number }[] = [];
  for (const p of enrolled) {
    const order = shuffled(rows[p]!.length, rng).map((i) => rows[p]![i]!);
    templates.set(p, order.slice(0, K));
    for (const r of order.slice(K)) probes.push({ row: r, person: p });
  }
  const dot = (i: number, j: number) => {
    let s = 0;
    for (let d = 0; d < D; d++) s += emb[i * D + d]! * emb[j * D + d]!;
    return s;
  };
  const personScore = (r: number, p: number) => Math.max(...templates.get(p)!.map((t) => dot(r, t)));
  // Per-person stranger scores (every image vs every other enrolled person) for the distractor distribution.
  const stranger: number[] = [];
  for (let r = 0; r < n; r++) for (const p of enrolled) if (e.person[r] !== p && !templates.get(p)!.includes(r)) stranger.push(personScore(r, p));
  const tail = fitExponentialTail(stranger, Math.min(1000, Math.floor(stranger.length / 10)));
  // Scores of every probe against every enrolled person.
  const scores = probes.map((q) => new Map(enrolled.map((p) => [p, personScore(q.row, p)])));

  const threshold = defaultSettings.matchThreshold;
  const margin = defaultSettings.matchMargin;
  const oldRule = (self: number, other: number) => self >= threshold && self - other >= margin;
  // For comparison: the margin only when the other reaches the guard (without the "above the claimant" clause).
  const guardOnly = (self: number, other: number, guard: number) => self >= threshold && (other < guard || self - other >= margin);

  const results = sizes.map((size) => {
    const people = Math.floor(size / K);
    const synthetic = Math.max(0, people - enrolled.length);
    const t = sizedThresholds(people, defaultSettings).verify;
    const drng = mulberry32(seed + size);
    const distractor = () => (synthetic ? tailThreshold(tail, -Math.expm1(Math.log(drng()) / synthetic)) : -Infinity);
    const g = { trials: 0, noMatch: 0, ambiguousOld: 0, ambiguousNew: 0, ambiguousGuardOnly: 0 };
    const l = { trials: 0, pass1to1: 0, acceptedOld: 0, acceptedNew: 0, acceptedGuardOnly: 0 };
    probes.forEach((q, i) => {
      const sc = scores[i]!;
      // Genuine: the probe claims its own person.
      let otherReal = -Infinity;
      for (const [p, s] of sc) if (p !== q.person && s > otherReal) otherReal = s;
      const self = sc.get(q.person)!;
      const other = Math.max(otherReal, distractor());
      g.trials++;
      if (self < threshold) g.noMatch++;
      else {
        if (!oldRule(self, other)) g.ambiguousOld++;
        if (!guardOnly(self, other, t.guard)) g.ambiguousGuardOnly++;
        const d = decideVerification({ self, other }, t);
        if (!d.accepted && d.reason === "ambiguous-match") g.ambiguousNew++;
      }
      // Lookalikes: the same probe claims every other enrolled person V; its own person is the best "other" candidate.
      const sorted = [...sc].sort((a, b) => b[1] - a[1]);
      for (const [v, selfV] of sc) {
        if (v === q.person) continue;
        l.trials++;
        if (selfV < threshold) continue;
        l.pass1to1++;
        const best = sorted.find(([p]) => p !== v)![1]; // includes the presenter's own person
        const otherV = Math.max(best, distractor());
        if (oldRule(selfV, otherV)) l.acceptedOld++;
        if (guardOnly(selfV, otherV, t.guard)) l.acceptedGuardOnly++;
        if (decideVerification({ self: selfV, other: otherV }, t).accepted) l.acceptedNew++;
      }
    });
    return { templates: size, people, realPeople: enrolled.length, syntheticPeople: synthetic, guard: t.guard, genuine: g, lookalike: l };
  });

  writeJson(common.out, {
    command: "margin-rule",
    data: relToRepo(common.data),
    generatedAt: new Date().toISOString(),
    threshold,
    margin,
    distractors: `per trial, the best of M synthetic people's scores drawn from the folder's per-person stranger distribution (${tail.count} scores, exponential tail above ${tail.t0.toFixed(3)}, beta ${tail.beta.toFixed(4)})`,
    results,
  });
  const pct = (a: number, b: number) => `${a}/${b} (${((100 * a) / Math.max(1, b)).toFixed(2)} %)`;
  for (const r of results) {
    process.stdout.write(
      `templates=${r.templates} (${r.realPeople} real + ${r.syntheticPeople} synthetic people, guard ${r.guard.toFixed(3)}): ` +
        `genuine ${r.genuine.trials}: no-match ${r.genuine.noMatch}, ambiguous old ${pct(r.genuine.ambiguousOld, r.genuine.trials)} new ${pct(r.genuine.ambiguousNew, r.genuine.trials)} guard-only ${pct(r.genuine.ambiguousGuardOnly, r.genuine.trials)}; ` +
        `lookalikes passing 1:1 ${r.lookalike.pass1to1} of ${r.lookalike.trials} claims: accepted old ${pct(r.lookalike.acceptedOld, r.lookalike.pass1to1)} new ${pct(r.lookalike.acceptedNew, r.lookalike.pass1to1)} guard-only ${pct(r.lookalike.acceptedGuardOnly, r.lookalike.pass1to1)}\n`,
    );
  }
  process.stdout.write(`wrote ${common.out}\n`);
}

runMain(USAGE, main);
