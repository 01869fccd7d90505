// Page side of the face worker: typed request/response over postMessage.
//   const face = new FaceWorkerClient(createFaceWorker());
//   const info = await face.load(config, (p) => setProgress(p.loaded / p.total));
//   const analysis = await face.frame(await createImageBitmap(video), performance.now(), opts);

import type { Box } from "@/lib/face/core/types";
import type { DownloadProgress } from "@/lib/face/worker/asset-cache";
import type {
  EngineConfig,
  FrameOptions,
  ImageOptions,
  RequestType,
  ResultMap,
  WorkerRequest,
  WorkerResponse,
} from "@/lib/face/worker/protocol";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Body = DistributiveOmit<WorkerRequest, "id">;

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  onProgress?: (p: DownloadProgress) => void;
  /** Restarts the request's watchdog (on progress). */
  touch: () => void;
}

/**
 * The watchdog on every request: the longest the worker may stay silent on one (ms). A frame takes 30–100 ms and a
 * fresh worker's first one about a second; loading reports download progress, but compiling the runtimes and
 * creating the sessions is silent for seconds on a busy 2-core laptop. A request past its limit is rejected with
 * FaceWorkerStalled (the capture then ends with a clear message and the page replaces the worker) — never a hang.
 */
export const WORKER_SILENCE_MS = { load: 60_000, other: 20_000 } as const;

export class FaceWorkerStalled extends Error {
  constructor(readonly request: RequestType) {
    super(`the face worker did not answer '${request}'`);
    this.name = "FaceWorkerStalled";
  }
}

export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  threads: 2,
  provider: "auto",
  delegate: "auto",
};

export class FaceWorkerClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly worker: Worker,
    private readonly silenceMs: { load: number; other: number } = WORKER_SILENCE_MS,
  ) {
    worker.onmessage = (ev: MessageEvent<WorkerResponse>) => this.onMessage(ev.data);
    worker.onerror = (ev) => {
      const err = new Error(`face worker failed: ${ev.message || "script error"}`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
  }

  private onMessage(msg: WorkerResponse): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.type === "progress") {
      p.touch();
      p.onProgress?.(msg.progress);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.type === "result") p.resolve(msg.result);
    else {
      const e = new Error(msg.message);
      e.name = msg.name;
      p.reject(e);
    }
  }

  private request<T extends RequestType>(
    body: Extract<Body, { type: T }>,
    transfer: Transferable[] = [],
    onProgress?: (p: DownloadProgress) => void,
  ): Promise<ResultMap[T]> {
    const id = this.nextId++;
    const limit = body.type === "load" ? this.silenceMs.load : this.silenceMs.other;
    return new Promise<ResultMap[T]>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const touch = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          if (!this.pending.delete(id)) return;
          reject(new FaceWorkerStalled(body.type));
        }, limit);
      };
      const settle =
        <A>(f: (a: A) => void) =>
        (a: A) => {
          clearTimeout(timer);
          f(a);
        };
      this.pending.set(id, { resolve: settle(resolve as (v: unknown) => void), reject: settle(reject), onProgress, touch });
      touch();
      this.worker.postMessage({ ...body, id }, transfer);
    });
  }

  load(config: Partial<EngineConfig> = {}, onProgress?: (p: DownloadProgress) => void) {
    return this.request({ type: "load", config: { ...DEFAULT_ENGINE_CONFIG, ...config } }, [], onProgress);
  }

  /** Analyses a frame; the bitmap is transferred (the caller must not use it afterwards). */
  async frame(image: ImageBitmap, tMs: number, options: FrameOptions) {
    return this.request({ type: "frame", image, tMs, options }, [image]);
  }

  capture() {
    return this.request({ type: "capture" });
  }

  resetCapture() {
    return this.request({ type: "resetCapture" });
  }

  /** IMAGE-mode analysis of a still image (Blob: decoded in the worker with its EXIF orientation). */
  image(image: ImageBitmap | Blob, options: ImageOptions) {
    return this.request({ type: "image", image, options }, image instanceof Blob ? [] : [image]);
  }

  embedAligned(rgba: Uint8ClampedArray) {
    return this.request({ type: "embedAligned", rgba });
  }

  antispoof(image: ImageBitmap | Blob, box: Box) {
    return this.request({ type: "antispoof", image, box }, image instanceof Blob ? [] : [image]);
  }

  async dispose(): Promise<void> {
    try {
      await this.request({ type: "dispose" });
    } finally {
      this.worker.terminate();
    }
  }
}
