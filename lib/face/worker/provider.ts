// Provider choice and model loading for the browser engine: fetches every model and runtime file once (cached),
// picks the onnxruntime-web provider by timing the embedding model, creates the ONNX sessions on it and warms them.

import { MODELS, type OnnxModelEntry } from "@/lib/face/models";
import { fetchAssets, type Asset, type DownloadProgress } from "@/lib/face/worker/asset-cache";
import { mediapipeRuntime } from "@/lib/face/worker/landmarker";
import {
  configureOrt,
  createSessionOn,
  effectiveThreads,
  ORT_BUILDS,
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

/** MediaPipe's runtime as blob URLs (when the runtimes are cached), handed to the landmarker. */
export type MediapipeFiles = { wasmLoaderPath: string; wasmBinaryPath: string };

export interface LoadedModels {
  sessions: EngineSessions;
  /** The face landmarker's model file (MediaPipe creates its landmarkers from it later). */
  landmarkerModel: Uint8Array;
  mediapipeFiles: MediapipeFiles | undefined;
  info: EngineInfo;
}

/** The ORT runtime binary of one provider's build, fetched through the cache (estimated size, corrected by the response). */
function ortRuntimeAsset(cfg: EngineConfig, provider: WebProvider): Asset {
  const build = ORT_BUILDS[provider];
  return { url: `${cfg.ortWasmPaths}${build.wasmFile}`, bytes: build.wasmBytes, version: `ort-${ortVersion()}` };
}

/** MediaPipe's runtime files, fetched through the cache. */
function mediapipeAssets(cfg: EngineConfig): Asset[] {
  return [
    { url: `${cfg.mediapipeWasmBase}/${mediapipeRuntime.binary}`, bytes: 12_997_272, version: "mediapipe" },
    { url: `${cfg.mediapipeWasmBase}/${mediapipeRuntime.loader}`, bytes: 335_431, version: "mediapipe" },
  ];
}

/**
 * Downloads (or reads from cache) every file and creates the ONNX sessions. The embedding model decides
 * the provider: with 'auto' and a WebGPU adapter, both WebGPU and WASM are timed on a few runs and the
 * faster is kept (a software adapter is ~60x slower than WASM); without an adapter only WASM (and only
 * its ORT build) is loaded. The anti-spoof models follow the embedding's provider.
 */
export async function loadModels(config: EngineConfig, onProgress?: (p: DownloadProgress) => void): Promise<LoadedModels> {
  const t0 = performance.now();
  const origin = config.origin ?? "";
  const models = [MODELS.faceLandmarker, MODELS.embedding, MODELS.antispoofV2, MODELS.antispoofV1se];
  const assets: Asset[] = models.map((m) => ({ url: origin + m.url, bytes: m.bytes, sha256: m.sha256, version: m.sha256 }));
  const threads = effectiveThreads(config.threads);

  let webgpuError = config.provider === "wasm" ? undefined : await webGpuUnavailableReason(config.softwareGpu || config.provider === "webgpu");
  if (config.provider === "webgpu" && webgpuError) throw new Error(`WebGPU was required: ${webgpuError}`);
  // 'auto' with a (hardware) WebGPU adapter measures both providers.
  const candidates: WebProvider[] =
    config.provider === "wasm" || webgpuError ? ["wasm"] : config.provider === "webgpu" ? ["webgpu"] : ["wasm", "webgpu"];

  const mpAssets = config.cacheRuntimes ? mediapipeAssets(config) : [];
  const runtimes = config.cacheRuntimes ? candidates.map((p) => ortRuntimeAsset(config, p)) : [];
  const fetched = await fetchAssets([...assets, ...mpAssets, ...runtimes], onProgress);
  const tFetched = performance.now();
  const byUrl = new Map(fetched.map((f) => [f.url, f]));
  const bytesOf = (url: string) => {
    const f = byUrl.get(url);
    if (!f) throw new Error(`missing asset ${url}`);
    return f.data;
  };
  const sessionOn = (p: WebProvider, m: OnnxModelEntry) => {
    configureOrt(p, {
      wasmPaths: config.ortWasmPaths,
      numThreads: threads,
      wasmBinary: config.cacheRuntimes ? bytesOf(ortRuntimeAsset(config, p).url) : undefined,
    });
    return createSessionOn(bytesOf(origin + m.url), p);
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

  let mediapipeFiles: MediapipeFiles | undefined;
  if (config.cacheRuntimes) {
    const blobUrl = (url: string, type: string) => URL.createObjectURL(new Blob([bytesOf(url)], { type }));
    mediapipeFiles = {
      wasmBinaryPath: blobUrl(mpAssets[0]!.url, "application/wasm"),
      wasmLoaderPath: blobUrl(mpAssets[1]!.url, "text/javascript"),
    };
  }
  const info: EngineInfo = {
    provider,
    webgpuError,
    providerMeasuredMs: Object.keys(measured).length ? measured : undefined,
    threads,
    crossOriginIsolated: typeof crossOriginIsolated !== "undefined" && crossOriginIsolated,
    modelBytes: models.reduce((s, m) => s + m.bytes, 0),
    downloadedBytes: fetched.filter((f) => !f.fromCache).reduce((s, f) => s + f.data.length, 0),
    fromCache: fetched.every((f) => f.fromCache),
    load: { fetchMs: tFetched - t0, sessionsMs: tSessions - tFetched, warmupMs: tWarm - tSessions, totalMs: tWarm - t0 },
    ortVersion: ortVersion(),
  };
  return { sessions, landmarkerModel: bytesOf(origin + MODELS.faceLandmarker.url), mediapipeFiles, info };
}
