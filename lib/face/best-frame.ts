// Which frame becomes the enrolment/check-in photo: at the wanted yaw (frontal, or slightly turned for
// enrolment's side captures), sharp, eyes open. Pure.

import type { HeadPose } from "@/lib/face/core/pose";
import type { Pose } from "@/lib/face/core/types";

export interface BestFrameOptions {
  /** The yaw wanted (degrees; 0 = frontal, + = the subject's own left, see core/pose.ts). */
  targetYawDeg: number;
  /** Largest |yaw − targetYawDeg| accepted (degrees). */
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
  targetYawDeg: 0,
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
  const yawOff = Math.abs(yaw - opts.targetYawDeg);
  if (yawOff > opts.maxYawDeg || Math.abs(pitch) > opts.maxPitchDeg || Math.abs(roll) > opts.maxRollDeg) return null;
  if (m.earMean < opts.minEar) return null;
  if (Number.isFinite(m.blinkBlendshape) && m.blinkBlendshape > opts.maxBlinkBlendshape) return null;
  if (m.sharpness <= 0) return null;
  return Math.log2(m.sharpness) - (yawOff + Math.abs(pitch)) / opts.poseDegPerHalving;
}

/**
 * Yaw of the side captures (degrees): a slight turn that still aligns well (the 5-point alignment and
 * MobileFaceNet are trained on faces within ~±30°) and adds the pose variety a frontal-only gallery lacks.
 */
export const SIDE_CAPTURE_YAW_DEG = 12;

/** Largest |yaw − target| of a side capture's photo (degrees): 4°–20° for a ±12° target. */
export const SIDE_CAPTURE_TOLERANCE_DEG = 8;

/** The yaw each of enrolment's captures is taken at (degrees). */
export function captureYawDeg(pose: Pose | undefined): number {
  return pose === "left" ? SIDE_CAPTURE_YAW_DEG : pose === "right" ? -SIDE_CAPTURE_YAW_DEG : 0;
}

/** Best-frame options for a capture at `targetYawDeg` (frontal keeps the defaults). */
export function bestFrameOptionsFor(targetYawDeg: number): BestFrameOptions {
  return targetYawDeg === 0 ? DEFAULT_BEST_FRAME_OPTIONS : { ...DEFAULT_BEST_FRAME_OPTIONS, targetYawDeg, maxYawDeg: SIDE_CAPTURE_TOLERANCE_DEG };
}
