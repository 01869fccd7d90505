// Server-side passive anti-spoof score on the client's context crop (strict mode).
import { REAL_CLASS, realScore, softmax } from "@/lib/face/core/antispoof";
import type { Box } from "@/lib/face/core/types";
import { antispoofCrops, antispoofInputs } from "@/lib/face/antispoof-input";
import { MODELS } from "@/lib/face/models";
import { decodeJpegRgba } from "@/lib/face/node/jpeg";
import { runNode } from "@/lib/face/node/ort-runtime";
import { antispoofInput, type RgbaImage } from "@/lib/face/preprocess";

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

/**
 * MiniFASNet V2 alone (its 2.7x crop about the face box, shrunk to what the image holds) → its real-class probability.
 * For an evidence frame, which holds 1.5x the face: V1SE's 4x context is not in it (its crop would be the same pixels
 * as V2's, far from the scale it was trained on), so V1SE sees only the context crop (antispoofImage).
 */
export async function antispoofV2Score(img: RgbaImage, faceBox: Box): Promise<number> {
  if (![faceBox.x, faceBox.y, faceBox.width, faceBox.height].every(Number.isFinite) || faceBox.width <= 0 || faceBox.height <= 0) {
    throw new Error("antispoof: invalid face box");
  }
  const logits = await runNode(MODELS.antispoofV2, antispoofInput(img, antispoofCrops(faceBox, img.width, img.height).v2));
  return softmax(logits)[REAL_CLASS]!;
}

/** The context crop JPEG (face box x4, ~224 px) and the face box within it → real-face score in [0, 1]. */
export async function antispoofScoreFromContext(jpeg: Uint8Array, faceBoxInCrop: Box): Promise<number> {
  const img = await decodeJpegRgba(jpeg, 1024 * 1024);
  return (await antispoofImage(img, faceBoxInCrop)).score;
}
