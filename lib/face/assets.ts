// Where the browser gets the face pipeline's files: every model and WASM runtime under a content-addressed URL (its
// sha256 in the path), so a URL's bytes never change and the host serves it `immutable` (next.config.ts); the
// browser's HTTP cache then answers every later request without asking the network, and the runtimes are compiled
// by WebAssembly.instantiateStreaming from those URLs (Chromium keeps the compiled code beside the cache entry).
// scripts/copy-wasm.mjs puts the files at these paths. Pure data: used by the worker, the pages' prefetch,
// next.config.ts, the test harness and the deploy check.

// Relative imports: next.config.ts imports this module, and its loader resolves "@/" against the importing file.
import runtimeFiles from "./runtime-files.json" with { type: "json" };
import { browserFile, MODELS } from "./models";

/** One WASM runtime file taken from an npm package (lib/face/runtime-files.json). */
export interface RuntimeFile {
  package: string;
  /** Path inside the package. */
  from: string;
  /** Folder under public/ (and URL prefix). */
  dir: "ort" | "mediapipe";
  sha256: string;
  bytes: number;
}

export type RuntimeKey = keyof typeof runtimeFiles;
export const RUNTIME_FILES: Readonly<Record<RuntimeKey, RuntimeFile>> = runtimeFiles as Record<RuntimeKey, RuntimeFile>;

/** Cache-Control of every content-addressed file. */
export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

/** next.config.ts `headers()` sources of the content-addressed files (a 64-hex-digit folder). */
export const CONTENT_ADDRESSED_SOURCES = ["/models", "/ort", "/mediapipe"].map((p) => `${p}/:sha([0-9a-f]{64})/:file`);

export function runtimeUrl(key: RuntimeKey): string {
  const f = RUNTIME_FILES[key];
  return `/${f.dir}/${f.sha256}/${f.from.slice(f.from.lastIndexOf("/") + 1)}`;
}

/** Models travel gzip-compressed (the CDN does not compress application/octet-stream); the worker inflates them. */
export function modelUrl(m: { sha256: string; file: string }): string {
  return `/models/${m.sha256}/${m.file}.gz`;
}

/** The ORT runtime (loader + binary) of each build the worker can use (lib/face/worker/ort-web.ts). */
export const ORT_RUNTIMES = {
  wasm: { mjs: "ortMjs", wasm: "ortWasm" },
  webgpu: { mjs: "ortAsyncifyMjs", wasm: "ortAsyncifyWasm" },
} as const satisfies Record<string, { mjs: RuntimeKey; wasm: RuntimeKey }>;

/**
 * MediaPipe's loader and binary for the kind of worker that runs it (Turbopack emits the face worker as a classic
 * script, esbuild — tests — as a module; lib/face/worker/landmarker.ts).
 */
export function mediapipeRuntime(moduleWorker: boolean): { loader: RuntimeKey; binary: RuntimeKey } {
  return moduleWorker ? { loader: "mediapipeModuleLoader", binary: "mediapipeModuleWasm" } : { loader: "mediapipeLoader", binary: "mediapipeWasm" };
}

/**
 * The files of the models the browser runs: the face landmarker, and the int8 copies of the embedding and anti-spoof
 * models (lib/face/models.ts `browser`; the server runs the float32 originals). The server-only face mesh is not
 * among them.
 */
export const BROWSER_MODELS = [MODELS.faceLandmarker, MODELS.embedding, MODELS.antispoofV2, MODELS.antispoofV1se].map(browserFile);

export interface BrowserAsset {
  url: string;
  /** Uncompressed size (bytes). */
  bytes: number;
  /** The registry's hash of the uncompressed bytes (models: checked after download). */
  sha256: string;
  /** Served gzip-compressed as a file (application/gzip): the worker inflates it. */
  gzip: boolean;
  kind: "model" | "runtime";
}

/**
 * Every file a face worker loads: the four models, MediaPipe's runtime for its worker kind and the ORT runtime of
 * each provider it will try. Only these: a first visit downloads nothing else for the face pipeline.
 */
export function browserAssets(opts: { ortBuilds: readonly (keyof typeof ORT_RUNTIMES)[]; moduleWorker: boolean }): BrowserAsset[] {
  const runtime = (key: RuntimeKey): BrowserAsset => ({ url: runtimeUrl(key), bytes: RUNTIME_FILES[key].bytes, sha256: RUNTIME_FILES[key].sha256, gzip: false, kind: "runtime" });
  const mp = mediapipeRuntime(opts.moduleWorker);
  return [
    ...BROWSER_MODELS.map((m): BrowserAsset => ({ url: modelUrl(m), bytes: m.bytes, sha256: m.sha256, gzip: true, kind: "model" })),
    runtime(mp.loader),
    runtime(mp.binary),
    ...opts.ortBuilds.flatMap((b) => [runtime(ORT_RUNTIMES[b].mjs), runtime(ORT_RUNTIMES[b].wasm)]),
  ];
}

/**
 * What the pages prefetch at idle (app/_components/face-asset-prefetch.tsx): the files a face worker of this app
 * loads on a device without a hardware WebGPU adapter (the WASM build of ORT; Turbopack emits the face worker as a
 * classic script, so MediaPipe's classic build). A device with WebGPU fetches the WebGPU build when it measures it.
 */
export const PREFETCH_URLS: readonly string[] = browserAssets({ ortBuilds: ["wasm"], moduleWorker: false }).map((a) => a.url);
