// Strict mode's measurements of the two crops a client sends (lib/checkin/server/pipeline.ts checkFace).
import type { Box } from "@/lib/face/core/types";
import { antispoofScoreFromContext } from "@/lib/face/node/antispoof";
import { embedAlignedJpeg } from "@/lib/face/node/embed";

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
