// The embedding model in the browser (MobileFaceNet): an aligned 112x112 RGBA crop → 128-d embedding.

import { l2normalize } from "@/lib/face/core/similarity";
import { MODELS } from "@/lib/face/models";
import { embeddingInput } from "@/lib/face/preprocess";
import { runSession } from "@/lib/face/worker/ort-web";
import type { InferenceSession } from "onnxruntime-web";

/** MobileFaceNet's output before L2 normalisation (evaluation: Euclidean distance on raw embeddings). */
export async function embedRaw(session: InferenceSession, rgba: Uint8ClampedArray): Promise<Float32Array> {
  const spec = MODELS.embedding.input;
  return runSession(session, spec.name, embeddingInput(rgba), spec.shape);
}

/** The L2-normalised embedding of a raw output. */
export function normalised(raw: Float32Array): Float32Array {
  return Float32Array.from(l2normalize(raw));
}

/** MobileFaceNet on an aligned 112x112 RGBA crop → L2-normalised embedding. */
export async function embed(session: InferenceSession, rgba: Uint8ClampedArray): Promise<Float32Array> {
  return normalised(await embedRaw(session, rgba));
}
