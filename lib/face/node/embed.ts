// Server-side face embedding (strict mode re-embeds the client's aligned crop with the same model).
import jpeg from "jpeg-js";
import { l2normalize } from "@/lib/face/core/similarity";
import { ALIGNED_SIZE, EMBEDDING_DIM, MODELS } from "@/lib/face/models";
import { embeddingInput } from "@/lib/face/preprocess";
import { runNode, type BackendRequest } from "@/lib/face/node/ort-runtime";

/** Largest JPEG we decode (bytes); the client sends ≤ 50 kB. */
const MAX_JPEG_BYTES = 512 * 1024;

/** MobileFaceNet on an aligned 112x112 RGBA crop → L2-normalised Float32Array(128). */
export async function embedAlignedCrop(
  rgba112: Uint8ClampedArray | Uint8Array,
  backend?: BackendRequest,
): Promise<Float32Array> {
  const raw = await runNode(MODELS.embedding, embeddingInput(rgba112), backend);
  if (raw.length !== EMBEDDING_DIM) throw new Error(`embedding has ${raw.length} values, expected ${EMBEDDING_DIM}`);
  return Float32Array.from(l2normalize(raw));
}

/** Decodes a baseline JPEG into RGBA (throws on anything that is not a sane JPEG). */
export function decodeJpegRgba(bytes: Uint8Array, maxPixels = 4096 * 4096): { data: Uint8Array; width: number; height: number } {
  if (bytes.length > MAX_JPEG_BYTES) throw new Error(`JPEG too large: ${bytes.length} bytes`);
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: maxPixels / 1e6, maxMemoryUsageInMB: 64 });
  return { data: img.data, width: img.width, height: img.height };
}

/** The aligned crop sent as JPEG by the client → embedding. The JPEG must be 112x112. */
export async function embedAlignedJpeg(bytes: Uint8Array): Promise<Float32Array> {
  const img = decodeJpegRgba(bytes, ALIGNED_SIZE * ALIGNED_SIZE);
  if (img.width !== ALIGNED_SIZE || img.height !== ALIGNED_SIZE) {
    throw new Error(`aligned crop must be ${ALIGNED_SIZE}x${ALIGNED_SIZE}, got ${img.width}x${img.height}`);
  }
  return embedAlignedCrop(img.data);
}
