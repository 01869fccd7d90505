// Confidence intervals for TAR at a fixed FAR by a person-level (cluster) bootstrap: people are resampled
// with replacement, a genuine pair of person p weighs w_p (how often p was drawn) and an impostor pair of
// people a, b weighs w_a·w_b; each replicate re-chooses the threshold at the FAR and re-measures TAR. Pairs
// of the same person are not independent, so resampling pairs would understate the interval. Pure.

import { nextUp } from "@/lib/eval/metrics";

export interface PairScores {
  /** Genuine pair scores and the person of each pair. */
  genuine: Float64Array;
  genuinePerson: Int32Array;
  /** Impostor pair scores and the people of each pair. */
  impostor: Float64Array;
  impostorA: Int32Array;
  impostorB: Int32Array;
}

/**
 * Weighted TAR at FAR ≤ target: the impostors sorted by score descending, the threshold goes just above the
 * highest score at which the accepted weight would exceed target × total weight (ties rejected together).
 */
export function weightedTarAtFar(s: PairScores, w: Float64Array, targetFar: number, order?: Uint32Array): { threshold: number; tar: number } {
  const ord = order ?? descendingOrder(s.impostor);
  let total = 0;
  for (let i = 0; i < s.impostor.length; i++) total += w[s.impostorA[i]!]! * w[s.impostorB[i]!]!;
  const allowed = targetFar * total * (1 + 1e-12);
  let acc = 0;
  let threshold = -Infinity;
  for (let r = 0; r < ord.length; ) {
    // the group of equal scores starting at r
    const v = s.impostor[ord[r]!]!;
    let g = 0;
    let e = r;
    while (e < ord.length && s.impostor[ord[e]!]! === v) {
      g += w[s.impostorA[ord[e]!]!]! * w[s.impostorB[ord[e]!]!]!;
      e++;
    }
    if (acc + g > allowed) {
      threshold = nextUp(v);
      break;
    }
    acc += g;
    r = e;
  }
  let gw = 0;
  let ga = 0;
  for (let i = 0; i < s.genuine.length; i++) {
    const wi = w[s.genuinePerson[i]!]!;
    gw += wi;
    if (s.genuine[i]! >= threshold) ga += wi;
  }
  return { threshold, tar: gw > 0 ? ga / gw : Number.NaN };
}

export function descendingOrder(x: Float64Array): Uint32Array {
  return Uint32Array.from(x.keys()).sort((a, b) => x[b]! - x[a]!);
}

/** People weights of one bootstrap replicate (multinomial: `people` draws with replacement). */
export function resampleWeights(people: number, rng: () => number): Float64Array {
  const w = new Float64Array(people);
  for (let i = 0; i < people; i++) w[Math.floor(rng() * people)]! += 1;
  return w;
}

/** The q-quantile (0..1) of values by linear interpolation between order statistics. */
export function quantile(values: readonly number[], q: number): number {
  const v = [...values].sort((a, b) => a - b);
  if (!v.length) return Number.NaN;
  const pos = (v.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo]! + (v[hi]! - v[lo]!) * (pos - lo);
}
