// Server-side face embedding (strict mode re-embeds the client's aligned crop with the same model).
import { l2normalize } from "@/lib/face/core/similarity";
import { ALIGNED_SIZE, EMBEDDING_DIM, MODELS } from "@/lib/face/models";
import { embeddingInput } from "@/lib/face/preprocess";
import { decodeJpegRgba } from "@/lib/face/node/jpeg";
import { runNode, type BackendRequest } from "@/lib/face/node/ort-runtime";

/** MobileFaceNet on an aligned 112x112 RGBA crop → L2-normalised Float32Array(128). */
export async function embedAlignedCrop(
  rgba112: Uint8ClampedArray | Uint8Array,
  backend?: BackendRequest,
): Promise<Float32Array> {
  const raw = await runNode(MODELS.embedding, embeddingInput(rgba112), backend);
  if (raw.length !== EMBEDDING_DIM) throw new Error(`embedding has ${raw.length} values, expected ${EMBEDDING_DIM}`);
  return Float32Array.from(l2normalize(raw));
}

/** The aligned crop sent as JPEG by the client → embedding. The JPEG must be 112x112. */
export async function embedAlignedJpeg(bytes: Uint8Array): Promise<Float32Array> {
  const img = await decodeJpegRgba(bytes, ALIGNED_SIZE * ALIGNED_SIZE);
  if (img.width !== ALIGNED_SIZE || img.height !== ALIGNED_SIZE) {
    throw new Error(`aligned crop must be ${ALIGNED_SIZE}x${ALIGNED_SIZE}, got ${img.width}x${img.height}`);
  }
  return embedAlignedCrop(img.data);
}
