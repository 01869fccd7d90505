// A face worker started before it is needed: the check-in page calls `prewarmFaceWorker()` when it opens, so that by
// the time the person clicks "Check in" the worker has its runtimes and models loaded (from the browser's caches after
// the first visit) and MediaPipe's VIDEO graph built on a blank frame (its first frame costs about a second on a
// 2-core laptop). <FaceCapture> then takes this worker (`takeWarmFaceWorker`) instead of starting its own, and gives
// it back when it unmounts (`returnWarmFaceWorker`), so "Cancel" or "Check in again" reuse it; the page ends it with
// `releaseWarmFaceWorker()` when it closes. One per page; browser only.
import type { DownloadProgress } from "@/lib/face/worker/asset-cache";
import { FaceWorkerClient } from "@/lib/face/worker/client";
import { createFaceWorker } from "@/lib/face/worker/create-worker";
import type { EngineConfig, EngineInfo } from "@/lib/face/worker/protocol";

/** Size of the blank frame that builds the landmarker's VIDEO graph (the camera's frames are scaled to ≤ 640 px). */
const PROBE = { width: 640, height: 480 };

export interface WarmFaceWorker {
  client: FaceWorkerClient;
  /** Resolves once the models are loaded and the landmarker is built (rejects as client.load would). */
  ready: Promise<EngineInfo>;
  /** Download progress while loading (the latest value is replayed to a new listener). */
  onProgress(listener: (p: DownloadProgress) => void): void;
}

let warm: WarmFaceWorker | null = null;
/** Whether a page holds the warm worker (between prewarmFaceWorker and releaseWarmFaceWorker). */
let held = false;

/** Starts a face worker in the background (once per page; a no-op if one is already warm or has been taken). */
export function prewarmFaceWorker(config: Partial<EngineConfig> = {}): void {
  held = true;
  if (warm || typeof Worker === "undefined") return;
  const client = new FaceWorkerClient(createFaceWorker());
  let last: DownloadProgress | undefined;
  let listener: ((p: DownloadProgress) => void) | undefined;
  const ready = client
    .load(config, (p) => {
      last = p;
      listener?.(p);
    })
    .then(async (info) => {
      const probe = await createImageBitmap(new ImageData(PROBE.width, PROBE.height));
      await client.frame(probe, performance.now(), { antispoof: false, candidate: false, wantLandmarks: false });
      return info;
    });
  ready.catch(() => {
    // Taken or not, a failed warm-up is reported by whoever awaits `ready`; an untaken one is just dropped.
    if (warm?.client === client) warm = null;
  });
  warm = {
    client,
    ready,
    onProgress(l) {
      listener = l;
      if (last) l(last);
    },
  };
}

/** The warm worker, handed over to the caller (who disposes of it); null when none was started. */
export function takeWarmFaceWorker(): WarmFaceWorker | null {
  const w = warm;
  warm = null;
  return w;
}

/** Gives a loaded, healthy worker back for the next capture on this page; disposed if the page has let go. */
export function returnWarmFaceWorker(client: FaceWorkerClient, info: EngineInfo): void {
  if (!held || warm) {
    void client.dispose();
    return;
  }
  warm = { client, ready: Promise.resolve(info), onProgress() {} };
}

/** The page is closing: the warm worker (if any) ends. */
export function releaseWarmFaceWorker(): void {
  held = false;
  const w = takeWarmFaceWorker();
  if (w) void w.client.dispose();
}
