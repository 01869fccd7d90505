// Retention sweep (crops past each organisation's cropRetentionDays, templates of people deactivated longer than
// templateRetentionDays), audited per organisation. Protected by CRON_SECRET (Authorization: Bearer …); 401 otherwise.
//
// Scheduling with Vercel Cron: set CRON_SECRET (at least 16 characters) in the project's environment variables —
// Vercel then sends it as `Authorization: Bearer $CRON_SECRET` on every cron invocation — and add to vercel.json:
//
//   { "crons": [{ "path": "/api/cron/retention", "schedule": "17 3 * * *" }] }
//
// (daily at 03:17 UTC; Vercel Cron calls the path with GET on the production deployment). Anywhere else, any
// scheduler works: `curl -fsS -H "Authorization: Bearer $CRON_SECRET" https://<host>/api/cron/retention`.
// A run deletes at most 20,000 crops per organisation; "cropsRemaining": true in the answer means the next run
// continues where this one stopped.
import { runRetention } from "@/lib/retention";
import { isCronAuthorised } from "@/lib/auth/cron";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

async function handle(req: Request): Promise<Response> {
  if (!isCronAuthorised(req)) return Response.json({ error: "Unauthorised", code: "unauthenticated" }, { status: 401 });
  try {
    const results = await runRetention();
    const failed = results.filter((r) => r.error).length;
    return Response.json({ ok: failed === 0, organisations: results.length, failed, results }, { status: failed ? 500 : 200, headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    console.error("retention run failed:", e instanceof Error ? `${e.name}: ${e.message}` : "unknown");
    return Response.json({ error: "Retention run failed", code: "internal" }, { status: 500 });
  }
}

export const GET = handle;
export const POST = handle;
