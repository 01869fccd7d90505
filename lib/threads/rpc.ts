// Request/answer over a worker thread: each request gets an id, the worker answers with the same id, in any order.
// Used by the face pool (lib/face/node/face-pool.ts) and the PGlite thread (lib/db/pglite/thread.ts). When the
// worker fails or exits, every request still waiting, and every later one, is answered with `failed(id, error)`.
import type { Worker } from "node:worker_threads";

export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface WorkerRpc<Request extends { id: number }, Answer extends { id: number }> {
  /** Posts the request with a fresh id; resolves with the worker's answer to it (never rejects). */
  call(request: DistributiveOmit<Request, "id">): Promise<Answer>;
  /** The first error or exit of the worker, once there has been one. */
  readonly failure: Error | null;
}

export function workerRpc<Request extends { id: number }, Answer extends { id: number }>(
  worker: Worker,
  options: { failed: (id: number, error: Error) => Answer; exited: (code: number) => Error },
): WorkerRpc<Request, Answer> {
  let next = 1;
  let failure: Error | null = null;
  const pending = new Map<number, (a: Answer) => void>();
  const failAll = (error: Error) => {
    failure ??= error;
    for (const [id, resolve] of pending) resolve(options.failed(id, error));
    pending.clear();
  };
  worker.on("message", (a: Answer) => {
    pending.get(a.id)?.(a);
    pending.delete(a.id);
  });
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(options.exited(code)));
  return {
    call(request) {
      const id = next++;
      if (failure) return Promise.resolve(options.failed(id, failure));
      return new Promise<Answer>((resolve) => {
        pending.set(id, resolve);
        worker.postMessage({ ...request, id });
      });
    },
    get failure() {
      return failure;
    },
  };
}
