// E-mail reminders and digests (lib/notifications/run.ts): missed check-out reminders after each person's shift,
// leave decisions to the employee, and the admins' daily digest of the previous work day (from 07:00 local).
// Protected like the retention route: CRON_SECRET as `Authorization: Bearer …`; 401 otherwise. Scheduled in
// vercel.json hourly ("7 * * * *"); a run repeated within the hour sends nothing twice (notifications_sent).
// Anywhere else: `curl -fsS -H "Authorization: Bearer $CRON_SECRET" https://<host>/api/cron/notifications`.
import { isCronAuthorised } from "@/lib/auth/cron";
import { runNotifications } from "@/lib/notifications/run";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

async function handle(req: Request): Promise<Response> {
  if (!isCronAuthorised(req)) return Response.json({ error: "Unauthorised", code: "unauthenticated" }, { status: 401 });
  try {
    const results = await runNotifications();
    const failed = results.filter((r) => r.error).length;
    return Response.json({ ok: failed === 0, organisations: results.length, failed, results }, { status: failed ? 500 : 200, headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    console.error("notifications run failed:", e instanceof Error ? `${e.name}: ${e.message}` : "unknown");
    return Response.json({ error: "Notifications run failed", code: "internal" }, { status: 500 });
  }
}

export const GET = handle;
export const POST = handle;
