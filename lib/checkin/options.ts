// Every number the check-in protocol depends on, in one typed object (units in the comments).
// Organisation-tunable values (match threshold, margin, anti-spoof threshold, strict mode, dedupe window)
// live in the organisation's settings (lib/validations/settings.ts), not here.
import { SIDE_CAPTURE_TOLERANCE_DEG, SIDE_CAPTURE_YAW_DEG } from "@/lib/face/best-frame";
import { poses, type Pose } from "@/lib/face/core/types";

export interface CheckinOptions {
  /** How long a challenge stays valid after it is issued (ms). */
  challengeTtlMs: number;
  /** Liveness steps per challenge (count, distinct, drawn from blink / turn-left / turn-right). */
  stepsPerChallenge: number;
  /** Random bytes in a challenge nonce (bytes; 32 → 43 base64url characters). */
  nonceBytes: number;
  /** Largest canonical payload accepted, checked before parsing (UTF-16 characters ≈ bytes: it is ASCII). */
  maxPayloadChars: number;
  /** Largest aligned 112x112 crop (JPEG bytes). */
  maxAlignedJpegBytes: number;
  /** Largest context crop, ~224 px (JPEG bytes). */
  maxContextJpegBytes: number;
  /** Embedding length (floats). */
  embeddingDim: number;
  /** Allowed |‖embedding‖₂ − 1| (unitless). */
  normTolerance: number;
  /** Strict mode: least cosine between the claimed embedding and the server's re-embedding of the crop. */
  strictMinCosine: number;
  /** Most entries in the client's `timings` map (count). */
  maxTimings: number;
  /** Templates an enrolment must have, one per pose (count). */
  enrolPoses: readonly Pose[];
  /** Least quality of an enrolment capture, measured by the server on the aligned crop (0..1, see quality.ts). */
  minEnrolQuality: number;
  /**
   * Require the left / right captures' best frame to be turned that way by at least minSideYawDeg. The browser
   * takes those photos at ±12° (lib/face/best-frame.ts, SIDE_CAPTURE_YAW_DEG ± 8°) and the liveness rule table
   * bounds the other side (|yaw − target| ≤ maxFrontalYawDeg).
   */
  enforceSidePose: boolean;
  /** Least |yaw| of the best frame for the slight left / right enrolment poses when enforced (degrees). */
  minSideYawDeg: number;
  /** Least cosine between an enrolment's own captures: they must all be the same person (unitless). */
  minSelfConsistency: number;
}

export const checkinOptions: Readonly<CheckinOptions> = Object.freeze({
  challengeTtlMs: 60_000,
  stepsPerChallenge: 2,
  nonceBytes: 32,
  maxPayloadChars: 512 * 1024, // the evidence burst (≤ 160 KiB of JPEG, base64) plus the two crops (≤ 130 KiB)
  maxAlignedJpegBytes: 50 * 1024,
  maxContextJpegBytes: 80 * 1024,
  embeddingDim: 128,
  normTolerance: 1e-3,
  strictMinCosine: 0.98,
  maxTimings: 16,
  enrolPoses: poses,
  minEnrolQuality: 0.5,
  enforceSidePose: true,
  minSideYawDeg: SIDE_CAPTURE_YAW_DEG - SIDE_CAPTURE_TOLERANCE_DEG, // the browser's side-capture band, 4°–20°
  minSelfConsistency: 0.4,
});

/** Base64 characters needed for n bytes (with padding). */
export const base64Chars = (bytes: number) => Math.ceil(bytes / 3) * 4;
