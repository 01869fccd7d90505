// The anti-spoof models in the browser (MiniFASNet V2 and V1SE) on one face, combined by lib/face/core/antispoof.

import { realScore } from "@/lib/face/core/antispoof";
import type { Box } from "@/lib/face/core/types";
import { antispoofInputs } from "@/lib/face/antispoof-input";
import { MODELS } from "@/lib/face/models";
import type { RgbaImage } from "@/lib/face/preprocess";
import { runSession } from "@/lib/face/worker/ort-web";
import type { AntispoofResult } from "@/lib/face/worker/protocol";
import type { InferenceSession } from "onnxruntime-web";

/** Both anti-spoof models on an RGBA image with a face box (MediaPipe convention). */
export async function antispoof(sessions: { antispoofV2: InferenceSession; antispoofV1se: InferenceSession }, img: RgbaImage, faceBox: Box): Promise<AntispoofResult> {
  const inputs = antispoofInputs(img, faceBox);
  const spec = MODELS.antispoofV2.input;
  // Sequential: one WASM instance runs one session at a time anyway.
  const v2 = await runSession(sessions.antispoofV2, spec.name, inputs.v2, spec.shape);
  const v1se = await runSession(sessions.antispoofV1se, spec.name, inputs.v1se, spec.shape);
  return { score: realScore(v2, v1se), v2Logits: Array.from(v2), v1seLogits: Array.from(v1se) };
}
