// onnxruntime-web in the browser (inside the face worker): configuration and provider selection.
// Asking ORT for ['webgpu', 'wasm'] falls back silently, so we create the session with WebGPU alone
// first and record which provider really ran.

import * as ort from "onnxruntime-web";

export type WebProvider = "webgpu" | "wasm";
export type ProviderPreference = "auto" | WebProvider;

export interface OrtConfig {
  /** Prefix the WASM runtime is served from. */
  wasmPaths: string;
  /** WASM threads (> 1 needs cross-origin isolation; ORT falls back to 1 otherwise). */
  numThreads: number;
  /** The runtime binary, when the caller fetched (and cached) it itself. */
  wasmBinary?: Uint8Array<ArrayBuffer>;
}

let configured = false;

/** Must run before the first session is created (ORT reads these once). */
export function configureOrt(cfg: OrtConfig): void {
  if (configured) return;
  ort.env.wasm.wasmPaths = cfg.wasmPaths;
  ort.env.wasm.numThreads = cfg.numThreads;
  if (cfg.wasmBinary) ort.env.wasm.wasmBinary = cfg.wasmBinary;
  ort.env.logLevel = "error";
  configured = true;
}

/** Threads ORT will actually use: 1 unless the scope is cross-origin isolated (SharedArrayBuffer). */
export function effectiveThreads(requested: number): number {
  return typeof crossOriginIsolated !== "undefined" && crossOriginIsolated ? requested : 1;
}

export interface CreatedSession {
  session: ort.InferenceSession;
  provider: WebProvider;
  /** Why WebGPU was not used, when it was tried and failed. */
  webgpuError?: string;
}

function hasWebGpu(): boolean {
  return typeof navigator !== "undefined" && "gpu" in navigator && !!(navigator as { gpu?: unknown }).gpu;
}

/** Creates a session on one provider only, so the provider that runs is the one named. */
export async function createSessionOn(model: Uint8Array, provider: WebProvider): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(model, {
    executionProviders: [provider],
    graphOptimizationLevel: "all",
  });
}

/** WebGPU alone first (when wanted and present), else WASM; returns the provider that was used. */
export async function createSession(model: Uint8Array, prefer: ProviderPreference): Promise<CreatedSession> {
  let webgpuError: string | undefined;
  if (prefer !== "wasm") {
    if (hasWebGpu()) {
      try {
        return { session: await createSessionOn(model, "webgpu"), provider: "webgpu" };
      } catch (err) {
        webgpuError = err instanceof Error ? err.message : String(err);
        if (prefer === "webgpu") throw err;
      }
    } else {
      webgpuError = "navigator.gpu is not available";
      if (prefer === "webgpu") throw new Error(webgpuError);
    }
  }
  return { session: await createSessionOn(model, "wasm"), provider: "wasm", webgpuError };
}

/** Runs a single-input model; returns the first output's data (copied out of ORT's buffers). */
export async function runSession(
  session: ort.InferenceSession,
  inputName: string,
  input: Float32Array,
  dims: readonly number[],
): Promise<Float32Array> {
  const tensor = new ort.Tensor("float32", input, dims);
  const out = await session.run({ [inputName]: tensor });
  const first = out[session.outputNames[0]!];
  if (!first) throw new Error("model returned no output");
  const data = (await first.getData()) as Float32Array;
  const copy = Float32Array.from(data);
  first.dispose();
  return copy;
}

export const ortVersion = (): string => ort.env.versions.web ?? "unknown";
