// Worker-thread entry for the server's face models (see face-pool.ts). onnxruntime-node's run() and the JPEG
// decoding block the thread they run on; here they run beside the main thread, which keeps serving requests.
import { parentPort } from "node:worker_threads";
import { measureBurst, type BurstMeasurements } from "./evidence";
import { measureCrops, type CropMeasurements } from "./measure";

export type FaceJob =
  | { id: number; kind: "ping" }
  | { id: number; kind: "measure"; aligned: Uint8Array; context: Uint8Array; box: { x: number; y: number; width: number; height: number } }
  | { id: number; kind: "burst"; frames: Uint8Array[]; context: Uint8Array; box: { x: number; y: number; width: number; height: number } };

export type FaceAnswer = { id: number; ok: true; value: CropMeasurements | BurstMeasurements | null } | { id: number; ok: false; error: string };

const port = parentPort;
if (port) {
  port.on("message", async (job: FaceJob) => {
    try {
      const value =
        job.kind === "ping" ? null : job.kind === "burst" ? await measureBurst(job.frames, job.context, job.box) : await measureCrops(job.aligned, job.context, job.box);
      port.postMessage({ id: job.id, ok: true, value } satisfies FaceAnswer);
    } catch (e) {
      port.postMessage({ id: job.id, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies FaceAnswer);
    }
  });
}
