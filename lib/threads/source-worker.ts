// A worker thread on a TypeScript entry when the code runs from source (tsx: scripts, tests). Node does not pass
// module hooks on to worker threads, so the worker registers tsx's loader first, then imports the entry.
// Under Next the callers use `new Worker(new URL("./entry.ts", import.meta.url))` instead, which Turbopack bundles
// as a worker-thread chunk; that pattern must stay written out at each call site for Turbopack to see it. Note that
// in Turbopack's output `import.meta.url` is still the source file's URL, so callers tell the two cases apart by
// NEXT_RUNTIME. Callers pass the entry's file name built at run time (e.g. ["face-worker", "ts"].join(".")) so that
// Turbopack does not see a file reference here (it would copy the .ts file into the public static assets).
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";

/** A worker on `fileName`, a TypeScript file next to the module whose `import.meta.url` is `from`. */
export function sourceWorker(from: string, fileName: string, options: Omit<WorkerOptions, "eval"> = {}): Worker {
  const entry = pathToFileURL(path.join(/*turbopackIgnore: true*/ path.dirname(fileURLToPath(from)), fileName)).href;
  const shim = `import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(shim, { ...options, eval: true });
}
