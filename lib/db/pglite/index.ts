// PGlite (Postgres + pgvector in WASM): the embedded database for development, tests and single-server installs.
// Production scale is Neon (lib/db/open.ts). One way in: openPGlite(dir, options) gives drizzle's PGlite driver a
// client, in-process or on a worker thread, with each statement pipelined and prepared (pipeline.ts) unless the
// caller asks for PGlite's own query().
import type { PGlite } from "@electric-sql/pglite";
import { assertPGliteInternals } from "./internals";
import type { PGliteThread } from "./thread";

export interface OpenPGliteOptions {
  /** Each statement in one protocol round trip on a prepared statement (pipeline.ts); false: PGlite's own query(). */
  pipeline: boolean;
  /** On its own worker thread (thread.ts); needs `pipeline`. */
  thread: boolean;
}

export type PGliteClient = PGlite | PGliteThread;

/** Opens `dataDir` ("memory://" for a throwaway database) with pgvector; the directory must exist. */
export async function openPGlite(dataDir: string, options: OpenPGliteOptions): Promise<PGliteClient> {
  if (options.thread) {
    if (!options.pipeline) throw new Error("openPGlite: the thread runs statements through the pipeline");
    const { openPGliteThread } = await import("./thread");
    return openPGliteThread(dataDir);
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { vector } = await import("@electric-sql/pglite-pgvector");
  const pg = new PGlite({ dataDir, extensions: { vector } });
  await pg.waitReady;
  if (!options.pipeline) return pg;
  assertPGliteInternals(pg);
  return (await import("./pipeline")).pipelineQueries(pg);
}
