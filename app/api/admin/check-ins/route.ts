// Live feed for the dashboard: the latest attempts (optionally only those recorded after `after`) and the size of
// the review queue. Admins only, scoped to their organisation; polled every ~10 s by app/admin/live-feed.tsx.
import { ADMINS } from "@/lib/auth/guard";
import { route } from "@/lib/auth/route";
import { listLatestEvents, listReviewQueue } from "@/lib/db/queries/admin-dashboard";
import { liveFeedQuerySchema } from "@/lib/validations/check-ins";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    roles: ADMINS,
    schema: liveFeedQuerySchema,
    input: (req) => {
      const sp = new URL(req.url).searchParams;
      return { after: sp.get("after") || undefined, limit: sp.get("limit") || undefined };
    },
  },
  async ({ after, limit }, { orgId }) => {
    const [events, queue] = await Promise.all([listLatestEvents(orgId, { limit, after: after ? new Date(after) : undefined }), listReviewQueue(orgId, 1)]);
    return Response.json(
      { events: events.map((e) => ({ ...e, at: e.at.toISOString(), createdAt: e.createdAt.toISOString() })), pendingReview: queue.total, serverTime: new Date().toISOString() },
      { headers: { "Cache-Control": "no-store" } },
    );
  },
);
