// The same suite through @neondatabase/serverless (WebSocket Pool) against PGlite behind pglite-socket and a
// WebSocket-to-TCP proxy that this file starts and stops: the production driver path, migrations included.
import { afterAll, vi } from "vitest";
import { closeDatabase, type Database } from "@/lib/db/open";
import { useFreshDatabase } from "../support/db";
import { startNeonLocal, type NeonLocal } from "@/tools/neon-local";
import { foundationSuite } from "./foundation.suite";

vi.mock("@/lib/auth/session", async () => (await import("../support/session")).sessionModule);
vi.mock("@/lib/auth", () => ({ signIn: vi.fn(async () => undefined), signOut: vi.fn(async () => undefined), auth: vi.fn() }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

let local: NeonLocal | undefined;
let database: Database | undefined;
afterAll(async () => {
  if (database) await closeDatabase(database);
  await local?.stop();
});

foundationSuite("Neon serverless driver", async () => {
  local = await startNeonLocal();
  process.env.NEON_WS_PROXY = local.proxy;
  database = await useFreshDatabase({ url: local.url, migrate: true });
  return database;
});
