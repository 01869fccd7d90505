// Worker-thread entry for the server's face models (see face-pool.ts). onnxruntime-node's run() and the JPEG
// decoding block the thread they run on; here they run beside the main thread, which keeps serving requests.
// The runtime, every model's session and the JPEG decoder are created as the worker starts (not on the first
// check-in); a ping answers once they are, with the outcome.
import { parentPort } from "node:worker_threads";
import { ServiceUnavailable } from "@/lib/errors";
import { measureBurst, type BurstMeasurements } from "./evidence";
import { measureCrops, warmUp, type CropMeasurements, type FaceReadiness } from "./measure";

export type FaceJob =
  | { id: number; kind: "ping" }
  | { id: number; kind: "measure"; aligned: Uint8Array; context: Uint8Array; box: { x: number; y: number; width: number; height: number } }
  | { id: number; kind: "burst"; frames: Uint8Array[]; context: Uint8Array; box: { x: number; y: number; width: number; height: number } };

export type FaceAnswer =
  | { id: number; ok: true; value: CropMeasurements | BurstMeasurements | FaceReadiness | null }
  /** `unavailable`: the models' fault (ServiceUnavailable), not the crop's. */
  | { id: number; ok: false; error: string; unavailable?: boolean };

const port = parentPort;
if (port) {
  const warming = warmUp();
  warming.catch(() => {}); // reported to the first ping, which tries again
  port.on("message", async (job: FaceJob) => {
    try {
      const value =
        job.kind === "ping"
          ? await warming.catch(() => warmUp())
          : job.kind === "burst"
            ? await measureBurst(job.frames, job.context, job.box)
            : await measureCrops(job.aligned, job.context, job.box);
      port.postMessage({ id: job.id, ok: true, value } satisfies FaceAnswer);
    } catch (e) {
      const unavailable = e instanceof ServiceUnavailable;
      port.postMessage({ id: job.id, ok: false, error: unavailable ? e.detail : e instanceof Error ? e.message : String(e), unavailable } satisfies FaceAnswer);
    }
  });
}
