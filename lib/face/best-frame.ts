// Which frame becomes the enrolment/check-in photo: frontal, sharp, eyes open. Pure.

import type { HeadPose } from "@/lib/face/core/pose";

export interface BestFrameOptions {
  /** Largest |yaw| accepted (degrees). */
  maxYawDeg: number;
  /** Largest |pitch| accepted (degrees). */
  maxPitchDeg: number;
  /** Largest |roll| accepted (degrees); alignment removes roll, but large roll hurts the landmarks. */
  maxRollDeg: number;
  /** Smallest mean EAR counted as eyes open (EAR units; open ≈ 0.32, closed 0.02–0.10). */
  minEar: number;
  /** Largest mean eyeBlink blendshape counted as eyes open (0..1; open ≈ 0.08, closed 0.56–0.80). */
  maxBlinkBlendshape: number;
  /** Degrees of |yaw| + |pitch| that cost as much as halving the sharpness (score trade-off). */
  poseDegPerHalving: number;
}

export const DEFAULT_BEST_FRAME_OPTIONS: Readonly<BestFrameOptions> = Object.freeze({
  maxYawDeg: 15,
  maxPitchDeg: 15,
  maxRollDeg: 20,
  minEar: 0.2,
  maxBlinkBlendshape: 0.35,
  poseDegPerHalving: 10,
});

export interface CandidateMeasures {
  pose: HeadPose;
  earMean: number;
  /** NaN when blendshapes are absent. */
  blinkBlendshape: number;
  /** Laplacian variance of the face (see FaceMeasurements.sharpness). */
  sharpness: number;
}

/**
 * Score of a frame as the capture photo; null when it is not eligible (turned, eyes closed, no detail).
 * Higher is better: log2(sharpness) minus a pose penalty.
 */
export function bestFrameScore(m: CandidateMeasures, opts: BestFrameOptions = DEFAULT_BEST_FRAME_OPTIONS): number | null {
  const { yaw, pitch, roll } = m.pose;
  if (![yaw, pitch, roll, m.earMean, m.sharpness].every(Number.isFinite)) return null;
  if (Math.abs(yaw) > opts.maxYawDeg || Math.abs(pitch) > opts.maxPitchDeg || Math.abs(roll) > opts.maxRollDeg) return null;
  if (m.earMean < opts.minEar) return null;
  if (Number.isFinite(m.blinkBlendshape) && m.blinkBlendshape > opts.maxBlinkBlendshape) return null;
  if (m.sharpness <= 0) return null;
  return Math.log2(m.sharpness) - (Math.abs(yaw) + Math.abs(pitch)) / opts.poseDegPerHalving;
}
