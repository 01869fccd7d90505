import { sql } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { serverFace } from "@/lib/face/node/server-face";
import { asServiceUnavailable } from "@/lib/errors";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

type Part = { status: "ok"; [k: string]: unknown } | { status: "error"; error: string };

/** The failure's one log line; the answer names the part and its cause class, never data. */
function failed(e: unknown, component: "database" | "face-models"): Part {
  const down = asServiceUnavailable(e);
  const line = down ? down.logLine : `${component} unavailable: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
  console.error(`health: ${line}`);
  return { status: "error", error: down?.component === component ? down.detail : line };
}

async function database(): Promise<Part> {
  const started = performance.now();
  try {
    const d = await db();
    await d.execute(sql`select 1`);
    return { status: "ok", driver: env().DATABASE_URL ? "neon" : "pglite", ms: Math.round(performance.now() - started) };
  } catch (e) {
    return failed(e, "database");
  }
}

async function faceModels(): Promise<Part> {
  try {
    const face = await serverFace();
    const r = await face.ready?.();
    return r ? { status: "ok", backend: r.backend, where: r.where } : { status: "ok" };
  } catch (e) {
    return failed(e, "face-models");
  }
}

/**
 * Readiness of the database and of the server's face models (strict-mode verification), for load balancers and
 * the e2e test server. Public, reveals no data. 503 when either is not ready.
 */
export async function GET() {
  const [db_, face] = await Promise.all([database(), faceModels()]);
  const ok = db_.status === "ok" && face.status === "ok";
  return Response.json({ status: ok ? "ok" : "degraded", database: db_, faceModels: face }, { status: ok ? 200 : 503 });
}
