// The typed message protocol between the page and the face worker.
// Every request carries an id; the worker answers with exactly one `result` or `error` of that id,
// and may send `progress` messages (model download) in between. Large buffers are transferred.

import type { Box, Landmark } from "@/lib/face/core/types";
import type { EarResult } from "@/lib/face/core/ear";
import type { HeadPose } from "@/lib/face/core/pose";
import type { DelegateChoice, DelegatePreference } from "@/lib/face/worker/landmarker";
import type { ProviderPreference, WebProvider } from "@/lib/face/worker/ort-web";
import type { DownloadProgress } from "@/lib/face/worker/asset-cache";

/** How the worker runs; the files it loads are fixed (lib/face/assets.ts: content-addressed URLs on this origin). */
export interface EngineConfig {
  /** WASM threads for ORT (the worker caps it at 1 without cross-origin isolation). */
  threads: number;
  /**
   * ORT execution provider: 'auto' uses WASM, or — when a hardware WebGPU adapter exists — times an
   * embedding on WebGPU and on WASM and keeps the faster.
   */
  provider: ProviderPreference;
  /**
   * Let the 'auto' measurements consider software GPUs too — a fallback WebGPU adapter for ORT, a software
   * WebGL renderer for MediaPipe's GPU delegate (SwiftShader, llvmpipe). Default: skipped without measuring
   * (60x / 8x slower here, and measuring them stalls the first frames by seconds). /lab and tests set it.
   */
  softwareGpu?: boolean;
  /** MediaPipe delegate: 'auto' measures both on the first frame and keeps the faster. */
  delegate: DelegatePreference;
}

export interface LoadTimings {
  /** Download or HTTP-cache read of every file (ms). */
  fetchMs: number;
  /** ORT session creation for the three models (ms). */
  sessionsMs: number;
  /** One run of each session on a zero input, so the first real frame does not pay ORT's first-run cost (ms). */
  warmupMs: number;
  /** MediaPipe runtime + landmarker creation incl. the delegate measurement (ms), once it happened. */
  landmarkerMs?: number;
  totalMs: number;
}

export interface EngineInfo {
  provider: WebProvider;
  /** Why WebGPU was not used (when 'auto' or 'webgpu' was asked). */
  webgpuError?: string;
  /** Median ms of an embedding run on each provider tried, when 'auto' measured them to choose. */
  providerMeasuredMs?: Partial<Record<WebProvider, number>>;
  /** ORT WASM threads actually in use. */
  threads: number;
  crossOriginIsolated: boolean;
  delegate?: DelegateChoice;
  /** Bytes of model files (registry sizes). */
  modelBytes: number;
  /** Bytes that came over the network in this load (encoded bodies; 0 on a cached visit). */
  downloadedBytes: number;
  /** True when the HTTP cache answered for every file. */
  fromCache: boolean;
  load: LoadTimings;
  ortVersion: string;
}

/** Per-frame options from the page. */
export interface FrameOptions {
  /** Run both anti-spoof models on this frame (when exactly one face is found). */
  antispoof: boolean;
  /** Consider this frame for the best-frame capture (see best-frame.ts). */
  candidate: boolean;
  /** The yaw the capture is wanted at (degrees; default 0 = frontal; enrolment's side captures ±12). */
  targetYawDeg?: number;
  /** Send the 478 landmarks back (for the overlay). */
  wantLandmarks: boolean;
  /** Cut and encode this frame's evidence crop (lib/face/core/evidence-crop.ts) when exactly one face is found. */
  evidence?: boolean;
}

export interface FaceMeasurements {
  /** Face box from the landmarks (pixels of the frame). */
  box: Box;
  ear: EarResult;
  /** Mean of eyeBlinkLeft/Right blendshapes (0 open .. 1 closed), NaN when absent. */
  blinkBlendshape: number;
  pose: HeadPose;
  /** Mean luma of the face box (0..255). */
  luma: number;
  /** Variance of the Laplacian of the face box, resized to a fixed width (sharpness). */
  sharpness: number;
  /** Packed x,y,z normalised landmarks (478 * 3) when asked for. */
  landmarks?: Float32Array;
}

export interface AntispoofResult {
  /** Real-face score in [0, 1] (upstream fusion of V2 + V1SE). */
  score: number;
  v2Logits: number[];
  v1seLogits: number[];
}

export interface FrameTimings {
  landmarksMs: number;
  pixelsMs: number;
  measureMs: number;
  antispoofMs?: number;
  totalMs: number;
}

export interface FrameAnalysis {
  tMs: number;
  width: number;
  height: number;
  faceCount: number;
  face?: FaceMeasurements;
  antispoof?: AntispoofResult;
  /** This frame became the best capture candidate so far. */
  bestSoFar: boolean;
  /** The evidence crop (EVIDENCE_CROP_PX square JPEG) when asked for and one face was found. */
  evidenceJpeg?: Uint8Array;
  timings: FrameTimings;
}

export interface CaptureResult {
  /** Aligned 112x112 RGBA. */
  aligned: Uint8ClampedArray;
  /** L2-normalised MobileFaceNet embedding (128). */
  embedding: Float32Array;
  alignedJpeg: Uint8Array;
  contextJpeg: Uint8Array;
  contextSize: { width: number; height: number };
  /** Face box within the context crop (pixels of the crop). */
  contextFaceBox: Box;
  /** Anti-spoof score the worker computed on the context crop before JPEG (what the server should see). */
  contextAntispoof: number;
  frameTMs: number;
  pose: HeadPose;
  sharpness: number;
  timings: { alignMs: number; embedMs: number; encodeMs: number; antispoofMs: number };
}

export interface ImageAnalysis {
  faceFound: boolean;
  faceCount: number;
  width: number;
  height: number;
  /** Normalised landmarks of the largest face. */
  landmarks?: Landmark[];
  /** Embedding of the aligned face (or of a centre crop when no face was found and asked for). */
  embedding?: Float32Array;
  /** The same embedding before L2 normalisation (when asked for with wantRawEmbedding). */
  rawEmbedding?: Float32Array;
  aligned?: Uint8ClampedArray;
  box?: Box;
  antispoof?: AntispoofResult;
  timings: { decodeMs: number; landmarksMs: number; alignMs: number; embedMs: number; antispoofMs?: number };
}

export interface ImageOptions {
  embed: boolean;
  /** When no face is found, embed a centre crop instead (evaluation protocol: never drop a pair). */
  centreCropFallback: boolean;
  antispoof: boolean;
  /** Return the aligned crop (for parity tests). */
  wantAligned: boolean;
  /** Also return the embedding before L2 normalisation (evaluation of distance measures). */
  wantRawEmbedding?: boolean;
}

export type WorkerRequest =
  | { id: number; type: "load"; config: EngineConfig }
  | { id: number; type: "frame"; image: ImageBitmap; tMs: number; options: FrameOptions }
  | { id: number; type: "capture" }
  | { id: number; type: "resetCapture" }
  | { id: number; type: "image"; image: ImageBitmap | Blob; options: ImageOptions }
  | { id: number; type: "embedAligned"; rgba: Uint8ClampedArray }
  | { id: number; type: "antispoof"; image: ImageBitmap | Blob; box: Box }
  | { id: number; type: "dispose" };

export type RequestType = WorkerRequest["type"];

/** What each request resolves to. */
export interface ResultMap {
  load: EngineInfo;
  frame: FrameAnalysis;
  capture: CaptureResult | null;
  resetCapture: null;
  image: ImageAnalysis;
  embedAligned: Float32Array;
  antispoof: AntispoofResult;
  dispose: null;
}

export type WorkerResponse =
  | { id: number; type: "result"; result: ResultMap[RequestType] }
  | { id: number; type: "error"; message: string; name: string }
  | { id: number; type: "progress"; progress: DownloadProgress };

/** Buffers worth transferring (not copying) out of a result. */
export function transferablesOf(value: unknown): Transferable[] {
  const out: Transferable[] = [];
  const seen = new Set<ArrayBufferLike>();
  const visit = (v: unknown, depth: number) => {
    if (depth > 3 || v === null || typeof v !== "object") return;
    if (ArrayBuffer.isView(v)) {
      const buf = v.buffer;
      if (buf instanceof ArrayBuffer && !seen.has(buf) && buf.byteLength === v.byteLength) {
        seen.add(buf);
        out.push(buf);
      }
      return;
    }
    if (Array.isArray(v)) return; // plain arrays of numbers: nothing to transfer
    for (const x of Object.values(v)) visit(x, depth + 1);
  };
  visit(value, 0);
  return out;
}
