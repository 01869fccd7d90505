// Provider choice and model loading for the browser engine: fetches every model and runtime file through the HTTP
// cache (content-addressed URLs, lib/face/assets.ts), picks the onnxruntime-web provider by timing the embedding
// model, creates the ONNX sessions on it and warms them.

import { browserAssets, mediapipeRuntime, modelUrl, ORT_RUNTIMES, runtimeUrl, type RuntimeKey } from "@/lib/face/assets";
import { browserFile, MODELS, type ModelEntry, type OnnxModelEntry } from "@/lib/face/models";
import { fetchAssets, type DownloadProgress } from "@/lib/face/worker/asset-cache";
import { isModuleWorker } from "@/lib/face/worker/landmarker";
import {
  configureOrt,
  createSessionOn,
  effectiveThreads,
  ortVersion,
  runSession,
  timeSession,
  webGpuUnavailableReason,
  type WebProvider,
} from "@/lib/face/worker/ort-web";
import type { EngineConfig, EngineInfo } from "@/lib/face/worker/protocol";
import type { InferenceSession } from "onnxruntime-web";

/** The engine's ONNX sessions, one per model. */
export type EngineSessions = Record<"embedding" | "antispoofV2" | "antispoofV1se", InferenceSession>;

/** MediaPipe's runtime (loader and binary URLs for this kind of worker), handed to the landmarker. */
export type MediapipeFiles = { wasmLoaderPath: string; wasmBinaryPath: string };

export interface LoadedModels {
  sessions: EngineSessions;
  /** The face landmarker's model file (MediaPipe creates its landmarkers from it later). */
  landmarkerModel: Uint8Array;
  mediapipeFiles: MediapipeFiles;
  info: EngineInfo;
}

/** A runtime file's absolute URL (ORT imports its loader with import(), which resolves against the worker's URL). */
const absolute = (key: RuntimeKey) => new URL(runtimeUrl(key), self.location.href).href;

/**
 * Fetches every file through the HTTP cache (lib/face/worker/asset-cache.ts) and creates the ONNX sessions; ORT and
 * MediaPipe instantiate their runtimes streaming from the same URLs. The embedding model decides
 * the provider: with 'auto' and a WebGPU adapter, both WebGPU and WASM are timed on a few runs and the
 * faster is kept (a software adapter is ~60x slower than WASM); without an adapter only WASM (and only
 * its ORT build) is loaded. The anti-spoof models follow the embedding's provider.
 */
export async function loadModels(config: EngineConfig, onProgress?: (p: DownloadProgress) => void): Promise<LoadedModels> {
  const t0 = performance.now();
  const threads = effectiveThreads(config.threads);

  let webgpuError = config.provider === "wasm" ? undefined : await webGpuUnavailableReason(config.softwareGpu || config.provider === "webgpu");
  if (config.provider === "webgpu" && webgpuError) throw new Error(`WebGPU was required: ${webgpuError}`);
  // 'auto' with a (hardware) WebGPU adapter measures both providers.
  const candidates: WebProvider[] =
    config.provider === "wasm" || webgpuError ? ["wasm"] : config.provider === "webgpu" ? ["webgpu"] : ["wasm", "webgpu"];

  const assets = browserAssets({ ortBuilds: candidates, moduleWorker: isModuleWorker });
  const fetched = await fetchAssets(assets, onProgress);
  const tFetched = performance.now();
  const byUrl = new Map(fetched.map((f) => [f.url, f]));
  /** The bytes of the browser's file of a model (its int8 copy, when it has one). */
  const bytesOf = (m: ModelEntry) => {
    const data = byUrl.get(modelUrl(browserFile(m)))?.data;
    if (!data) throw new Error(`missing model ${browserFile(m).file}`);
    return data;
  };
  const sessionOn = (p: WebProvider, m: OnnxModelEntry) => {
    configureOrt(p, { runtime: { mjs: absolute(ORT_RUNTIMES[p].mjs), wasm: absolute(ORT_RUNTIMES[p].wasm) }, numThreads: threads });
    return createSessionOn(bytesOf(m), p);
  };

  // The embedding model decides the provider; the anti-spoof models follow it.
  const spec = MODELS.embedding.input;
  const measured: Partial<Record<WebProvider, number>> = {};
  let chosen: { provider: WebProvider; session: InferenceSession } | undefined;
  for (const p of candidates) {
    let session: InferenceSession;
    try {
      session = await sessionOn(p, MODELS.embedding);
      // WASM is timed first; WebGPU stops being timed as soon as one run is twice as slow.
      if (candidates.length > 1) measured[p] = await timeSession(session, spec.name, spec.shape, 5, 2 * (measured.wasm ?? Infinity));
    } catch (err) {
      if (p === "wasm" || config.provider === "webgpu") throw err;
      webgpuError = err instanceof Error ? err.message : String(err);
      continue;
    }
    if (!chosen || measured[p]! < measured[chosen.provider]!) {
      await chosen?.session.release();
      chosen = { provider: p, session };
    } else {
      await session.release();
    }
  }
  if (!chosen) throw new Error("no ONNX provider could be used");
  const provider = chosen.provider;
  if (provider === "wasm" && measured.webgpu !== undefined) {
    webgpuError = `slower than WASM here (${measured.webgpu.toFixed(1)} ms vs ${measured.wasm!.toFixed(1)} ms per embedding)`;
  }
  const [antispoofV2, antispoofV1se] = await Promise.all([sessionOn(provider, MODELS.antispoofV2), sessionOn(provider, MODELS.antispoofV1se)]);
  const sessions = { embedding: chosen.session, antispoofV2, antispoofV1se };
  const tSessions = performance.now();
  // A session's first run allocates and initialises its kernels (several times a normal run): pay it
  // here, not on the first frame of someone's liveness check.
  const warm: [InferenceSession, OnnxModelEntry][] = [[antispoofV2, MODELS.antispoofV2], [antispoofV1se, MODELS.antispoofV1se]];
  if (measured[provider] === undefined) warm.push([chosen.session, MODELS.embedding]); // else the measurement ran it
  for (const [session, { input }] of warm) {
    await runSession(session, input.name, new Float32Array(input.shape.reduce((a: number, b: number) => a * b, 1)), input.shape);
  }
  const tWarm = performance.now();

  const mp = mediapipeRuntime(isModuleWorker);
  const mediapipeFiles: MediapipeFiles = { wasmLoaderPath: absolute(mp.loader), wasmBinaryPath: absolute(mp.binary) };
  const info: EngineInfo = {
    provider,
    webgpuError,
    providerMeasuredMs: Object.keys(measured).length ? measured : undefined,
    threads,
    crossOriginIsolated: typeof crossOriginIsolated !== "undefined" && crossOriginIsolated,
    modelBytes: assets.filter((a) => a.kind === "model").reduce((s, a) => s + a.bytes, 0),
    downloadedBytes: fetched.reduce((s, f) => s + f.transferredBytes, 0),
    fromCache: fetched.every((f) => f.fromCache),
    load: { fetchMs: tFetched - t0, sessionsMs: tSessions - tFetched, warmupMs: tWarm - tSessions, totalMs: tWarm - t0 },
    ortVersion: ortVersion(),
  };
  return { sessions, landmarkerModel: bytesOf(MODELS.faceLandmarker), mediapipeFiles, info };
}
