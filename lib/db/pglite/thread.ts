// PGlite on its own worker thread, behind the part of PGlite's client API that drizzle uses (query, transaction,
// close). Postgres in WASM is about half of the request thread's work per check-in (measured with
// `npm run bench:server --server-node-args --cpu-prof`); on a worker it runs beside Next's request handling instead
// of between it. PGlite's semantics are kept: statements run one at a time (several may be on their way), a
// transaction holds the database until it commits or rolls back (queries from outside it wait), errors carry
// Postgres's fields (code, detail, …), values are parsed on this thread with the caller's parsers (drizzle's) and
// PGlite's defaults.
import { Worker } from "node:worker_threads";
import { types, type QueryOptions, type Results } from "@electric-sql/pglite";
import { workerRpc } from "@/lib/threads/rpc";
import { sourceWorker } from "@/lib/threads/source-worker";
import { needsPGliteQuery, parseRawResult } from "./pipeline";
import type { ThreadAnswer, ThreadRequest } from "./thread-worker";

type Query = <T>(query: string, params?: unknown[], options?: QueryOptions) => Promise<Results<T>>;

export interface ThreadTransaction {
  query: Query;
  readonly closed: boolean;
}

export interface PGliteThread {
  query: Query;
  transaction<T>(fn: (tx: ThreadTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The worker: bundled by Turbopack under Next, from TypeScript source otherwise (lib/threads/source-worker.ts). */
function spawnWorker(dataDir: string): Worker {
  // process.env.NEXT_RUNTIME: replaced at build time by Next (see lib/env.ts), so the bundle keeps one branch.
  if (process.env.NEXT_RUNTIME) return new Worker(new URL("./thread-worker.ts", import.meta.url), { workerData: { dataDir } });
  return sourceWorker(import.meta.url, ["thread-worker", "ts"].join("."), { workerData: { dataDir } });
}

/**
 * The order of access to the one Postgres session on the thread. Statements outside a transaction are sent as soon
 * as they come: the thread runs its messages one after another, in the order sent, each statement in its own
 * implicit transaction, so none has to wait here for another's answer to come back and be picked up by this (busy)
 * event loop. A transaction has the session to itself: statements sent before it run before its BEGIN, and
 * whatever arrives after it waits here until it ends. First come, first served. Why (the one-at-a-time chain it
 * replaced, measured): docs/check-in-protocol.md, "What changed in the last round".
 */
function sessionGate() {
  let inTransaction = false;
  const waiting: { transaction: boolean; go: () => void }[] = [];
  const pump = () => {
    while (!inTransaction && waiting.length > 0) {
      const next = waiting.shift()!;
      inTransaction = next.transaction;
      next.go(); // continuations run in this order, so messages are sent in it
    }
  };
  const enter = (transaction: boolean) =>
    new Promise<void>((go) => {
      waiting.push({ transaction, go });
      pump();
    });
  return {
    async statement<T>(fn: () => Promise<T>): Promise<T> {
      await enter(false);
      return fn();
    },
    async alone<T>(fn: () => Promise<T>): Promise<T> {
      await enter(true);
      try {
        return await fn();
      } finally {
        inTransaction = false;
        pump();
      }
    },
  };
}

function rebuildError(e: { message: string; props: Record<string, unknown> }): Error {
  return Object.assign(new Error(e.message), e.props);
}

/** Opens the PGlite data directory on a new worker thread (with pgvector). */
export async function openPGliteThread(dataDir: string): Promise<PGliteThread> {
  const worker = spawnWorker(dataDir);
  worker.unref();
  const rpc = workerRpc<ThreadRequest, ThreadAnswer>(worker, {
    failed: (id, error) => ({ id, ok: false, error: { message: error.message, props: {} } }),
    exited: (code) => new Error(`PGlite thread exited (${code})`),
  });

  async function call(m: Parameters<typeof rpc.call>[0]): Promise<Extract<ThreadAnswer, { ok: true }>> {
    if (rpc.failure) throw rpc.failure;
    const answer = await rpc.call(m);
    if (!answer.ok) throw rebuildError(answer.error);
    return answer;
  }

  // The parsers PGlite's own instance would use: its defaults plus one for each array type it found on opening.
  const parsers: Record<number, (x: string, typeId?: number) => unknown> = { ...types.parsers };
  for (const [elem, array] of (await call({ op: "array-types" })).arrayTypes ?? []) {
    parsers[array] = (x) => types.arrayParser(x, parsers[elem]!, array);
  }

  const gate = sessionGate();
  const run = async <T>(text: string, params: unknown[], options: QueryOptions | undefined, inTransaction: boolean, begin = false) => {
    if (needsPGliteQuery(text, options) || options?.serializers) throw new Error("PGlite thread: blob and custom serializer options are not supported");
    const { result } = await call({ op: "query", text, params, paramTypes: options?.paramTypes, inTransaction, ...(begin ? { begin } : {}) });
    return parseRawResult(result!, parsers, options) as Results<T>;
  };

  const db: PGliteThread = {
    query: (text, params = [], options) => gate.statement(() => run(text, params, options, false)),
    transaction: (fn) =>
      gate.alone(async () => {
        // BEGIN goes with the transaction's first statement (each message to the thread and back costs a wake-up
        // of each thread); a transaction that ran no statement has nothing to begin, commit or roll back.
        let closed = false;
        let begun = false;
        const tx: ThreadTransaction = {
          query: (text, params = [], options) => {
            if (closed) return Promise.reject(new Error("Transaction is closed"));
            const begin = !begun;
            begun = true;
            return run(text, params, options, true, begin);
          },
          get closed() {
            return closed;
          },
        };
        try {
          const result = await fn(tx);
          closed = true;
          if (begun) await call({ op: "simple", sql: "COMMIT" });
          return result;
        } catch (e) {
          closed = true;
          if (begun) await call({ op: "simple", sql: "ROLLBACK" }).catch(() => {});
          throw e;
        }
      }),
    close: async () => {
      await gate.alone(() => call({ op: "close" })).catch(() => {});
      await worker.terminate();
    },
  };
  return db;
}
