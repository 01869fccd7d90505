// The environment: the one module that reads process.env. Every variable is parsed (zod) into one typed object,
// documented in .env.example. Nothing is required in development: the embedded defaults cover it. In production
// (NODE_ENV=production or on Vercel) the server refuses to start, with one line, without AUTH_SECRET, and without
// DATABASE_URL or BLOB_READ_WRITE_TOKEN unless the operator opts into the embedded single-server mode by naming a
// writable data directory (CLOCKFACE_EMBEDDED_DIR). No "server-only" here: next.config.ts, scripts and tests read it too.
import { z } from "zod";

const flag = z.enum(["0", "1"]).optional();

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Set by Vercel on its builds and functions. */
  VERCEL: z.string().optional(),
  /** Set by Vercel: the production domain (links that carry a secret when APP_URL is unset). */
  VERCEL_PROJECT_PRODUCTION_URL: z.string().optional(),
  /** Set by Next: "nodejs" or "edge" inside the server, unset in scripts and tests. Code that picks a bundle-time
   * branch on it reads process.env.NEXT_RUNTIME itself: Next replaces that expression at build time. */
  NEXT_RUNTIME: z.enum(["nodejs", "edge"]).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).optional(),

  DATABASE_URL: z.url().optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(5),
  /** Tests and verify:deploy: a WebSocket-to-TCP proxy (host:port) in front of a local Postgres for the Neon driver. */
  NEON_WS_PROXY: z.string().optional(),
  /** The embedded single-server mode's data directory (PGlite, files, mail outbox); default .data in development. */
  CLOCKFACE_EMBEDDED_DIR: z.string().optional(),
  PGLITE_DIR: z.string().optional(),
  CLOCKFACE_PGLITE_PIPELINE: flag,
  CLOCKFACE_PGLITE_THREAD: flag,

  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  NEXTAUTH_SECRET: z.string().optional(),
  AUTH_URL: z.url().optional(),
  NEXTAUTH_URL: z.url().optional(),

  BLOB_READ_WRITE_TOKEN: z.string().optional(),
  BLOB_DIR: z.string().optional(),

  SMTP_URL: z.url().optional(),
  MAIL_FROM: z.string().default("Clockface <no-reply@clockface.local>"),
  CLOCKFACE_DEV_OUTBOX: flag,
  CLOCKFACE_OUTBOX: z.string().optional(),

  APP_URL: z.url().optional(),
  CRON_SECRET: z.string().min(16).optional(),
  /** Reverse proxies in front of the app (lib/checkin/client-ip.ts); 0: reached directly, or on Vercel. */
  CLOCKFACE_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  CLOCKFACE_HNSW_MIN_TEMPLATES: z.coerce.number().int().min(0).optional(),
  CLOCKFACE_FACE_WORKER: flag,
  CLOCKFACE_ORT_BACKEND: z.enum(["native", "wasm", "auto"]).default("auto"),
  /** Intra-op threads per inference (default 1: a server runs several check-ins at once). */
  CLOCKFACE_ORT_THREADS: z.coerce.number().int().min(1).max(64).default(1),
  CLOCKFACE_CHECKIN_TRACE: flag,
  CLOCKFACE_DEMO: flag,
  /** 1 at BUILD time compiles in the capture's test hooks (lib/face/e2e-hooks.ts): the Playwright build only. */
  NEXT_PUBLIC_CLOCKFACE_E2E_HOOKS: flag,
});

export type Env = z.infer<typeof schema>;
const keys = Object.keys(schema.shape) as (keyof Env)[];

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvError";
  }
}

/** Parses an environment (empty values count as unset, as in a copied .env.example). Throws EnvError. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const raw = Object.fromEntries(keys.map((k) => [k, source[k] === "" ? undefined : source[k]]));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new EnvError(`invalid environment: ${lines} (see .env.example)`);
  }
  return parsed.data;
}

let cached: { key: string; env: Env } | undefined;

/**
 * The process's environment, parsed once (and again only if a variable changed, which happens in tests alone).
 * Throws EnvError on an invalid value.
 */
export function env(): Env {
  const key = keys.map((k) => process.env[k] ?? "").join("\0");
  if (cached?.key !== key) cached = { key, env: parseEnv(process.env) };
  return cached.env;
}

/** The demo organisation is seeded at start (and offered on the landing page): CLOCKFACE_DEMO=1, or in development. */
export const demoEnabled = (e: Env = env()): boolean => (e.CLOCKFACE_DEMO ? e.CLOCKFACE_DEMO === "1" : e.NODE_ENV === "development");

export const isProduction = (e: Env = env()): boolean => e.NODE_ENV === "production" || !!e.VERCEL;

/** The embedded mode's data directory: CLOCKFACE_EMBEDDED_DIR, else .data under the working directory. */
// (POSIX paths joined by hand: this module must load in any runtime, node:path included nowhere.)
export function dataDir(e: Env = env()): string {
  return e.CLOCKFACE_EMBEDDED_DIR ?? `${process.cwd()}/.data`;
}

export const pgliteDir = (e: Env = env()): string => e.PGLITE_DIR ?? `${dataDir(e)}/pglite`;
export const blobDir = (e: Env = env()): string => e.BLOB_DIR ?? `${dataDir(e)}/blob`;
export const outboxFile = (e: Env = env()): string => e.CLOCKFACE_OUTBOX ?? `${dataDir(e)}/outbox.jsonl`;

/**
 * What the server needs before it starts, as one line (null when it may start). Production needs AUTH_SECRET, and
 * DATABASE_URL and BLOB_READ_WRITE_TOKEN unless CLOCKFACE_EMBEDDED_DIR opts into the embedded single-server mode.
 */
export function startupProblem(e: Env): string | null {
  if (!isProduction(e)) return null;
  if (!e.AUTH_SECRET && !e.NEXTAUTH_SECRET) return "AUTH_SECRET is required in production (openssl rand -base64 32); see .env.example";
  const missing = [!e.DATABASE_URL && "DATABASE_URL", !e.BLOB_READ_WRITE_TOKEN && "BLOB_READ_WRITE_TOKEN"].filter(Boolean);
  if (missing.length && !e.CLOCKFACE_EMBEDDED_DIR)
    return `${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} required in production, or set CLOCKFACE_EMBEDDED_DIR to a writable directory to run the embedded single-server mode (PGlite and files on local disk); see .env.example`;
  return null;
}
