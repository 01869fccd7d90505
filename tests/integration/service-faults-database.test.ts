// Issue 13: a database that refuses connections, or an embedded data directory that cannot be written, is the
// service's fault: the person gets "unavailable, try again shortly" (503 from routes), the server logs one line
// with the cause, and /api/health says which part is down. Real Neon driver and real PGlite.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";

vi.mock("@/lib/auth/session", () => ({
  currentSession: async () => (globalThis as { __sessionRef?: { current: unknown } }).__sessionRef?.current ?? null,
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "203.0.113.9", "user-agent": "vitest" }) }));

import { beginCheckInAction } from "@/app/check-in/actions";
import { GET } from "@/app/api/health/route";
import type { Database } from "@/lib/db/open";
import { closeDatabase } from "@/lib/db/open";
import { errorMessages } from "@/lib/errors";
import { signInAs } from "@/tools/checkin-harness";
import { startNeonLocal } from "@/tools/neon-local";

// Ports of this file's local database (5420-5429 are this test's; nothing listens on them otherwise).
const PG_PORT = 5426;
const WS_PORT = 5427;
const g = globalThis as unknown as { __clockfaceDb?: Promise<Database> };
const someone = { id: "00000000-0000-4000-8000-000000000001", orgId: "00000000-0000-4000-8000-000000000002", role: "employee" as const };

async function forget() {
  const open = g.__clockfaceDb;
  g.__clockfaceDb = undefined;
  if (open) await open.then(closeDatabase, () => {});
}

/** Runs `f` with console.error captured; returns what it answered and the lines logged. */
async function logged<T>(f: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
  const spy = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    const value = await f();
    return { value, lines: spy.mock.calls.map((c) => c.join(" ")) };
  } finally {
    spy.mockRestore();
  }
}

afterEach(async () => {
  await forget();
  delete process.env.DATABASE_URL;
  delete process.env.NEON_WS_PROXY;
  delete process.env.PGLITE_DIR;
});

describe("a database that refuses connections", () => {
  it("answers unavailable with one log line, and health reports the database down", async () => {
    process.env.DATABASE_URL = `postgres://app:secret@127.0.0.1:${PG_PORT}/clockface`;
    process.env.NEON_WS_PROXY = `127.0.0.1:${WS_PORT}`; // nothing listens there
    signInAs(someone);
    const { value: r, lines } = await logged(() => beginCheckInAction({ deviceId: "00000000-0000-4000-8000-000000000003", punch: "in" }));
    expect(r).toEqual({ ok: false, code: "unavailable", error: errorMessages.unavailable });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^database unavailable: .*(ECONNREFUSED|WebSocket|connect)/i);
    expect(lines[0]).not.toContain("secret");

    const { value: res, lines: hl } = await logged(() => GET());
    expect(res.status).toBe(503);
    const body = (await res.json()) as { status: string; database: { status: string; error: string } };
    expect(body.status).toBe("degraded");
    expect(body.database.status).toBe("error");
    expect(JSON.stringify(body)).not.toContain("secret");
    expect(hl.filter((l) => l.startsWith("health: database unavailable"))).toHaveLength(1);
  }, 60_000);

  it("a database that goes away after working: the next request is answered unavailable", async () => {
    const local = await startNeonLocal({ pg: PG_PORT, ws: WS_PORT });
    try {
      process.env.DATABASE_URL = local.url;
      process.env.NEON_WS_PROXY = local.proxy;
      const before = await logged(() => GET());
      expect(((await before.value.json()) as { database: { status: string; driver: string } }).database).toMatchObject({ status: "ok", driver: "neon" });
    } finally {
      await local.stop();
    }
    signInAs(someone);
    const { value: r, lines } = await logged(() => beginCheckInAction({ deviceId: "00000000-0000-4000-8000-000000000003", punch: "in" }));
    expect(r).toMatchObject({ ok: false, code: "unavailable" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^database unavailable: /);
  }, 60_000);
});

/** A directory this process cannot write: mode 0555, or (as root, which ignores modes) a read-only bind mount. */
function readOnlyDir(): { dir: string; release: () => void } | null {
  const dir = mkdtempSync(path.join(tmpdir(), "clockface-ro-"));
  if (process.getuid?.() !== 0) {
    chmodSync(dir, 0o555);
    return { dir, release: () => (chmodSync(dir, 0o755), rmSync(dir, { recursive: true })) };
  }
  try {
    execFileSync("mount", ["--bind", "-o", "ro", dir, dir], { stdio: "ignore" });
  } catch {
    rmSync(dir, { recursive: true });
    return null;
  }
  return { dir, release: () => (execFileSync("umount", [dir]), rmSync(dir, { recursive: true })) };
}

describe("an embedded data directory that cannot be written", () => {
  const ro = readOnlyDir();
  afterAll(() => ro?.release());
  if (!ro) console.warn("running as root without permission to bind-mount read-only: skipping the read-only data directory test");

  it.skipIf(!ro)("answers unavailable with one log line naming the directory, and health reports it", async () => {
    process.env.PGLITE_DIR = path.join(ro!.dir, "pglite");
    signInAs(someone);
    const { value: r, lines } = await logged(() => beginCheckInAction({ deviceId: "00000000-0000-4000-8000-000000000003", punch: "in" }));
    expect(r).toEqual({ ok: false, code: "unavailable", error: errorMessages.unavailable });
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^database unavailable: cannot open the embedded database in ${ro!.dir}/pglite: .*(EACCES|EROFS|read-only)`, "i"))]);
    const res = await logged(() => GET());
    expect(res.value.status).toBe(503);
  });
});
