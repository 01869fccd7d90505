// The server's own face models, used by strict mode. Loaded lazily (onnxruntime-node, WASM fallback) so that
// importing the check-in code does not load any model until a strict check actually runs.
import "server-only";
import type { ServerFace } from "./types";
import { env } from "@/lib/env";

export type { BurstMeasurements, CropMeasurements, ServerFace } from "./types";


export const nodeFace: ServerFace = {
  async measureCrops(aligned, context, box) {
    const m = await import("@/lib/face/node");
    return m.measureCrops(aligned, context, box);
  },
  async ready() {
    const m = await import("@/lib/face/node");
    return { ...(await m.warmUp()), where: "in-process" };
  },
  async measureBurst(frames, context, box) {
    const m = await import("@/lib/face/node/evidence");
    return m.measureBurst(frames, context, box);
  },
};

// On globalThis, not in the module: Next bundles instrumentation and the routes separately, each with its own copy
// of this module, and one process must start one face worker.
const g = globalThis as unknown as { __clockfaceFace?: { worker: boolean; face: ServerFace } };

/**
 * The face models the server uses: on a worker thread by default (measured through `next start` with
 * `npm run bench:server`: lower latency and a higher rate than in-process, since onnxruntime-node blocks the thread
 * it runs on), in-process when CLOCKFACE_FACE_WORKER=0. The pool itself falls back to in-process if the worker
 * cannot start.
 */
export async function serverFace(): Promise<ServerFace> {
  const worker = env().CLOCKFACE_FACE_WORKER !== "0";
  if (g.__clockfaceFace?.worker !== worker) {
    const face = worker ? (await import("./face-pool")).pooledFace(nodeFace) : nodeFace;
    if (g.__clockfaceFace?.worker !== worker) g.__clockfaceFace = { worker, face };
  }
  return g.__clockfaceFace!.face;
}
