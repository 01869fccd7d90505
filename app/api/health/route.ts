import { sql } from "drizzle-orm";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** Liveness + database status, for load balancers and the e2e test server. Public, reveals no data. */
export async function GET() {
  const started = performance.now();
  try {
    const d = await db();
    await d.execute(sql`select 1`);
    return Response.json({ status: "ok", database: { status: "ok", driver: process.env.DATABASE_URL ? "neon" : "pglite", ms: Math.round(performance.now() - started) } });
  } catch (e) {
    console.error("health: database unavailable:", e instanceof Error ? e.message : e);
    return Response.json({ status: "degraded", database: { status: "error" } }, { status: 503 });
  }
}
