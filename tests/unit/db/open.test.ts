// The embedded data directory check at server start (lib/db/open.ts ensureWritableDir): creates what is missing, and
// answers a directory it cannot create with one message, at once. Where mkdir fails with ENOENT although the parent
// exists (/proc here; a read-only file system does the same), Node's recursive mkdir retried forever and the server
// hung before it could say anything.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureWritableDir } from "@/lib/db/open";

const base = mkdtempSync(path.join(tmpdir(), "clockface-dir-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe("ensureWritableDir", () => {
  it("creates every missing level", async () => {
    const dir = path.join(base, "a", "b", "pglite");
    await ensureWritableDir(dir);
    expect(existsSync(dir)).toBe(true);
    await ensureWritableDir(dir); // and accepts it once it exists
  });

  it.skipIf(process.platform !== "linux")("answers a directory that mkdir reports as ENOENT under an existing parent, without hanging", async () => {
    await expect(ensureWritableDir("/proc/1/clockface-data/pglite")).rejects.toThrow(/^\/proc\/1\/clockface-data\/pglite cannot be created/);
  }, 5_000);
});
