// Environment, validated with zod at server start (instrumentation.ts). Every variable is documented in
// .env.example. Nothing is required in development: the embedded defaults cover it.
import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.url().optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).optional(),
  PGLITE_DIR: z.string().optional(),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  BLOB_READ_WRITE_TOKEN: z.string().optional(),
  BLOB_DIR: z.string().optional(),
  CRON_SECRET: z.string().min(16).optional(),
  SMTP_URL: z.url().optional(),
  MAIL_FROM: z.string().optional(),
  CLOCKFACE_DEMO: z.enum(["0", "1"]).optional(),
  APP_URL: z.url().optional(),
  CLOCKFACE_DEV_OUTBOX: z.enum(["0", "1"]).optional(),
  CLOCKFACE_FACE_WORKER: z.enum(["0", "1"]).optional(),
  CLOCKFACE_HNSW_MIN_TEMPLATES: z.coerce.number().int().min(0).optional(),
  CLOCKFACE_PGLITE_PIPELINE: z.enum(["0", "1"]).optional(),
  CLOCKFACE_PGLITE_THREAD: z.enum(["0", "1"]).optional(),
  CLOCKFACE_CHECKIN_TRACE: z.enum(["0", "1"]).optional(),
  CLOCKFACE_TRUSTED_PROXY_HOPS: z.union([z.literal(""), z.coerce.number().int().min(0).max(10)]).optional(),
});

export type Env = z.infer<typeof schema>;

export function validateEnv(env: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${lines}\nSee .env.example.`);
  }
  if (parsed.data.NODE_ENV === "production" && !parsed.data.AUTH_SECRET)
    throw new Error("AUTH_SECRET is required in production (openssl rand -base64 32). See .env.example.");
  return parsed.data;
}
