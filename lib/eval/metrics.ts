/**
 * Evaluation metrics for face verification, presentation-attack detection (PAD) and blink detection.
 * Pure: numbers in, numbers out; no IO. Conventions used throughout:
 *  - a score is a SIMILARITY (higher = more alike / more live); accept when score >= threshold;
 *  - FAR = impostor pairs accepted / impostors, TAR = genuine pairs accepted / genuines, FRR = 1 − TAR;
 *  - PAD (ISO/IEC 30107-3): APCER = attacks accepted as live / attacks (per attack type),
 *    BPCER = live (bona fide) rejected / live, ACER = (APCER + BPCER) / 2 with APCER the worst type.
 */

// ───────────────────────────── helpers ─────────────────────────────

function finiteOrThrow(xs: ArrayLike<number>, what: string): void {
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i]!)) throw new RangeError(`${what}: score ${i} is not finite (${xs[i]})`);
  }
}

/** Ascending copy as a Float64Array. */
function sortedAsc(xs: ArrayLike<number>): Float64Array {
  return Float64Array.from(xs as ArrayLike<number>).sort();
}

/** The smallest float64 strictly greater than x (for "accept only above this score"). */
export function nextUp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === 0) return Number.MIN_VALUE;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigUint64(0);
  buf.setBigUint64(0, x > 0 ? bits + 1n : bits - 1n);
  return buf.getFloat64(0);
}

/** Number of values in an ascending array that are >= t (binary search). */
export function countAtLeast(asc: Float64Array, t: number): number {
  let lo = 0;
  let hi = asc.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (asc[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return asc.length - lo;
}

export function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN;
}

/** Population standard deviation (numpy's default, as in the usual LFW protocol code). */
export function std(xs: readonly number[]): number {
  if (!xs.length) return Number.NaN;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length);
}

// ───────────────────────────── ROC / AUC ─────────────────────────────

export interface RocPoint {
  /** Accept when score >= threshold. The first point has threshold +Infinity (nothing accepted). */
  threshold: number;
  /** Negatives accepted / negatives (FAR, or APCER for PAD). */
  far: number;
  /** Positives accepted / positives (TAR, or 1 − BPCER for PAD). */
  tar: number;
}

/**
 * The ROC curve: one point per distinct score, thresholds descending, from (0, 0) to (1, 1). Tied
 * scores move both rates in a single step (a diagonal segment), which is what makes the trapezoid
 * area under this curve equal to the tie-aware Mann–Whitney AUC.
 */
export function rocCurve(positives: ArrayLike<number>, negatives: ArrayLike<number>): RocPoint[] {
  finiteOrThrow(positives, "rocCurve positives");
  finiteOrThrow(negatives, "rocCurve negatives");
  const P = positives.length;
  const N = negatives.length;
  if (P === 0 || N === 0) throw new RangeError("rocCurve needs at least one positive and one negative score");
  const pos = sortedAsc(positives);
  const neg = sortedAsc(negatives);
  const out: RocPoint[] = [{ threshold: Infinity, far: 0, tar: 0 }];
  let i = P - 1;
  let j = N - 1;
  while (i >= 0 || j >= 0) {
    const t = Math.max(i >= 0 ? pos[i]! : -Infinity, j >= 0 ? neg[j]! : -Infinity);
    while (i >= 0 && pos[i] === t) i--;
    while (j >= 0 && neg[j] === t) j--;
    out.push({ threshold: t, far: (N - 1 - j) / N, tar: (P - 1 - i) / P });
  }
  return out;
}

/** Area under a ROC curve by the trapezoid rule (points in the order rocCurve returns them). */
export function rocArea(curve: readonly RocPoint[]): number {
  let a = 0;
  for (let k = 1; k < curve.length; k++) {
    const p = curve[k - 1]!;
    const q = curve[k]!;
    a += ((q.far - p.far) * (q.tar + p.tar)) / 2;
  }
  return a;
}

/**
 * ROC AUC = P(positive score > negative score) + ½·P(equal): the Mann–Whitney U statistic with
 * mid-ranks for ties, divided by P·N. O((P + N) log(P + N)).
 */
export function auc(positives: ArrayLike<number>, negatives: ArrayLike<number>): number {
  finiteOrThrow(positives, "auc positives");
  finiteOrThrow(negatives, "auc negatives");
  const P = positives.length;
  const N = negatives.length;
  if (P === 0 || N === 0) throw new RangeError("auc needs at least one positive and one negative score");
  const pos = sortedAsc(positives);
  const neg = sortedAsc(negatives);
  // For each positive: negatives strictly below + ½·negatives equal. Walk both sorted arrays.
  let u = 0;
  let below = 0; // negatives < current value
  let k = 0;
  for (let i = 0; i < P; ) {
    const v = pos[i]!;
    let same = 0;
    while (i + same < P && pos[i + same] === v) same++;
    while (k < N && neg[k]! < v) k++;
    below = k;
    let eq = 0;
    while (k + eq < N && neg[k + eq] === v) eq++;
    u += same * (below + eq / 2);
    i += same;
  }
  return u / (P * N);
}

// ───────────────────────────── TAR at FAR ─────────────────────────────

export interface TarAtFar {
  /** The FAR asked for. */
  targetFar: number;
  /** Accept when score >= threshold; the lowest such threshold with FAR <= targetFar. */
  threshold: number;
  /** FAR actually reached on these impostors at that threshold (<= targetFar). */
  far: number;
  tar: number;
  genuine: number;
  impostors: number;
  /**
   * Impostors accepted at the target (targetFar × impostors, rounded down). Below ~10 the threshold is
   * set by a handful of pairs and is noise; pairs.txt's 300 impostors per fold cannot estimate FAR 1e-3.
   */
  acceptedImpostorsAllowed: number;
}

/**
 * Highest TAR with FAR <= targetFar. With impostor scores sorted descending s₀ ≥ s₁ ≥ …, at most
 * k = ⌊targetFar·N⌋ may be accepted, so the threshold must lie above s_k; the lowest such threshold is
 * nextUp(s_k) (ties at s_k are all rejected, so FAR never exceeds the target).
 */
export function tarAtFar(genuine: ArrayLike<number>, impostor: ArrayLike<number>, targetFar: number): TarAtFar {
  finiteOrThrow(genuine, "tarAtFar genuine");
  finiteOrThrow(impostor, "tarAtFar impostor");
  if (!(targetFar >= 0 && targetFar <= 1)) throw new RangeError(`targetFar must be in [0, 1], got ${targetFar}`);
  const G = genuine.length;
  const N = impostor.length;
  if (G === 0 || N === 0) throw new RangeError("tarAtFar needs genuine and impostor scores");
  const imp = sortedAsc(impostor);
  const gen = sortedAsc(genuine);
  // Tolerance so that e.g. 1e-3 × 300000 is 300, not 299.99999999999994.
  const k = Math.min(N, Math.floor(targetFar * N * (1 + 1e-12)));
  const threshold = k >= N ? imp[0]! : nextUp(imp[N - 1 - k]!);
  return {
    targetFar,
    threshold,
    far: countAtLeast(imp, threshold) / N,
    tar: countAtLeast(gen, threshold) / G,
    genuine: G,
    impostors: N,
    acceptedImpostorsAllowed: k,
  };
}

/** FAR and FRR at a fixed threshold (accept when score >= threshold). */
export function ratesAt(genuine: ArrayLike<number>, impostor: ArrayLike<number>, threshold: number): { far: number; frr: number; tar: number } {
  let ga = 0;
  for (let i = 0; i < genuine.length; i++) if (genuine[i]! >= threshold) ga++;
  let ia = 0;
  for (let i = 0; i < impostor.length; i++) if (impostor[i]! >= threshold) ia++;
  const tar = genuine.length ? ga / genuine.length : Number.NaN;
  return { far: impostor.length ? ia / impostor.length : Number.NaN, tar, frr: 1 - tar };
}

// ───────────────────────────── accuracy and k-fold ─────────────────────────────

export interface LabelledScore {
  score: number;
  /** Same person (verification) / live (PAD). */
  genuine: boolean;
}

export interface FoldedScore extends LabelledScore {
  /** Fold index (any integers; folds are the distinct values). */
  fold: number;
}

/** Accuracy (correct / all) at a threshold, accepting score >= threshold. */
export function accuracyAt(pairs: readonly LabelledScore[], threshold: number): number {
  if (!pairs.length) return Number.NaN;
  let ok = 0;
  for (const p of pairs) if ((p.score >= threshold) === p.genuine) ok++;
  return ok / pairs.length;
}

/**
 * The threshold with the best accuracy on `pairs`. Candidates are the midpoints between consecutive
 * distinct scores (plus one below the lowest and one above the highest score). When several
 * consecutive candidates reach the best accuracy, the middle of the first such run is taken (a
 * threshold in the middle of the gap, not hugging either class).
 */
export function bestThreshold(pairs: readonly LabelledScore[]): { threshold: number; accuracy: number } {
  if (!pairs.length) throw new RangeError("bestThreshold needs at least one pair");
  finiteOrThrow(pairs.map((p) => p.score), "bestThreshold");
  const sorted = [...pairs].sort((a, b) => a.score - b.score);
  const n = sorted.length;
  const totalGenuine = sorted.reduce((s, p) => s + (p.genuine ? 1 : 0), 0);
  // Candidate c_0 below everything: all accepted → correct = genuines.
  const candidates: number[] = [sorted[0]!.score - 1];
  const correct: number[] = [totalGenuine];
  let genBelow = 0;
  let impBelow = 0;
  for (let i = 0; i < n; ) {
    const v = sorted[i]!.score;
    while (i < n && sorted[i]!.score === v) {
      if (sorted[i]!.genuine) genBelow++;
      else impBelow++;
      i++;
    }
    const next = i < n ? sorted[i]!.score : v + 1;
    candidates.push((v + next) / 2);
    // Everything <= v rejected: correct = impostors rejected + genuines accepted.
    correct.push(impBelow + (totalGenuine - genBelow));
  }
  let best = -1;
  for (const c of correct) best = Math.max(best, c);
  const first = correct.indexOf(best);
  let last = first;
  while (last + 1 < correct.length && correct[last + 1] === best) last++;
  const pick = Math.floor((first + last) / 2);
  return { threshold: candidates[pick]!, accuracy: best / n };
}

export interface FoldResult {
  fold: number;
  /** Threshold chosen on the other folds. */
  threshold: number;
  /** Accuracy on this fold at that threshold. */
  accuracy: number;
  pairs: number;
}

export interface KFoldResult {
  folds: FoldResult[];
  mean: number;
  /** Population standard deviation over folds. */
  std: number;
  /**
   * True when there is a single fold: the threshold was then chosen on the same pairs it is tested on
   * (optimistic), since there are no other folds to choose it on.
   */
  sameDataThreshold: boolean;
}

/**
 * The LFW protocol: for each fold, choose the threshold that maximises accuracy on all OTHER folds,
 * then measure accuracy on this fold. Reports mean ± std over folds.
 */
export function kFoldAccuracy(pairs: readonly FoldedScore[]): KFoldResult {
  const foldIds = [...new Set(pairs.map((p) => p.fold))].sort((a, b) => a - b);
  if (!foldIds.length) throw new RangeError("kFoldAccuracy needs pairs");
  const folds: FoldResult[] = foldIds.map((f) => {
    const test = pairs.filter((p) => p.fold === f);
    const train = foldIds.length > 1 ? pairs.filter((p) => p.fold !== f) : test;
    const { threshold } = bestThreshold(train);
    return { fold: f, threshold, accuracy: accuracyAt(test, threshold), pairs: test.length };
  });
  const accs = folds.map((f) => f.accuracy);
  return { folds, mean: mean(accs), std: std(accs), sameDataThreshold: foldIds.length === 1 };
}

// ───────────────────────────── PAD ─────────────────────────────

export interface PadSample {
  /** Real-face (liveness) score; accepted as live when score >= threshold. */
  score: number;
  live: boolean;
  /** Attack instrument species, e.g. "print", "replay_tablet"; ignored for live samples. */
  attackType: string;
}

export interface PadMetrics {
  threshold: number;
  apcerByType: Record<string, { attacks: number; acceptedAsLive: number; apcer: number }>;
  /** Worst attack type's APCER (ISO/IEC 30107-3). NaN when there are no attacks. */
  apcer: number;
  /** All attacks pooled. */
  apcerPooled: number;
  bpcer: number;
  /** (APCER + BPCER) / 2 with the worst-type APCER. */
  acer: number;
  live: number;
  attacks: number;
}

export function padMetrics(samples: readonly PadSample[], threshold: number): PadMetrics {
  finiteOrThrow(samples.map((s) => s.score), "padMetrics");
  const byType: PadMetrics["apcerByType"] = {};
  let live = 0;
  let liveRejected = 0;
  let attacks = 0;
  let attacksAccepted = 0;
  for (const s of samples) {
    const accepted = s.score >= threshold;
    if (s.live) {
      live++;
      if (!accepted) liveRejected++;
      continue;
    }
    attacks++;
    if (accepted) attacksAccepted++;
    const t = (byType[s.attackType] ??= { attacks: 0, acceptedAsLive: 0, apcer: 0 });
    t.attacks++;
    if (accepted) t.acceptedAsLive++;
  }
  for (const t of Object.values(byType)) t.apcer = t.acceptedAsLive / t.attacks;
  const types = Object.values(byType);
  const apcer = types.length ? Math.max(...types.map((t) => t.apcer)) : Number.NaN;
  const bpcer = live ? liveRejected / live : Number.NaN;
  return {
    threshold,
    apcerByType: byType,
    apcer,
    apcerPooled: attacks ? attacksAccepted / attacks : Number.NaN,
    bpcer,
    acer: (apcer + bpcer) / 2,
    live,
    attacks,
  };
}

// ───────────────────────────── blink event matching ─────────────────────────────

export interface FrameEvent {
  startFrame: number;
  endFrame: number;
  /** Optional times (ms) for the timing error in milliseconds. */
  startMs?: number;
  endMs?: number;
}

export interface EventMatch {
  detected: number;
  annotated: number;
  /** detected − annotated, frames (positive = detected later). */
  startErrFrames: number;
  endErrFrames: number;
  startErrMs?: number;
  endErrMs?: number;
}

export interface EventMatching {
  matches: EventMatch[];
  /** Indices of detected events that matched nothing (false positives). */
  falsePositives: number[];
  /** Indices of annotated events that nothing matched (misses). */
  falseNegatives: number[];
  tp: number;
  fp: number;
  fn: number;
  /** tp / (tp + fp); 1 when nothing was detected (no false alarm). */
  precision: number;
  /** tp / (tp + fn); 1 when nothing was annotated. */
  recall: number;
  timing: TimingError;
}

export interface TimingError {
  /** Mean |Δstart| and |Δend| over matches (frames); NaN without matches. */
  meanAbsStartFrames: number;
  meanAbsEndFrames: number;
  /** Mean signed Δstart and Δend (frames): positive = detected later than annotated. */
  meanStartFrames: number;
  meanEndFrames: number;
  /** Same in ms, when every matched event carries times. */
  meanAbsStartMs?: number;
  meanAbsEndMs?: number;
}

export function timingError(matches: readonly EventMatch[]): TimingError {
  const pick = (f: (m: EventMatch) => number) => mean(matches.map(f));
  const out: TimingError = {
    meanAbsStartFrames: pick((m) => Math.abs(m.startErrFrames)),
    meanAbsEndFrames: pick((m) => Math.abs(m.endErrFrames)),
    meanStartFrames: pick((m) => m.startErrFrames),
    meanEndFrames: pick((m) => m.endErrFrames),
  };
  if (matches.length && matches.every((m) => m.startErrMs !== undefined && m.endErrMs !== undefined)) {
    out.meanAbsStartMs = pick((m) => Math.abs(m.startErrMs!));
    out.meanAbsEndMs = pick((m) => Math.abs(m.endErrMs!));
  }
  return out;
}

/** Precision and recall from counts, with the conventions of EventMatching. */
export function precisionRecall(tp: number, fp: number, fn: number): { precision: number; recall: number } {
  return { precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
}

/**
 * One-to-one matching of detected to annotated events. A pair may match when BOTH its start and its
 * end frames differ by at most `toleranceFrames`; among the candidate pairs, the closest
 * (|Δstart| + |Δend|, then earlier annotation) are matched first (greedy), each event at most once.
 */
export function matchEvents(detected: readonly FrameEvent[], annotated: readonly FrameEvent[], toleranceFrames = 2): EventMatching {
  if (!(toleranceFrames >= 0)) throw new RangeError("toleranceFrames must be >= 0");
  const cands: { d: number; a: number; cost: number }[] = [];
  detected.forEach((d, di) =>
    annotated.forEach((a, ai) => {
      const ds = Math.abs(d.startFrame - a.startFrame);
      const de = Math.abs(d.endFrame - a.endFrame);
      if (ds <= toleranceFrames && de <= toleranceFrames) cands.push({ d: di, a: ai, cost: ds + de });
    }),
  );
  cands.sort((x, y) => x.cost - y.cost || x.a - y.a || x.d - y.d);
  const usedD = new Set<number>();
  const usedA = new Set<number>();
  const matches: EventMatch[] = [];
  for (const c of cands) {
    if (usedD.has(c.d) || usedA.has(c.a)) continue;
    usedD.add(c.d);
    usedA.add(c.a);
    const d = detected[c.d]!;
    const a = annotated[c.a]!;
    const m: EventMatch = {
      detected: c.d,
      annotated: c.a,
      startErrFrames: d.startFrame - a.startFrame,
      endErrFrames: d.endFrame - a.endFrame,
    };
    if (d.startMs !== undefined && a.startMs !== undefined) m.startErrMs = d.startMs - a.startMs;
    if (d.endMs !== undefined && a.endMs !== undefined) m.endErrMs = d.endMs - a.endMs;
    matches.push(m);
  }
  matches.sort((x, y) => x.annotated - y.annotated);
  const falsePositives = detected.map((_, i) => i).filter((i) => !usedD.has(i));
  const falseNegatives = annotated.map((_, i) => i).filter((i) => !usedA.has(i));
  const tp = matches.length;
  return {
    matches,
    falsePositives,
    falseNegatives,
    tp,
    fp: falsePositives.length,
    fn: falseNegatives.length,
    ...precisionRecall(tp, falsePositives.length, falseNegatives.length),
    timing: timingError(matches),
  };
}
