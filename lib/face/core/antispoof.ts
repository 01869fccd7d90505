/**
 * Passive anti-spoofing math for MiniFASNet V2 (crop scale 2.7) + V1SE (crop scale 4.0), as in
 * minivision-ai/Silent-Face-Anti-Spoofing (Apache-2.0): crop box, score fusion, and the aggregation of
 * per-frame scores into the one number the product gates on. No tensors here: the browser and the server
 * run the models and hand the logits to these functions.
 */
import type { Box } from "./types";

/** Crop scales of the two shipped models (the number in their file names). */
export const SPOOF_SCALE_V2 = 2.7;
export const SPOOF_SCALE_V1SE = 4.0;
/** Index of the "real face" class in the models' 3-class output. */
export const REAL_CLASS = 1;

/** Numerically stable softmax (max subtracted). Throws on an empty or non-finite input. */
export function softmax(logits: ArrayLike<number>): Float64Array {
  const n = logits.length;
  if (n === 0) throw new RangeError("softmax of an empty vector");
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = logits[i]!;
    if (!Number.isFinite(v)) throw new RangeError(`non-finite logit at ${i}`);
    if (v > max) max = v;
  }
  const out = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp(logits[i]! - max);
    out[i] = e;
    sum += e;
  }
  for (let i = 0; i < n; i++) out[i] = out[i]! / sum;
  return out;
}

/**
 * Real-face score in [0, 1] of one frame: upstream sums the two models' softmax outputs and takes the
 * argmax; the real score is that sum's class-1 value divided by 2 (upstream `test.py`: `value =
 * prediction[0][label]/2`). Each model's logits must have 3 classes.
 */
export function realScore(v2Logits: ArrayLike<number>, v1seLogits: ArrayLike<number>): number {
  if (v2Logits.length !== 3 || v1seLogits.length !== 3) {
    throw new RangeError(`expected 3 logits per model, got ${v2Logits.length} and ${v1seLogits.length}`);
  }
  return (softmax(v2Logits)[REAL_CLASS]! + softmax(v1seLogits)[REAL_CLASS]!) / 2;
}

/**
 * The crop box fed to a MiniFASNet model, exactly as upstream `CropImage._get_new_box` in
 * minivision-ai/Silent-Face-Anti-Spoofing `src/generate_patches.py` (commit c3e2048f):
 *
 *   scale = min((src_h-1)/box_h, min((src_w-1)/box_w, scale))
 *   new box = the box scaled by `scale` about its centre
 *   if left < 0: shift right so left = 0;   if top < 0: shift down so top = 0
 *   if right > src_w-1: shift left so right = src_w-1;   same for bottom with src_h-1
 *   return int(left), int(top), int(right), int(bottom)       (Python int(): truncation)
 *
 * and upstream crops `img[top : bottom+1, left : right+1]` (inclusive corners). This function returns
 * that crop as a Box: x = left, y = top, width = right − left + 1, height = bottom − top + 1 (integers),
 * so `ctx.drawImage(frame, x, y, width, height, 0, 0, 80, 80)` reproduces upstream's crop. The box is
 * never padded: it is shrunk (scale limited) and shifted until it lies inside the frame.
 */
export function spoofCropBox(box: Box, scale: number, frameW: number, frameH: number): Box {
  if (![box.x, box.y, box.width, box.height, scale, frameW, frameH].every(Number.isFinite)) {
    throw new RangeError("spoofCropBox: non-finite input");
  }
  if (box.width <= 0 || box.height <= 0 || frameW < 2 || frameH < 2 || scale <= 0) {
    throw new RangeError("spoofCropBox: empty box, frame or scale");
  }
  const s = Math.min((frameH - 1) / box.height, Math.min((frameW - 1) / box.width, scale));
  const newW = box.width * s;
  const newH = box.height * s;
  const cx = box.width / 2 + box.x;
  const cy = box.height / 2 + box.y;
  let left = cx - newW / 2;
  let top = cy - newH / 2;
  let right = cx + newW / 2;
  let bottom = cy + newH / 2;
  if (left < 0) {
    right -= left;
    left = 0;
  }
  if (top < 0) {
    bottom -= top;
    top = 0;
  }
  if (right > frameW - 1) {
    left -= right - frameW + 1;
    right = frameW - 1;
  }
  if (bottom > frameH - 1) {
    top -= bottom - frameH + 1;
    bottom = frameH - 1;
  }
  const l = Math.trunc(left);
  const t = Math.trunc(top);
  const r = Math.trunc(right);
  const b = Math.trunc(bottom);
  return { x: l, y: t, width: r - l + 1, height: b - t + 1 };
}

/**
 * Mapping from our face box (derived from MediaPipe landmarks) to the box convention of upstream's own
 * detector, which the models were trained on: the centre moves down by dyFrac·height, then width and
 * height are scaled about the (moved) centre. For SCRFD boxes the measured mapping was
 * {dyFrac: 0.063, wScale: 1.139, hScale: 0.890} (see shared/models/README.md); the MediaPipe mapping is
 * fitted by the browser pipeline on real data, so the default here is the identity.
 */
export interface BoxMapParams {
  /** Centre shift downwards as a fraction of the box height (negative = up). */
  dyFrac: number;
  /** Width multiplier about the centre. */
  wScale: number;
  /** Height multiplier about the centre. */
  hScale: number;
}

export const DEFAULT_BOX_MAP: Readonly<BoxMapParams> = Object.freeze({ dyFrac: 0, wScale: 1, hScale: 1 });

/** Map a box to upstream's detector convention (see BoxMapParams). Pure geometry, no clamping. */
export function mapBoxToUpstream(box: Box, params: BoxMapParams = DEFAULT_BOX_MAP): Box {
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2 + params.dyFrac * box.height;
  const w = box.width * params.wScale;
  const h = box.height * params.hScale;
  return { x: cx - w / 2, y: cy - h / 2, width: w, height: h };
}

export type AggregateMethod = "trimmedMean" | "median" | "mean" | "min";

export interface AggregateOptions {
  /** Fraction (0 ≤ trim < 0.5) of frames dropped at EACH end before averaging, for trimmedMean. */
  trim: number;
  /** Which statistic becomes `score` (the number the product gates on). */
  method: AggregateMethod;
}

/**
 * Defaults: `score` = the 20 %-trimmed mean. Why: a live person produces a few low frames (motion blur,
 * a blink, a half-turned head) and a replay produces a few lucky high frames. The plain mean lets either
 * tail move the score; the min makes one blurry frame fail a live person (BPCER up); the max lets one
 * lucky frame pass an attack (APCER up). Trimming both tails symmetrically ignores those few frames
 * while keeping the variance reduction of averaging the rest (the median is the 50 % limit of it and
 * throws away more information). With fewer than 5 frames nothing is trimmed (floor(0.2·n) = 0).
 */
export const DEFAULT_AGGREGATE_OPTIONS: Readonly<AggregateOptions> = Object.freeze({
  trim: 0.2,
  method: "trimmedMean",
});

export interface AggregateResult {
  frames: number;
  mean: number;
  median: number;
  min: number;
  trimmedMean: number;
  /** The statistic chosen by `method`; NaN when there are no frames (every `>=` comparison then fails). */
  score: number;
}

/**
 * Aggregate per-frame real scores (each in [0, 1]; throws RangeError otherwise). Deterministic: the
 * order of the input does not matter.
 */
export function aggregateScores(scores: readonly number[], opts?: Partial<AggregateOptions>): AggregateResult {
  const o = { ...DEFAULT_AGGREGATE_OPTIONS, ...opts };
  if (!(o.trim >= 0 && o.trim < 0.5)) throw new RangeError(`trim must be in [0, 0.5), got ${o.trim}`);
  for (const [i, s] of scores.entries()) {
    if (!Number.isFinite(s) || s < 0 || s > 1) throw new RangeError(`score ${i} is not in [0, 1]: ${s}`);
  }
  const n = scores.length;
  if (n === 0) {
    return { frames: 0, mean: Number.NaN, median: Number.NaN, min: Number.NaN, trimmedMean: Number.NaN, score: Number.NaN };
  }
  const sorted = [...scores].sort((a, b) => a - b);
  const sum = (xs: readonly number[]) => xs.reduce((acc, x) => acc + x, 0);
  const mean = sum(sorted) / n;
  const median = n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  const min = sorted[0]!;
  const k = Math.floor(o.trim * n);
  const kept = sorted.slice(k, n - k);
  const trimmedMean = sum(kept) / kept.length;
  const byMethod: Record<AggregateMethod, number> = { trimmedMean, median, mean, min };
  return { frames: n, mean, median, min, trimmedMean, score: byMethod[o.method] };
}
