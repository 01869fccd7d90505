// Loads an ONNX Runtime for Node once: onnxruntime-node (native CPU) when its binding loads, else
// onnxruntime-web's WASM build (slower, about 10x, but it runs anywhere Node does).
// Set CLOCKFACE_ORT_BACKEND=wasm to force the fallback; tests and the benchmark ask for a backend explicitly.
// Server-side only: it reads model files from disk. Do not import it from client components.

import { readFile } from "node:fs/promises";
import path from "node:path";
import type { InferenceSession, Tensor } from "onnxruntime-common";
import type { OnnxModelEntry } from "@/lib/face/models";

export type NodeOrtBackend = "native" | "wasm";

/** The part of the onnxruntime API both packages share. */
interface OrtModule {
  InferenceSession: { create(model: Uint8Array, options?: InferenceSession.SessionOptions): Promise<InferenceSession> };
  Tensor: new (type: "float32", data: Float32Array, dims: readonly number[]) => Tensor;
  env: { wasm: { numThreads?: number } };
}

export interface NodeOrt {
  backend: NodeOrtBackend;
  ort: OrtModule;
  /** Why the native binding was not used, when it was not. */
  fallbackReason?: string;
}

export type BackendRequest = NodeOrtBackend | "auto";

const runtimes = new Map<BackendRequest, Promise<NodeOrt>>();

function requestedBackend(): BackendRequest {
  const v = process.env.CLOCKFACE_ORT_BACKEND;
  return v === "native" || v === "wasm" ? v : "auto";
}

async function loadRuntime(want: BackendRequest): Promise<NodeOrt> {
  let fallbackReason: string | undefined = want === "wasm" ? "forced by CLOCKFACE_ORT_BACKEND=wasm" : undefined;
  if (want !== "wasm") {
    try {
      const ort = (await import("onnxruntime-node")) as unknown as OrtModule;
      return { backend: "native", ort };
    } catch (err) {
      if (want === "native") throw err;
      fallbackReason = `onnxruntime-node did not load: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  const ort = (await import("onnxruntime-web")) as unknown as OrtModule;
  // WASM threads in Node need worker_threads; one thread keeps it simple and predictable on a server.
  ort.env.wasm.numThreads = 1;
  return { backend: "wasm", ort, fallbackReason };
}

/** The runtime, loaded once per process (per requested backend; default from CLOCKFACE_ORT_BACKEND). */
export function nodeOrt(want: BackendRequest = requestedBackend()): Promise<NodeOrt> {
  let r = runtimes.get(want);
  if (!r) {
    r = loadRuntime(want);
    r.catch(() => runtimes.delete(want)); // allow a retry after a failure
    runtimes.set(want, r);
  }
  return r;
}

/** Absolute path of a model file shipped in public/models. */
export function modelPath(file: string): string {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), "public/models", file);
}

const sessions = new Map<string, Promise<InferenceSession>>();

export function intraOpThreads(): number | undefined {
  const n = Number(process.env.CLOCKFACE_ORT_THREADS);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** One session per model file (and backend) per process (memoised promise). */
export function nodeSession(entry: OnnxModelEntry, want: BackendRequest = requestedBackend()): Promise<InferenceSession> {
  const key = `${want}:${entry.file}`;
  let s = sessions.get(key);
  if (!s) {
    s = (async () => {
      const { ort, backend } = await nodeOrt(want);
      const bytes = new Uint8Array(await readFile(modelPath(entry.file)));
      const threads = intraOpThreads();
      return ort.InferenceSession.create(bytes, {
        graphOptimizationLevel: "all",
        ...(backend === "native" && threads ? { intraOpNumThreads: threads } : {}),
      });
    })();
    s.catch(() => sessions.delete(key));
    sessions.set(key, s);
  }
  return s;
}

/** Runs a single-input, single-output model on NCHW float32 data; returns the output data. */
export async function runNode(
  entry: OnnxModelEntry,
  input: Float32Array,
  want: BackendRequest = requestedBackend(),
): Promise<Float32Array> {
  const [{ ort }, session] = await Promise.all([nodeOrt(want), nodeSession(entry, want)]);
  const feeds = { [entry.input.name]: new ort.Tensor("float32", input, entry.input.shape) };
  const out = await session.run(feeds);
  const t = out[entry.output.name];
  if (!t) throw new Error(`${entry.file}: no output named ${entry.output.name}`);
  return t.data as Float32Array;
}
