// Loads an ONNX Runtime for Node once: onnxruntime-node (native CPU) when its binding loads, else
// onnxruntime-web's WASM build (slower, about 10x, but it runs anywhere Node does).
// Set CLOCKFACE_ORT_BACKEND=wasm to force the fallback; tests and the benchmark ask for a backend explicitly.
// Server-side only: it reads model files from disk. Do not import it from client components.
//
// A runtime that does not load, a model file that is missing or is not the registry's (size, sha256), a session
// that cannot be created or a run that fails are the service's faults: they throw ServiceUnavailable("face-models"),
// which the check-in answers as "verification is unavailable" and never records as the person's attempt. Only the
// crops themselves (lib/face/node/jpeg.ts) can be the person's fault.

import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { InferenceSession, Tensor } from "onnxruntime-common";
import { ServiceUnavailable } from "@/lib/errors";
import { MODELS, type OnnxModelEntry } from "@/lib/face/models";
import { env } from "@/lib/env";

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
  return env().CLOCKFACE_ORT_BACKEND;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e)).split("\n")[0]!;

async function loadRuntime(want: BackendRequest): Promise<NodeOrt> {
  let fallbackReason: string | undefined = want === "wasm" ? "forced by CLOCKFACE_ORT_BACKEND=wasm" : undefined;
  if (want !== "wasm") {
    try {
      const ort = (await import("onnxruntime-node")) as unknown as OrtModule;
      return { backend: "native", ort };
    } catch (err) {
      if (want === "native") throw new ServiceUnavailable("face-models", `onnxruntime-node did not load: ${messageOf(err)}`);
      fallbackReason = `onnxruntime-node did not load: ${messageOf(err)}`;
      console.warn(`face models: ${fallbackReason}; falling back to onnxruntime-web (WASM, about 10x slower)`);
    }
  }
  try {
    const ort = (await import("onnxruntime-web")) as unknown as OrtModule;
    // WASM threads in Node need worker_threads; one thread keeps it simple and predictable on a server.
    ort.env.wasm.numThreads = 1;
    return { backend: "wasm", ort, fallbackReason };
  } catch (err) {
    throw new ServiceUnavailable("face-models", `${fallbackReason ? `${fallbackReason}; ` : ""}onnxruntime-web did not load either: ${messageOf(err)}`);
  }
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

// One intra-op thread per inference by default: a server runs several check-ins at once, and ORT's spinning thread
// pool on a small, busy machine costs more than it gains (measurement in docs/check-in-protocol.md, "Measured").
// Operators can set CLOCKFACE_ORT_THREADS.
export const intraOpThreads = (): number => env().CLOCKFACE_ORT_THREADS;

/** The model file's bytes, checked against the registry (size and sha256): a wrong file is never run. */
export async function readModel(entry: Pick<OnnxModelEntry, "file" | "bytes" | "sha256">): Promise<Uint8Array> {
  const file = modelPath(entry.file);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (e) {
    throw new ServiceUnavailable("face-models", `model ${entry.file} unreadable at ${file}: ${messageOf(e)}`);
  }
  if (bytes.length !== entry.bytes) throw new ServiceUnavailable("face-models", `model ${entry.file} is ${bytes.length} bytes, the registry says ${entry.bytes}`);
  const sha = createHash("sha256").update(bytes).digest("hex");
  if (sha !== entry.sha256) throw new ServiceUnavailable("face-models", `model ${entry.file} has sha256 ${sha}, the registry says ${entry.sha256}`);
  return bytes;
}

/** One session per model file (and backend) per process (memoised promise). */
export function nodeSession(entry: OnnxModelEntry, want: BackendRequest = requestedBackend()): Promise<InferenceSession> {
  const key = `${want}:${entry.file}`;
  let s = sessions.get(key);
  if (!s) {
    s = (async () => {
      const { ort, backend } = await nodeOrt(want);
      const bytes = await readModel(entry);
      const threads = intraOpThreads();
      try {
        return await ort.InferenceSession.create(bytes, {
          graphOptimizationLevel: "all",
          ...(backend === "native" && threads ? { intraOpNumThreads: threads } : {}),
        });
      } catch (e) {
        throw new ServiceUnavailable("face-models", `model ${entry.file}: session not created (${backend}): ${messageOf(e)}`);
      }
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
  let out: InferenceSession.OnnxValueMapType;
  try {
    out = await session.run(feeds);
  } catch (e) {
    throw new ServiceUnavailable("face-models", `model ${entry.file}: run failed: ${messageOf(e)}`);
  }
  const t = out[entry.output.name];
  if (!t) throw new ServiceUnavailable("face-models", `model ${entry.file}: no output named ${entry.output.name}`);
  return t.data as Float32Array;
}

/** Every ONNX model the server runs, in the order strict mode uses them. */
export const SERVER_MODELS: readonly OnnxModelEntry[] = [MODELS.embedding, MODELS.antispoofV2, MODELS.antispoofV1se];

/** Loads the runtime and creates every server model's session; throws ServiceUnavailable when any of it fails. */
export async function createSessions(want: BackendRequest = requestedBackend()): Promise<NodeOrtBackend> {
  const { backend } = await nodeOrt(want);
  await Promise.all(SERVER_MODELS.map((m) => nodeSession(m, want)));
  return backend;
}
