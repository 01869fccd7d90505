// lib/env.ts: one typed parse of the environment; production refuses to start without what it needs, in one line;
// and no other app module reads process.env.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, pgliteDir, blobDir, outboxFile, startupProblem } from "@/lib/env";

const SECRET = "x".repeat(43);

describe("parseEnv", () => {
  it("gives typed defaults for an empty environment, and treats empty values as unset", () => {
    const e = parseEnv({ DATABASE_URL: "", CLOCKFACE_TRUSTED_PROXY_HOPS: "" });
    expect(e).toMatchObject({ NODE_ENV: "development", DATABASE_POOL_MAX: 5, CLOCKFACE_TRUSTED_PROXY_HOPS: 0, CLOCKFACE_ORT_THREADS: 1, CLOCKFACE_ORT_BACKEND: "auto" });
    expect(e.DATABASE_URL).toBeUndefined();
  });

  it("coerces numbers and rejects a bad value with one line naming the variable", () => {
    expect(parseEnv({ CLOCKFACE_TRUSTED_PROXY_HOPS: "2", DATABASE_POOL_MAX: "12" })).toMatchObject({ CLOCKFACE_TRUSTED_PROXY_HOPS: 2, DATABASE_POOL_MAX: 12 });
    expect(() => parseEnv({ DATABASE_URL: "not a url" })).toThrow(EnvError);
    expect(() => parseEnv({ DATABASE_URL: "not a url" })).toThrow(/^invalid environment: DATABASE_URL: .* \(see \.env\.example\)$/);
    expect(() => parseEnv({ CLOCKFACE_FACE_WORKER: "yes" })).toThrow(/CLOCKFACE_FACE_WORKER/);
  });

  it("puts the embedded mode's files under CLOCKFACE_EMBEDDED_DIR unless a finer variable says otherwise", () => {
    const e = parseEnv({ CLOCKFACE_EMBEDDED_DIR: "/srv/clockface" });
    expect([pgliteDir(e), blobDir(e), outboxFile(e)]).toEqual(["/srv/clockface/pglite", "/srv/clockface/blob", "/srv/clockface/outbox.jsonl"]);
    expect(pgliteDir(parseEnv({ CLOCKFACE_EMBEDDED_DIR: "/srv/clockface", PGLITE_DIR: "/fast/pg" }))).toBe("/fast/pg");
  });
});

describe("startupProblem", () => {
  const prod = { NODE_ENV: "production", AUTH_SECRET: SECRET };
  it("lets development start with nothing set", () => {
    expect(startupProblem(parseEnv({}))).toBeNull();
  });

  it("refuses production without AUTH_SECRET", () => {
    expect(startupProblem(parseEnv({ NODE_ENV: "production", DATABASE_URL: "postgres://h/db", BLOB_READ_WRITE_TOKEN: "t" }))).toMatch(/^AUTH_SECRET is required in production/);
  });

  it("refuses production (NODE_ENV or VERCEL) without DATABASE_URL or BLOB_READ_WRITE_TOKEN, naming what is missing", () => {
    expect(startupProblem(parseEnv(prod))).toMatch(/^DATABASE_URL and BLOB_READ_WRITE_TOKEN are required in production, or set CLOCKFACE_EMBEDDED_DIR/);
    expect(startupProblem(parseEnv({ ...prod, DATABASE_URL: "postgres://h/db" }))).toMatch(/^BLOB_READ_WRITE_TOKEN is required in production/);
    expect(startupProblem(parseEnv({ NODE_ENV: "development", VERCEL: "1", AUTH_SECRET: SECRET, BLOB_READ_WRITE_TOKEN: "t" }))).toMatch(/^DATABASE_URL is required/);
  });

  it("lets production start with both, or with the embedded mode's explicit data directory", () => {
    expect(startupProblem(parseEnv({ ...prod, DATABASE_URL: "postgres://h/db", BLOB_READ_WRITE_TOKEN: "t" }))).toBeNull();
    expect(startupProblem(parseEnv({ ...prod, CLOCKFACE_EMBEDDED_DIR: "/srv/clockface" }))).toBeNull();
  });
});

describe("the only reader of process.env", () => {
  it("is lib/env.ts among the app's modules (app/, lib/, proxy.ts, instrumentation.ts, next.config.ts)", () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const files: string[] = ["proxy.ts", "instrumentation.ts", "next.config.ts"];
    const walk = (dir: string) => {
      for (const e of readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const rel = path.join(dir, e.name);
        if (e.isDirectory()) walk(rel);
        else if (/\.(ts|tsx|mjs)$/.test(e.name)) files.push(rel);
      }
    };
    walk("app");
    walk("lib");
    // process.env.NEXT_RUNTIME is not a run-time read: Next replaces it at build time (dead-code elimination of the
    // Node-only branches in the Edge bundle and of the source-worker fallback in the server bundle); nor is
    // process.env.NEXT_PUBLIC_CLOCKFACE_E2E_HOOKS (inlined into the client bundle: the test build's capture hooks).
    const reads = (f: string) => readFileSync(path.join(root, f), "utf8").replace(/process\.env\.(NEXT_RUNTIME|NEXT_PUBLIC_CLOCKFACE_E2E_HOOKS)\b/g, "");
    const readers = files.filter((f) => f !== path.join("lib", "env.ts") && /process\.env\b/.test(reads(f)));
    expect(readers).toEqual([]);
  });
});
