/**
 * Enrolment's captures must be distinct frames of one live person (issue 14): a capture whose photographed face is
 * the same image as an earlier capture of the enrolment — identical, or shifted, scaled or re-encoded — is refused.
 * The comparison is of face-aligned appearance: the server aligns the capture's face from its own mesh (so a shift
 * or a scale of the image aligns back to the same face), shrinks it to a CAPTURE_THUMB_SIZE² grey thumbnail and
 * normalises it to mean 0, variance 1 (so a brightness or contrast change does not make it new). Two captures
 * differ by the mean absolute difference of their thumbnails. Pure: pixels in, numbers out.
 * Threshold: `npm run eval:capture-distinct -- --data <dev>` (MIN_CAPTURE_DIFFERENCE says what it measured).
 */

/** Side of a capture's thumbnail (pixels). */
export const CAPTURE_THUMB_SIZE = 32;

/**
 * Captures closer than this are one image. Measured (npm run eval:capture-distinct, dev clips and LFW): one capture
 * re-sent shifted ≤ 6 px, scaled ±5 % and re-encoded at JPEG quality 60–95 differs from itself by 0.001–0.132
 * (n 1248, median 0.030: the server's mesh, and so its alignment, moves a little with the pixels); two genuine
 * captures of one person whose server yaw differs by ≥ 2° — as an enrolment's frontal, left and right captures do —
 * by 0.155–1.49 (n 203, p01 0.229); different photos of one LFW person 0.368–1.25. Frames of a person holding still
 * in one pose are as close as a re-sent image (0.016–0.32 at ≥ 0.5 s apart): appearance cannot tell them apart, so
 * only captures of different poses are compared (a retake of a pose replaces it). The threshold sits between the two
 * measured ranges, whose gap is narrow (0.132 to 0.155).
 */
export const MIN_CAPTURE_DIFFERENCE = 0.145;

/** Mean-0, variance-1 grey thumbnail (CAPTURE_THUMB_SIZE²) of an n x n RGBA aligned face, each pixel a block mean. */
export function captureThumbnail(rgba: ArrayLike<number>, n: number): Float32Array {
  const k = CAPTURE_THUMB_SIZE;
  if (rgba.length !== n * n * 4 || n < k) throw new RangeError(`captureThumbnail: want ${n}x${n} RGBA, at least ${k} a side`);
  const sum = new Float64Array(k * k);
  const count = new Float64Array(k * k);
  for (let y = 0; y < n; y++) {
    const ty = Math.floor((y * k) / n);
    for (let x = 0; x < n; x++) {
      const o = (y * n + x) * 4;
      const t = ty * k + Math.floor((x * k) / n);
      sum[t]! += 0.299 * rgba[o]! + 0.587 * rgba[o + 1]! + 0.114 * rgba[o + 2]!;
      count[t]! += 1;
    }
  }
  const block = sum.map((s, i) => s / count[i]!);
  const mean = block.reduce((a, b) => a + b, 0) / block.length;
  const sd = Math.sqrt(block.reduce((a, b) => a + (b - mean) ** 2, 0) / block.length);
  // A flat image (sd within rounding of 0) has no appearance to compare: all zeros.
  return Float32Array.from(block, (b) => (sd > 1e-6 ? (b - mean) / sd : 0));
}

/** Mean absolute difference of two capture thumbnails (in standard deviations; NaN when they cannot be compared). */
export function captureDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return s / a.length;
}

/** The earlier capture the new one repeats (difference below the threshold), closest first; null when none does. */
export function repeatedCapture<T extends { thumbnail: ArrayLike<number> }>(
  thumbnail: ArrayLike<number>,
  earlier: readonly T[],
  minDifference = MIN_CAPTURE_DIFFERENCE,
): { capture: T; difference: number } | null {
  let best: { capture: T; difference: number } | null = null;
  for (const capture of earlier) {
    const difference = captureDifference(thumbnail, capture.thumbnail);
    if (!Number.isFinite(difference)) continue;
    if (difference < minDifference && (!best || difference < best.difference)) best = { capture, difference };
  }
  return best;
}
