// Worker-thread entry that owns a PGlite database (see thread.ts). Postgres in WASM runs here, beside the
// request thread; messages are handled one at a time in the order they arrive (the client keeps other statements
// out of an open transaction) and statements run through the same pipelined, prepared runner as in-process PGlite. Values come back unparsed: the client parses them with the caller's parsers.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite, protocol } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { assertPGliteInternals } from "./internals";
import { statementRunner, type RawResult } from "./pipeline";

export type ThreadRequest =
  | { id: number; op: "query"; text: string; params: unknown[]; paramTypes?: number[]; inTransaction: boolean; begin?: boolean }
  | { id: number; op: "simple"; sql: "COMMIT" | "ROLLBACK" }
  | { id: number; op: "array-types" }
  | { id: number; op: "close" };

export type ThreadAnswer =
  | { id: number; ok: true; result?: RawResult; arrayTypes?: [number, number][] }
  | { id: number; ok: false; error: { message: string; props: Record<string, unknown> } };

/** An error as plain data (a structured clone of an Error keeps only its message and stack, not Postgres's code). */
function errorData(e: unknown): { message: string; props: Record<string, unknown> } {
  if (!(e instanceof Error)) return { message: String(e), props: {} };
  const props: Record<string, unknown> = { name: e.name };
  for (const [k, v] of Object.entries(e)) if (k !== "queryOptions" && (v === null || typeof v !== "object" || Array.isArray(v))) props[k] = v;
  return { message: e.message, props };
}

const port = parentPort;
if (port) {
  const { dataDir } = workerData as { dataDir: string };
  const ready = (async () => {
    const pg = new PGlite({ dataDir, extensions: { vector } });
    await pg.waitReady;
    assertPGliteInternals(pg);
    return { pg, runner: statementRunner(pg) };
  })();
  let queue: Promise<unknown> = Promise.resolve();

  async function handle(m: ThreadRequest): Promise<ThreadAnswer> {
    try {
      const { pg, runner } = await ready;
      if (m.op === "query") {
        // A transaction's first statement brings its BEGIN along (one message instead of two).
        if (m.begin) await pg.execProtocol(protocol.serialize.query("BEGIN"), { syncToFs: false });
        return { id: m.id, ok: true, result: await runner.run(m.text, m.params, m.paramTypes ? { paramTypes: m.paramTypes } : undefined, m.inTransaction) };
      }
      if (m.op === "array-types") {
        // The array types PGlite registered parsers for when it opened (element type, array type), as it queries them.
        const r = await pg.query<{ oid: number; typarray: number }>(
          "select b.oid, b.typarray from pg_catalog.pg_type a left join pg_catalog.pg_type b on b.oid = a.typelem where a.typcategory = 'A' group by b.oid, b.typarray order by b.oid",
        );
        return { id: m.id, ok: true, arrayTypes: r.rows.map((t) => [t.oid, t.typarray]) };
      }
      if (m.op === "simple") {
        await pg.execProtocol(protocol.serialize.query(m.sql), { syncToFs: true });
        return { id: m.id, ok: true };
      }
      await pg.close();
      return { id: m.id, ok: true };
    } catch (e) {
      return { id: m.id, ok: false, error: errorData(e) };
    }
  }

  port.on("message", (m: ThreadRequest) => {
    queue = queue.then(async () => port.postMessage(await handle(m)));
  });
}
