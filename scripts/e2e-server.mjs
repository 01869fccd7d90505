// The server behind the Playwright suite: a production build (`next build` + `next start`) on loopback, on a
// fresh embedded database and blob folder under .data/e2e, with the demo organisation seeded.
import { execSync, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const dataDir = path.join(root, ".data", "e2e");
rmSync(dataDir, { recursive: true, force: true });
const env = {
  ...process.env,
  NODE_ENV: "production",
  // Embedded single-server mode (PGlite + local files) in production: the app refuses to start without it.
  CLOCKFACE_EMBEDDED_DIR: dataDir,
  PGLITE_DIR: path.join(dataDir, "pglite"),
  BLOB_DIR: path.join(dataDir, "blob"),
  AUTH_SECRET: process.env.AUTH_SECRET ?? "e2e-only-secret-not-for-production-0123456789",
  AUTH_TRUST_HOST: "true",
  CLOCKFACE_DEMO: "1",
  CLOCKFACE_DEV_OUTBOX: "1",
  NEXT_TELEMETRY_DISABLED: "1",
  // The capture's test hooks (lib/face/e2e-hooks.ts), compiled into this build only: the attacker specs use them.
  NEXT_PUBLIC_CLOCKFACE_E2E_HOOKS: "1",
};
delete env.DATABASE_URL;
delete env.BLOB_READ_WRITE_TOKEN;
const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
if (!process.env.E2E_SKIP_BUILD) execSync(`"${process.execPath}" "${next}" build`, { cwd: root, env, stdio: "inherit" });
const port = process.env.E2E_PORT ?? "3100";
// Node runs Next directly (not through npx), so the signal Playwright sends at the end reaches the server itself.
const child = spawn(process.execPath, [next, "start", "-p", port, "-H", "127.0.0.1"], { cwd: root, env, stdio: "inherit" });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
