// The server's own face models, used by strict mode. Loaded lazily (onnxruntime-node, WASM fallback) so that
// importing the check-in code does not load any model until a strict check actually runs.
import "server-only";
import type { ServerFace } from "./types";

export type { BurstMeasurements, CropMeasurements, ServerFace } from "./types";

// One intra-op thread per inference: a server runs several check-ins at once, and ORT's spinning thread pool
// on a small, busy machine costs far more than it gains (measured: MobileFaceNet p50 25 ms with 1 thread vs
// 49 ms with 2 on a loaded 2-core box). Operators can still set CLOCKFACE_ORT_THREADS.
process.env.CLOCKFACE_ORT_THREADS ??= "1";

export const nodeFace: ServerFace = {
  async measureCrops(aligned, context, box) {
    const m = await import("@/lib/face/node");
    return m.measureCrops(aligned, context, box);
  },
  async measureBurst(frames, context, box) {
    const m = await import("@/lib/face/node/evidence");
    return m.measureBurst(frames, context, box);
  },
};

let chosen: ServerFace | undefined;

/**
 * The face models the server uses: on a worker thread by default (measured through `next start` with
 * `npm run bench:server`: lower latency and a higher rate than in-process, since onnxruntime-node blocks the thread
 * it runs on), in-process when CLOCKFACE_FACE_WORKER=0. The pool itself falls back to in-process if the worker
 * cannot start.
 */
export async function serverFace(): Promise<ServerFace> {
  if (!chosen) {
    if (process.env.CLOCKFACE_FACE_WORKER !== "0") {
      const { pooledFace } = await import("./face-pool");
      chosen = pooledFace(nodeFace);
    } else chosen = nodeFace;
  }
  return chosen;
}
