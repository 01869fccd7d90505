// Strict-mode inference on a worker thread (the default; CLOCKFACE_FACE_WORKER=0 turns it off). onnxruntime-node
// blocks the event loop while it runs, so in-process inference serialises with the database work of every other
// check-in; on a worker it uses another core (measurements: docs/check-in-protocol.md, "Measured").
// If the worker cannot start (e.g. a runtime that cannot load the entry), every call falls back to in-process.
import "server-only";
import { Worker } from "node:worker_threads";
import { ServiceUnavailable } from "@/lib/errors";
import { workerRpc, type DistributiveOmit, type WorkerRpc } from "@/lib/threads/rpc";
import { sourceWorker } from "@/lib/threads/source-worker";
import type { Box } from "@/lib/face/core/types";
import type { FaceAnswer, FaceJob } from "./face-worker";
import type { FaceReadiness } from "./measure";
import type { FaceStatus, ServerFace } from "./types";

/** How the server's log says the face models run on the worker (bench:server reads it to report `face_path`). */
export const FACE_WORKER_READY_LOG = "face models: ready on a worker thread";

/** The worker: bundled by Turbopack under Next, from TypeScript source otherwise (lib/threads/source-worker.ts). */
function spawnWorker(): Worker {
  // process.env.NEXT_RUNTIME: replaced at build time by Next (see lib/env.ts), so the bundle keeps one branch.
  if (process.env.NEXT_RUNTIME) return new Worker(new URL("./face-worker.ts", import.meta.url));
  return sourceWorker(import.meta.url, ["face-worker", "ts"].join("."));
}

export function pooledFace(fallback: ServerFace): ServerFace {
  let worker: Worker | null = null;
  let rpc: WorkerRpc<FaceJob, FaceAnswer> | null = null;
  let ready: Promise<boolean> | null = null;

  function start(): Promise<boolean> {
    ready ??= new Promise<boolean>((resolve) => {
      const spawnedAt = performance.now();
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
      // The worker is up once it answers, whether or not its models loaded (a broken model is reported by
      // ready() and by each check-in, not worked around in-process, where it would fail the same way).
      send({ kind: "ping" }).then((a) => {
        const ms = Math.round(performance.now() - spawnedAt);
        if (a.ok) console.info(`${FACE_WORKER_READY_LOG} (${(a.value as FaceReadiness).backend}), ${ms} ms from spawn`);
        else if (a.unavailable) console.error(`face-models unavailable: ${a.error}`);
        resolve(a.ok || !!a.unavailable);
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
    if (a.unavailable) throw new ServiceUnavailable("face-models", a.error);
    if (a.error === "no worker" || a.error.startsWith("face worker")) return inProcess();
    throw new Error(a.error);
  }

  return {
    start: () => void start(),
    ready: async (): Promise<FaceStatus> => {
      if (!fallback.ready) throw new Error("the in-process fallback has no ready()");
      const r = await run<FaceReadiness>({ kind: "ping" }, () => fallback.ready!().then((s) => s));
      return { ...r, where: worker ? "worker" : "in-process" };
    },
    measureCrops: (aligned: Uint8Array, context: Uint8Array, box: Box) =>
      run({ kind: "measure", aligned, context, box: { ...box } }, () => fallback.measureCrops(aligned, context, box)),
    measureBurst: (frames: Uint8Array[], context: Uint8Array, box: Box) =>
      run({ kind: "burst", frames, context, box: { ...box } }, () => fallback.measureBurst(frames, context, box)),
  };
}
