// Strict-mode inference on a worker thread (the default; CLOCKFACE_FACE_WORKER=0 turns it off). onnxruntime-node
// blocks the event loop while it runs (measured: 8 concurrent MobileFaceNet runs, one 1 ms timer tick in 113 ms), so in-process
// inference serialises with the database work of every other check-in; on a worker it uses another core.
// If the worker cannot start (e.g. a runtime that cannot load the entry), every call falls back to in-process.
import "server-only";
import { Worker } from "node:worker_threads";
import { workerRpc, type DistributiveOmit, type WorkerRpc } from "@/lib/threads/rpc";
import { sourceWorker } from "@/lib/threads/source-worker";
import type { Box } from "@/lib/face/core/types";
import type { FaceAnswer, FaceJob } from "./face-worker";
import type { ServerFace } from "./types";

/** The worker: bundled by Turbopack under Next, from TypeScript source otherwise (lib/threads/source-worker.ts). */
function spawnWorker(): Worker {
  if (process.env.NEXT_RUNTIME) return new Worker(new URL("./face-worker.ts", import.meta.url));
  return sourceWorker(import.meta.url, ["face-worker", "ts"].join("."), { env: { ...process.env } });
}

export function pooledFace(fallback: ServerFace): ServerFace {
  let worker: Worker | null = null;
  let rpc: WorkerRpc<FaceJob, FaceAnswer> | null = null;
  let ready: Promise<boolean> | null = null;

  function start(): Promise<boolean> {
    ready ??= new Promise<boolean>((resolve) => {
      try {
        worker = spawnWorker();
      } catch (e) {
        console.error("face worker unavailable, running in-process:", e instanceof Error ? e.message : String(e));
        return resolve(false);
      }
      worker.unref();
      rpc = workerRpc<FaceJob, FaceAnswer>(worker, {
        failed: (id, e) => ({ id, ok: false, error: e.message }),
        exited: () => new Error("face worker exited"),
      });
      worker.on("error", (e) => {
        console.error("face worker failed, running in-process:", e.message);
        worker = null;
        resolve(false);
      });
      worker.on("exit", () => {
        worker = null;
      });
      send({ kind: "ping" }).then((a) => {
        if (a.ok) console.info("face models: running on a worker thread");
        resolve(a.ok);
      });
    });
    return ready;
  }

  function send(job: DistributiveOmit<FaceJob, "id">): Promise<FaceAnswer> {
    if (!worker || !rpc) return Promise.resolve({ id: 0, ok: false, error: "no worker" });
    return rpc.call(job);
  }

  async function run<T>(job: DistributiveOmit<FaceJob, "id">, inProcess: () => Promise<T>): Promise<T> {
    if (!(await start()) || !worker) return inProcess();
    const a = await send(job);
    if (a.ok) return a.value as T;
    if (a.error === "no worker" || a.error.startsWith("face worker")) return inProcess();
    throw new Error(a.error);
  }

  return {
    measureCrops: (aligned: Uint8Array, context: Uint8Array, box: Box) =>
      run({ kind: "measure", aligned, context, box: { ...box } }, () => fallback.measureCrops(aligned, context, box)),
    measureBurst: (frames: Uint8Array[], context: Uint8Array, box: Box) =>
      run({ kind: "burst", frames, context, box: { ...box } }, () => fallback.measureBurst(frames, context, box)),
  };
}
