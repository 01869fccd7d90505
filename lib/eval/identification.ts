// Open-set 1:N identification metrics in the manner of NIST FRTE 1:N (Grother et al., NISTIR 8271):
// a gallery of N enrolled people; mated probes (their other images) and non-mated probes (people not
// enrolled). At a threshold t, with a rank-1 candidate list:
//   FPIR(t) = share of non-mated probes whose best gallery score is ≥ t (an unknown is named as someone);
//   FNIR(t) = share of mated probes NOT returned as their own person at rank 1 with a score ≥ t;
//   rank-1  = share of mated probes whose own person scores highest (no threshold).
// And the extrapolation to galleries larger than the data (identificationModel): each enrolled person is an
// independent chance of a false match with the per-person impostor tail p(t) = P(score of a stranger ≥ t),
// so FPIR_N(t) = 1 − (1 − p(t))^N, and a mated probe with own score s succeeds when none of the N − 1
// others reaches its bound. Beyond the measured scores p(t) has an exponential tail (fitExponentialTail).
// Pure: scores in, numbers out.

import { countAtLeast, nextUp } from "@/lib/eval/metrics";

/** How a person's k templates give one score for a probe. */
export type TemplateFusion = "max" | "mean" | "both";
export const TEMPLATE_FUSIONS: readonly TemplateFusion[] = ["max", "mean", "both"];

/**
 * A person's score for a probe from the probe's cosine to each template (`templateScores`) and to the
 * L2-normalised mean of the templates (`meanScore`): the best template, the mean template, or the larger
 * of the two.
 */
export function fuseTemplates(templateScores: ArrayLike<number>, meanScore: number, fusion: TemplateFusion): number {
  let best = -Infinity;
  for (let i = 0; i < templateScores.length; i++) if (templateScores[i]! > best) best = templateScores[i]!;
  if (fusion === "max") return best;
  if (fusion === "mean") return meanScore;
  return Math.max(best, meanScore);
}

export interface MatedSearch {
  /** The probe's score for its own enrolled person. */
  mate: number;
  /** Best score of any other enrolled person (−Infinity when the gallery has one person). */
  other: number;
}

export interface OpenSetScores {
  mated: readonly MatedSearch[];
  /** Best gallery score of each non-mated probe. */
  nonMated: ArrayLike<number>;
}

/** Share of non-mated probes with a best score ≥ t. */
export function fpirAt(nonMated: ArrayLike<number>, t: number): number {
  if (!nonMated.length) return Number.NaN;
  let k = 0;
  for (let i = 0; i < nonMated.length; i++) if (nonMated[i]! >= t) k++;
  return k / nonMated.length;
}

/** A mated probe is found at rank 1 above t when its own person scores ≥ t and strictly above everyone else. */
export const foundAtRank1 = (m: MatedSearch, t: number): boolean => m.mate >= t && m.mate > m.other;

/** Share of mated probes not found at rank 1 with a score ≥ t. */
export function fnirAt(mated: readonly MatedSearch[], t: number): number {
  if (!mated.length) return Number.NaN;
  let miss = 0;
  for (const m of mated) if (!foundAtRank1(m, t)) miss++;
  return miss / mated.length;
}

/** Rank-1 identification rate (closed-set, no threshold). */
export function rank1Rate(mated: readonly MatedSearch[]): number {
  if (!mated.length) return Number.NaN;
  let hit = 0;
  for (const m of mated) if (m.mate > m.other) hit++;
  return hit / mated.length;
}

export interface FpirPoint {
  targetFpir: number;
  /** Lowest threshold whose measured FPIR is ≤ the target (ties at the boundary are rejected). */
  threshold: number;
  fpir: number;
  fnir: number;
  /** Non-mated probes that may pass at the target: below ~10 the threshold is noisy. */
  nonMatedAllowed: number;
}

/**
 * The empirical operating point at FPIR ≤ target: with the non-mated best scores sorted descending
 * s₀ ≥ s₁ ≥ …, k = ⌊target·M⌋ may pass, so the threshold is nextUp(s_k) (as tarAtFar does for FAR).
 */
export function fnirAtFpir(scores: OpenSetScores, targetFpir: number): FpirPoint {
  const M = scores.nonMated.length;
  if (!M || !scores.mated.length) throw new RangeError("fnirAtFpir needs mated and non-mated probes");
  const asc = Float64Array.from(scores.nonMated).sort();
  const k = Math.min(M, Math.floor(targetFpir * M * (1 + 1e-12)));
  const threshold = k >= M ? asc[0]! : nextUp(asc[M - 1 - k]!);
  return { targetFpir, threshold, fpir: countAtLeast(asc, threshold) / M, fnir: fnirAt(scores.mated, threshold), nonMatedAllowed: k };
}

// ───────────────────────────── extrapolation ─────────────────────────────

/** P(score ≥ t) of a stranger's score: the measured scores, and an exponential tail above `t0`. */
export interface ImpostorTail {
  /** Scores measured (probe × stranger pairs). */
  count: number;
  /** The scores above the tail's start, sorted ascending (the measured part of the tail). */
  top: Float64Array;
  /** Where the exponential tail starts (the `fitK`-th highest score) and its share of all scores. */
  t0: number;
  p0: number;
  /** Mean excess over t0 of the top scores: P(S ≥ t) = p0·exp(−(t − t0)/beta) for t > t0. */
  beta: number;
  /** All scores sorted ascending (for p(t) below t0). */
  asc: Float64Array;
}

/**
 * Fits the tail: t0 is the `fitK`-th highest score, beta the mean excess of the scores above it (the
 * maximum-likelihood exponential). Needs at least fitK + 1 scores.
 */
export function fitExponentialTail(scores: ArrayLike<number>, fitK = 1000): ImpostorTail {
  const n = scores.length;
  if (fitK < 2 || n <= fitK) throw new RangeError(`fitExponentialTail needs more than ${fitK} scores, got ${n}`);
  const asc = Float64Array.from(scores).sort();
  const t0 = asc[n - fitK]!;
  let excess = 0;
  for (let i = n - fitK; i < n; i++) excess += asc[i]! - t0;
  const beta = Math.max(excess / (fitK - 1), 1e-9);
  return { count: n, top: asc.slice(n - fitK), t0, p0: fitK / n, beta, asc };
}

/** P(stranger's score ≥ t): measured below t0, the exponential tail above it. */
export function tailP(tail: ImpostorTail, t: number): number {
  if (t <= tail.t0) return countAtLeast(tail.asc, t) / tail.count;
  return tail.p0 * Math.exp(-(t - tail.t0) / tail.beta);
}

/** The threshold where P(stranger ≥ t) = p (inverse of tailP; the lowest such measured score below t0). */
export function tailThreshold(tail: ImpostorTail, p: number): number {
  if (!(p > 0)) return Infinity;
  if (p < tail.p0) return tail.t0 + tail.beta * Math.log(tail.p0 / p);
  const k = Math.floor(p * tail.count * (1 + 1e-12));
  return k >= tail.count ? tail.asc[0]! : nextUp(tail.asc[tail.count - 1 - k]!);
}

/** Expected FPIR of a gallery of n people at threshold t: 1 − (1 − p(t))^n. */
export function modelFpir(tail: ImpostorTail, n: number, t: number): number {
  return -Math.expm1(n * Math.log1p(-Math.min(tailP(tail, t), 1 - 1e-15)));
}

/** Threshold whose modelled FPIR for n people is the target: p(t) = 1 − (1 − target)^(1/n). */
export function modelThresholdForFpir(tail: ImpostorTail, n: number, targetFpir: number): number {
  return tailThreshold(tail, -Math.expm1(Math.log1p(-targetFpir) / n));
}

/**
 * Expected FNIR for n enrolled people at threshold t, from the mated probes' own scores: a probe with own
 * score s ≥ t is found when none of the n − 1 others reaches its bound — s itself (rank 1), or, with a
 * kiosk margin m whose guard applies to others ≥ t, max(t, s − m).
 */
export function modelFnir(tail: ImpostorTail, mateScores: ArrayLike<number>, n: number, t: number, margin = 0): number {
  if (!mateScores.length) return Number.NaN;
  let found = 0;
  for (let i = 0; i < mateScores.length; i++) {
    const s = mateScores[i]!;
    if (s < t) continue;
    const bound = margin > 0 ? Math.max(t, s - margin) : s;
    found += Math.exp((n - 1) * Math.log1p(-Math.min(tailP(tail, bound), 1 - 1e-15)));
  }
  return 1 - found / mateScores.length;
}
