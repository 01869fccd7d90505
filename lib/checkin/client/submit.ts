// Browser side of the protocol: the capture result + the challenge → canonical payload → device signature.
import { canonicalJson } from "../canonical";
import type { IssuedChallenge } from "../challenge";
import { buildPayload, type FaceBox, type Pose } from "../payload";
import { signBytes } from "../signature";
import type { LivenessTranscript } from "@/lib/face/core/liveness-rules";
import { EMBEDDING_MODEL_ID } from "@/lib/face/models";
import type { PunchKind } from "@/lib/attendance/punches";

/** What the face capture hands over (FaceCapture's result). */
export interface CaptureOutput {
  embedding: Float32Array;
  transcript: LivenessTranscript;
  alignedJpeg: Uint8Array;
  contextJpeg: Uint8Array;
  /** The face box inside the context crop (pixels). */
  faceBox: FaceBox;
  /** Aggregated anti-spoof real score over the session (0..1). */
  antispoofScore: number;
  /** Execution provider that ran the embedding (webgpu | wasm). */
  provider: string;
  timings: Record<string, number>;
  /** Capture quality 0..1 (enrolment). */
  quality?: number;
  /** The evidence burst: face crops (JPEG) with their capture times (ms since the session started). */
  frames?: { jpeg: Uint8Array; tMs: number }[];
}

export async function signedSubmission(
  keys: CryptoKeyPair,
  challenge: IssuedChallenge,
  capture: CaptureOutput,
  extra: { purpose?: "check-in" | "enrol"; pose?: Pose; punch?: PunchKind } = {},
): Promise<{ payload: string; signature: string }> {
  const payload = buildPayload({
    purpose: extra.purpose ?? "check-in",
    challengeId: challenge.challengeId,
    nonce: challenge.nonce,
    deviceId: challenge.deviceId,
    modelId: EMBEDDING_MODEL_ID,
    embedding: capture.embedding,
    alignedJpeg: capture.alignedJpeg,
    contextJpeg: capture.contextJpeg,
    faceBox: capture.faceBox,
    antispoofScore: capture.antispoofScore,
    transcript: capture.transcript,
    pose: extra.pose,
    punch: extra.punch,
    quality: extra.pose ? (capture.quality ?? 0) : undefined,
    provider: capture.provider,
    timings: capture.timings,
    ...(capture.frames?.length ? { frames: capture.frames } : {}),
  });
  const text = canonicalJson(payload);
  return { payload: text, signature: await signBytes(keys.privateKey, new TextEncoder().encode(text)) };
}
