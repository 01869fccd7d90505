// Opens (and migrates) a database for a URL or a PGlite data directory. No "server-only" here so tests and
// scripts can open their own databases; the app goes through lib/db/client.ts.
import path from "node:path";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";
import { env } from "@/lib/env";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema, ExtractTablesWithRelations<typeof schema>>;
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

export const migrationsFolder = path.join(/*turbopackIgnore: true*/ process.cwd(), "drizzle");

export interface OpenOptions {
  /** postgres:// URL (Neon or any Postgres reachable over Neon's WebSocket proxy). */
  url?: string;
  /** PGlite data directory, or "memory://" for a throwaway in-memory database. */
  dataDir?: string;
  /** Run migrations on open (default: true for PGlite, false for a URL: production runs `npm run db:migrate`). */
  migrate?: boolean;
  /**
   * PGlite on its own worker thread (lib/db/pglite/thread.ts). Default: in the app server (Next), unless
   * CLOCKFACE_PGLITE_THREAD=0 or CLOCKFACE_PGLITE_PIPELINE=0; scripts and tests open PGlite in-process unless
   * they ask.
   */
  thread?: boolean;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) {
    const { drizzle } = await import("drizzle-orm/neon-serverless");
    const { Pool, neonConfig } = await import("@neondatabase/serverless");
    const proxy = env().NEON_WS_PROXY;
    if (typeof WebSocket === "undefined" || proxy) {
      const ws = (await import("ws")).default;
      neonConfig.webSocketConstructor = ws;
    }
    if (proxy) {
      // Local Postgres behind a WebSocket-to-TCP proxy (tests): plain ws, no pipelining.
      neonConfig.wsProxy = (host, port) => `${proxy}/v2?address=${host}:${port}`;
      neonConfig.useSecureWebSocket = false;
      neonConfig.pipelineConnect = false;
      neonConfig.pipelineTLS = false;
    }
    const pool = new Pool({ connectionString: opts.url, max: env().DATABASE_POOL_MAX });
    const database = drizzle({ client: pool, schema }) as unknown as Database;
    if (opts.migrate) {
      const { migrate } = await import("drizzle-orm/neon-serverless/migrator");
      await migrate(database as never, { migrationsFolder });
    }
    return database;
  }
  const { drizzle } = await import("drizzle-orm/pglite");
  const dataDir = opts.dataDir ?? "memory://";
  if (!dataDir.startsWith("memory://")) await ensureWritableDir(dataDir);
  const pipelined = env().CLOCKFACE_PGLITE_PIPELINE !== "0";
  // process.env.NEXT_RUNTIME: "in the app server", replaced at build time by Next (see lib/env.ts).
  const thread = pipelined && (opts.thread ?? (!!process.env.NEXT_RUNTIME && env().CLOCKFACE_PGLITE_THREAD !== "0"));
  // One protocol round trip per query (lib/db/pglite/pipeline.ts); CLOCKFACE_PGLITE_PIPELINE=0 keeps PGlite's own.
  const { openPGlite } = await import("./pglite");
  const client = await openPGlite(dataDir, { pipeline: pipelined, thread });
  const database = drizzle({ client: client as never, schema }) as unknown as Database;
  if (opts.migrate ?? true) {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(database as never, { migrationsFolder });
  }
  return database;
}

/**
 * Creates `dir` if needed and checks that this process can write it; otherwise throws one clear message naming the
 * directory that is not writable. One level at a time, not `mkdirSync(dir, { recursive: true })`: where creating a
 * child fails with ENOENT although its parent exists (a read-only or virtual file system such as /proc), Node's
 * recursive mkdir retries forever, synchronously, and the server hangs before it can say anything.
 */
export async function ensureWritableDir(dir: string): Promise<void> {
  const { accessSync, constants, existsSync, mkdirSync } = await import("node:fs");
  const code = (e: unknown) => (e as NodeJS.ErrnoException).code ?? String(e);
  const missing: string[] = [];
  let parent = path.resolve(dir);
  while (!existsSync(parent) && path.dirname(parent) !== parent) {
    missing.unshift(parent);
    parent = path.dirname(parent);
  }
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (e) {
      if (code(e) === "EEXIST") continue; // made meanwhile by another process
      try {
        accessSync(path.dirname(d), constants.W_OK);
      } catch (w) {
        throw new Error(`${dir} cannot be created: ${path.dirname(d)} is not writable (${code(w)})`);
      }
      throw new Error(`${dir} cannot be created (${code(e)})`);
    }
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new Error(`${dir} is not writable (${code(e)})`);
  }
}

/** Closes the underlying client (PGlite instance or Neon pool). */
export async function closeDatabase(database: Database): Promise<void> {
  const client = (database as unknown as { $client?: { end?: () => Promise<void>; close?: () => Promise<void> } }).$client;
  if (client?.end) await client.end();
  else if (client?.close) await client.close();
}
