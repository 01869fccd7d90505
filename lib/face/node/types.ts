// The server's face models as its callers see them (in-process or on the worker pool). A file of its own so that
// server-face.ts and face-pool.ts both depend on it instead of on each other.
import type { Box } from "@/lib/face/core/types";
import type { BurstMeasurements } from "./evidence";
import type { CropMeasurements, FaceReadiness } from "./measure";

export type { BurstMeasurements, CropMeasurements };

/** Face-model readiness as /api/health reports it. */
export type FaceStatus = FaceReadiness & { where: "worker" | "in-process" };

export interface ServerFace {
  /**
   * Both measurements in one call: on the worker thread that is one message each way instead of two (on this
   * VM a cross-thread wake-up costs ~0.15 ms of CPU). Rejects with the first crop that cannot be read.
   */
  measureCrops(alignedJpeg: Uint8Array, contextJpeg: Uint8Array, faceBox: Box): Promise<CropMeasurements>;
  /**
   * The evidence burst (lib/face/node/evidence.ts measureBurst): every frame's mesh, embedding and thumbnail, and
   * the context crop's face embedded. Rejects with "frame N: …" for an unreadable frame.
   */
  measureBurst(frames: Uint8Array[], contextJpeg: Uint8Array, faceBox: Box): Promise<BurstMeasurements>;
  /** Loads the runtime and every model now (idempotent); throws ServiceUnavailable when they do not load. */
  ready?(): Promise<FaceStatus>;
  /** Starts loading in the background (the server calls it as it starts). */
  start?(): void;
}
