// The server's own face models, used by strict mode. Loaded lazily (onnxruntime-node, WASM fallback) so that
// importing the check-in code does not load any model until a strict check actually runs.
import "server-only";
import type { FaceBox } from "../payload";

export interface ServerFace {
  /** MobileFaceNet on the aligned 112x112 JPEG → L2-normalised embedding. */
  embedAlignedJpeg(jpeg: Uint8Array): Promise<Float32Array>;
  /** MiniFASNet V2 + V1SE on the context crop → real-face score 0..1. */
  antispoofScore(contextJpeg: Uint8Array, faceBox: FaceBox): Promise<number>;
}

export const nodeFace: ServerFace = {
  async embedAlignedJpeg(jpeg) {
    const m = await import("@/lib/face/node");
    return m.embedAlignedJpeg(jpeg);
  },
  async antispoofScore(jpeg, box) {
    const m = await import("@/lib/face/node");
    return m.antispoofScoreFromContext(jpeg, box);
  },
};
