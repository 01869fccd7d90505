// Chooses the database driver: no DATABASE_URL → PGlite (Postgres in WASM, with pgvector) in .data/pglite,
// created and migrated on first use; otherwise Neon's serverless driver (WebSocket Pool, so transactions work).
import "server-only";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import * as schema from "./schema";
import { openDatabase, type Database } from "./open";

export type { Database };

const g = globalThis as unknown as { __clockfaceDb?: Promise<Database> };

/** The app's database, opened lazily once per process (never at import time: `next build` imports this). */
export function db(): Promise<Database> {
  g.__clockfaceDb ??= openDatabase({
    url: process.env.DATABASE_URL,
    dataDir: process.env.PGLITE_DIR ?? path.join(/*turbopackIgnore: true*/ process.cwd(), ".data", "pglite"),
  }).catch((e) => {
    g.__clockfaceDb = undefined;
    throw e;
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

export type Schema = typeof schema;
export type AnyPg = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
