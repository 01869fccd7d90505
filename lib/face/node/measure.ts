// Strict mode's measurements of the two crops a client sends (lib/checkin/server/pipeline.ts checkFace).
import type { Box } from "@/lib/face/core/types";
import { antispoofScoreFromContext } from "@/lib/face/node/antispoof";
import { embedAlignedJpeg } from "@/lib/face/node/embed";
import { loadJpegDecoder } from "@/lib/face/node/jpeg";
import { warmMesh } from "@/lib/face/node/landmarks";
import { createSessions, type NodeOrtBackend } from "@/lib/face/node/ort-runtime";

export interface FaceReadiness {
  backend: NodeOrtBackend;
  /** Time to load the runtime, create every session and the JPEG decoder, ms (≈ 0 once they exist). */
  ms: number;
}

/**
 * Everything strict mode needs, loaded now: the face worker calls it as it starts, so that the first check-in does
 * not pay for it, and /api/health reports its outcome. Throws ServiceUnavailable when any part fails.
 */
export async function warmUp(): Promise<FaceReadiness> {
  const t0 = performance.now();
  const [backend] = await Promise.all([createSessions(), warmMesh(), loadJpegDecoder()]);
  return { backend, ms: Math.round(performance.now() - t0) };
}

export interface CropMeasurements {
  /** MobileFaceNet on the aligned 112x112 JPEG → L2-normalised embedding. */
  embedding: Float32Array;
  /** MiniFASNet V2 + V1SE on the context crop (face box inside it) → real-face score in [0, 1]. */
  antispoof: number;
}

/** Both measurements; rejects with the first crop that cannot be read (the aligned one first). */
export async function measureCrops(alignedJpeg: Uint8Array, contextJpeg: Uint8Array, faceBoxInContext: Box): Promise<CropMeasurements> {
  const embedding = await embedAlignedJpeg(alignedJpeg);
  return { embedding, antispoof: await antispoofScoreFromContext(contextJpeg, faceBoxInContext) };
}
