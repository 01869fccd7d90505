// Server-side passive anti-spoof score on the client's context crop (strict mode).
import { realScore } from "@/lib/face/core/antispoof";
import type { Box } from "@/lib/face/core/types";
import { antispoofInputs } from "@/lib/face/antispoof-input";
import { MODELS } from "@/lib/face/models";
import { decodeJpegRgba } from "@/lib/face/node/jpeg";
import { runNode } from "@/lib/face/node/ort-runtime";
import type { RgbaImage } from "@/lib/face/preprocess";

export interface AntispoofDetail {
  /** Real-face score in [0, 1] (upstream fusion of both models). */
  score: number;
  v2Logits: Float32Array;
  v1seLogits: Float32Array;
}

/** Both models on an RGBA image with a face box (MediaPipe convention) inside it. */
export async function antispoofImage(img: RgbaImage, faceBox: Box): Promise<AntispoofDetail> {
  if (![faceBox.x, faceBox.y, faceBox.width, faceBox.height].every(Number.isFinite) || faceBox.width <= 0 || faceBox.height <= 0) {
    throw new Error("antispoof: invalid face box");
  }
  const inputs = antispoofInputs(img, faceBox);
  const [v2Logits, v1seLogits] = await Promise.all([
    runNode(MODELS.antispoofV2, inputs.v2),
    runNode(MODELS.antispoofV1se, inputs.v1se),
  ]);
  return { score: realScore(v2Logits, v1seLogits), v2Logits, v1seLogits };
}

/** The context crop JPEG (face box x4, ~224 px) and the face box within it → real-face score in [0, 1]. */
export async function antispoofScoreFromContext(jpeg: Uint8Array, faceBoxInCrop: Box): Promise<number> {
  const img = await decodeJpegRgba(jpeg, 1024 * 1024);
  return (await antispoofImage(img, faceBoxInCrop)).score;
}
