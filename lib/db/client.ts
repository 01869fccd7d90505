// Chooses the database driver: no DATABASE_URL → PGlite (Postgres in WASM, with pgvector) in .data/pglite,
// created and migrated on first use; otherwise Neon's serverless driver (WebSocket Pool, so transactions work).
import "server-only";
import { ServiceUnavailable } from "@/lib/errors";
import { openDatabase, type Database } from "./open";
import { env, pgliteDir } from "@/lib/env";

export type { Database };

const g = globalThis as unknown as { __clockfaceDb?: Promise<Database> };

/**
 * The app's database, opened lazily once per process (never at import time: `next build` imports this). Failing to
 * open it (unreachable, a data directory that cannot be written, migrations that do not apply) is the service's
 * fault: ServiceUnavailable("database"), retried on the next call.
 */
export function db(): Promise<Database> {
  const { DATABASE_URL: url } = env();
  const dataDir = pgliteDir();
  g.__clockfaceDb ??= openDatabase({ url, dataDir }).catch((e) => {
    g.__clockfaceDb = undefined;
    const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new ServiceUnavailable("database", url ? `cannot open DATABASE_URL: ${why}` : `cannot open the embedded database in ${dataDir}: ${why}`);
  });
  return g.__clockfaceDb;
}

/**
 * Puts `database` in place of the app's (tests/support/db.ts, the server benchmark); undefined: the next db() opens
 * the configured one again.
 */
export function setDatabaseForTests(database: Promise<Database> | undefined): void {
  g.__clockfaceDb = database;
}

