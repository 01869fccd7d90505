// onnxruntime-web in the browser (inside the face worker): one ORT build per provider, configuration
// and provider selection.
//
// Two builds, not one: ORT's WebGPU build (`onnxruntime-web/webgpu`, asyncify-instrumented runtime) can also
// run the WASM provider, but the plain WASM build (`onnxruntime-web/wasm`) is what the WASM provider needs:
// its runtime is half the download (14 MB instead of 27–28 MB) and it was no slower for MobileFaceNet in
// headless Chromium here (plain page, quiet machine, 1 thread: 36 ms vs 40 ms with the default JSEP build;
// 2 threads: 24 ms vs 36 ms). So WebGPU gets the WebGPU build, WASM always gets the plain build.
//
// Asking ORT for ['webgpu', 'wasm'] falls back silently, so the session is created on one provider at a
// time and the provider that really ran is recorded.

import * as ortWasm from "onnxruntime-web/wasm";
import * as ortWebGpu from "onnxruntime-web/webgpu";
import type { InferenceSession } from "onnxruntime-web";

export type WebProvider = "webgpu" | "wasm";
export type ProviderPreference = "auto" | WebProvider;

interface OrtBuild {
  readonly ort: typeof ortWasm;
}

/**
 * `onnxruntime-web/wasm` and `/webgpu` resolve to ORT's builds that load their runtime from `wasmPaths` (the
 * "extern wasm" builds: next.config.ts aliases them, the test harness sets the package condition). The default
 * builds embed the loader and name the binary with `new URL(…, import.meta.url)`, which makes the bundler emit a
 * second, unused copy of each binary (41 MB) under /_next/static/media.
 */
export const ORT_BUILDS: Readonly<Record<WebProvider, OrtBuild>> = {
  wasm: { ort: ortWasm },
  webgpu: { ort: ortWebGpu },
};

export interface OrtConfig {
  /** Content-addressed URLs of the build's loader (.mjs) and binary (.wasm): lib/face/assets.ts. */
  runtime: { mjs: string; wasm: string };
  /** WASM threads (> 1 needs cross-origin isolation; ORT falls back to 1 otherwise). */
  numThreads: number;
}

const configured = new Set<WebProvider>();

/**
 * Configures one build; must run before its first session (ORT reads these once). ORT then imports the loader and
 * instantiates the binary streaming from its URL (WebAssembly.instantiateStreaming): from the HTTP cache once
 * fetched, with the compiled code Chromium keeps beside it, instead of recompiling bytes handed over in memory.
 */
export function configureOrt(provider: WebProvider, cfg: OrtConfig): void {
  if (configured.has(provider)) return;
  const { env } = ORT_BUILDS[provider].ort;
  env.wasm.wasmPaths = { mjs: new URL(cfg.runtime.mjs, self.location.href), wasm: new URL(cfg.runtime.wasm, self.location.href) };
  env.wasm.numThreads = cfg.numThreads;
  env.logLevel = "error";
  configured.add(provider);
}

/** Threads ORT will actually use: 1 unless the scope is cross-origin isolated (SharedArrayBuffer). */
export function effectiveThreads(requested: number): number {
  return typeof crossOriginIsolated !== "undefined" && crossOriginIsolated ? requested : 1;
}

/**
 * Why WebGPU should not be tried here, or undefined when an adapter is available. A fallback (software)
 * adapter such as SwiftShader counts as unavailable unless `allowSoftware`.
 */
export async function webGpuUnavailableReason(allowSoftware = false): Promise<string | undefined> {
  type Adapter = { isFallbackAdapter?: boolean; info?: { isFallbackAdapter?: boolean; architecture?: string } };
  const gpu = typeof navigator !== "undefined" ? (navigator as { gpu?: { requestAdapter(): Promise<Adapter | null> } }).gpu : undefined;
  if (!gpu) return "navigator.gpu is not available";
  let adapter: Adapter | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (err) {
    return `requestAdapter failed: ${err instanceof Error ? err.message : String(err)}`;
  }
  if (!adapter) return "no WebGPU adapter";
  if (!allowSoftware && (adapter.info?.isFallbackAdapter || adapter.isFallbackAdapter)) {
    return `software WebGPU adapter (${adapter.info?.architecture || "fallback"}), slower than WASM`;
  }
  return undefined;
}

/**
 * Session options. Intra-op threads do not spin-wait between runs: on a 2-core laptop a spinning ORT
 * thread takes the core MediaPipe needs for the next frame's landmarks.
 */
const SESSION_OPTIONS = {
  graphOptimizationLevel: "all",
  extra: { session: { intra_op: { allow_spinning: "0" } } },
} as const;

/** The build each session was created with (its tensors must come from the same build). */
const buildOf = new WeakMap<InferenceSession, OrtBuild>();

/** Creates a session on one provider only (with that provider's build), so the provider that runs is the one named. */
export async function createSessionOn(model: Uint8Array, provider: WebProvider): Promise<InferenceSession> {
  const build = ORT_BUILDS[provider];
  const session = await build.ort.InferenceSession.create(model, { ...SESSION_OPTIONS, executionProviders: [provider] });
  buildOf.set(session, build);
  return session;
}

/** Runs a single-input model; returns the first output's data (copied out of ORT's buffers). */
export async function runSession(
  session: InferenceSession,
  inputName: string,
  input: Float32Array,
  dims: readonly number[],
): Promise<Float32Array> {
  const { Tensor } = (buildOf.get(session) ?? ORT_BUILDS.wasm).ort;
  const tensor = new Tensor("float32", input, dims);
  const out = await session.run({ [inputName]: tensor });
  const first = out[session.outputNames[0]!];
  if (!first) throw new Error("model returned no output");
  const data = (await first.getData()) as Float32Array;
  const copy = Float32Array.from(data);
  first.dispose();
  return copy;
}

/**
 * Median ms of `runs` runs of a session on a zero input (after one warm-up run). A run slower than
 * `giveUpAboveMs` ends the measurement at once and returns that run's time (a clearly slower provider).
 */
export async function timeSession(
  session: InferenceSession,
  inputName: string,
  dims: readonly number[],
  runs = 5,
  giveUpAboveMs = Number.POSITIVE_INFINITY,
): Promise<number> {
  const input = new Float32Array(dims.reduce((a, b) => a * b, 1));
  const ms: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    await runSession(session, inputName, input, dims);
    const dt = performance.now() - t0;
    if (i === 0) continue;
    if (dt > giveUpAboveMs) return dt;
    ms.push(dt);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)]!;
}

export const ortVersion = (): string => ortWasm.env.versions.web ?? "unknown";
