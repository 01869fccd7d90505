// tools/neon-local.ts stands in for Neon in tests and verify:deploy: PGlite behind pglite-socket and a WebSocket
// proxy. PGlite is one session shared by every socket connection, but on Neon each connection has its own: a
// connection opened after another closed must not find that one's prepared statements (the app names its hot
// statements, e.g. "get_member"), or it fails with "prepared statement … already exists".
import { afterAll, beforeAll, expect, it } from "vitest";
import { closeDatabase, openDatabase } from "@/lib/db/open";
import { organisations } from "@/lib/db/schema";
import { startNeonLocal, type NeonLocal } from "@/tools/neon-local";

let neon: NeonLocal;

beforeAll(async () => {
  neon = await startNeonLocal();
  process.env.NEON_WS_PROXY = neon.proxy;
  process.env.DATABASE_POOL_MAX = "1";
});

afterAll(async () => {
  delete process.env.NEON_WS_PROXY;
  delete process.env.DATABASE_POOL_MAX;
  await neon?.stop();
});

it("a new connection starts without the statements a closed one prepared, as on Neon", async () => {
  for (let round = 0; round < 2; round++) {
    const d = await openDatabase({ url: neon.url, migrate: round === 0 });
    const q = d.select({ id: organisations.id }).from(organisations).prepare("neon_local_probe");
    expect(await q.execute()).toEqual([]);
    await closeDatabase(d); // the pool's only connection closes; the next round opens a new one
  }
}, 60_000);
