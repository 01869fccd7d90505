/**
 * Eye aspect ratio (EAR) after Soukupová & Čech, "Real-Time Eye Blink Detection using Facial Landmarks"
 * (CVWW 2016): EAR = (|p2 − p6| + |p3 − p5|) / (2·|p1 − p4|), with p1/p4 the eye corners and p2,p3 / p6,p5
 * the upper / lower lid points. Open eyes ≈ 0.3 (MediaPipe mesh: ≈ 0.32), closed 0.02–0.10.
 */
import { landmarkPx, type Landmark, type Point } from "./types";

/** Subject's right eye (image left in an unmirrored frame): p1..p6 = outer corner, upper ×2, inner corner, lower ×2. */
export const RIGHT_EYE = [33, 160, 158, 133, 153, 144] as const;
/** Subject's left eye (image right in an unmirrored frame): p1..p6 = inner corner, upper ×2, outer corner, lower ×2. */
export const LEFT_EYE = [362, 385, 387, 263, 373, 380] as const;

function dist(p: Point, q: Point): number {
  return Math.hypot(p.x - q.x, p.y - q.y);
}

/**
 * EAR of six points p1..p6. Returns NaN when the eye width |p1 − p4| is zero or a point is missing or
 * non-finite (the blink detector skips non-finite samples rather than reading them as a closed eye).
 */
export function eyeAspectRatio(p: readonly Point[]): number {
  if (p.length !== 6) return Number.NaN;
  const [p1, p2, p3, p4, p5, p6] = p as readonly [Point, Point, Point, Point, Point, Point];
  const w = dist(p1, p4);
  if (!(w > 0)) return Number.NaN;
  const r = (dist(p2, p6) + dist(p3, p5)) / (2 * w);
  return Number.isFinite(r) ? r : Number.NaN;
}

export interface EarResult {
  /** Subject's left eye (LEFT_EYE indices). */
  left: number;
  /** Subject's right eye (RIGHT_EYE indices). */
  right: number;
  /** Mean of both eyes (blinks close both; the mean halves per-eye landmark noise). */
  mean: number;
}

/**
 * EAR of both eyes from a MediaPipe mesh. Landmarks are converted to pixels first: the normalised
 * coordinates have different x and y units whenever the frame is not square, which would distort the ratio.
 */
export function earFromMesh(landmarks: readonly Landmark[], width: number, height: number): EarResult {
  const pts = (idx: readonly number[]) => idx.map((i) => landmarkPx(landmarks, i, width, height));
  const left = eyeAspectRatio(pts(LEFT_EYE));
  const right = eyeAspectRatio(pts(RIGHT_EYE));
  return { left, right, mean: (left + right) / 2 };
}
