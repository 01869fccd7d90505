// Quality of an enrolment capture, measured on the aligned 112x112 face crop (the pixels the template comes
// from): sharpness and exposure. Pure; the server computes it from the JPEG it receives, so the browser's own
// figure is informational only.
import { laplacianVariance, toGray } from "@/lib/face/core/quality";

export interface CropQualityOptions {
  /** Laplacian variance (grey levels²) of the 112x112 crop at and above which sharpness scores 1. */
  crispSharpness: number;
  /** Laplacian variance at and below which sharpness scores 0. */
  blurSharpness: number;
  /** Mean luma range (0..255) that scores 1. */
  goodLuma: readonly [number, number];
  /** Mean luma outside which exposure scores 0. */
  usableLuma: readonly [number, number];
}

/**
 * Measured on the 112x112 crops of 60 LFW people (tools/faces.ts crop): sharpness min 50, p10 83,
 * p50 128, max 398 → scores min 0.60, p50 0.97 with these values; the same crops after a 5x5 box blur measure
 * 5–28 → scores ≤ 0.08. Re-check on webcam captures (the /lab page shows the numbers).
 */
export const defaultCropQuality: Readonly<CropQualityOptions> = Object.freeze({
  crispSharpness: 80,
  blurSharpness: 25,
  goodLuma: [70, 190] as const,
  usableLuma: [25, 235] as const,
});

const ramp = (x: number, lo: number, hi: number) => Math.min(1, Math.max(0, (x - lo) / (hi - lo)));

export interface CropQuality {
  /** 0..1: the product of the sharpness and exposure scores. */
  score: number;
  sharpness: number;
  luma: number;
}

/** Quality of an RGBA crop (any size; calibrated at 112x112). */
export function cropQuality(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, o: CropQualityOptions = defaultCropQuality): CropQuality {
  const gray = toGray(rgba);
  const sharpness = laplacianVariance(gray, width, height);
  let sum = 0;
  for (const g of gray) sum += g;
  const luma = gray.length ? sum / gray.length : 0;
  const s = Math.log(1 + sharpness) <= Math.log(1 + o.blurSharpness) ? 0 : ramp(Math.log(1 + sharpness), Math.log(1 + o.blurSharpness), Math.log(1 + o.crispSharpness));
  const e = luma < o.goodLuma[0] ? ramp(luma, o.usableLuma[0], o.goodLuma[0]) : luma > o.goodLuma[1] ? 1 - ramp(luma, o.goodLuma[1], o.usableLuma[1]) : 1;
  return { score: s * e, sharpness, luma };
}

/** Whether the best frame's yaw fits the enrolment pose (+ = the subject's own left, lib/face/core/pose.ts). */
export function poseMatches(pose: "frontal" | "left" | "right", yaw: number | undefined, minSideYawDeg: number): boolean {
  if (yaw === undefined || !Number.isFinite(yaw)) return false;
  if (pose === "left") return yaw >= minSideYawDeg;
  if (pose === "right") return yaw <= -minSideYawDeg;
  return true; // frontal: the liveness rule table already bounds |yaw| and |pitch|
}
