// Live feed for the dashboard: the latest attempts (optionally only those recorded after `after`) and the size of
// the review queue. Admins only, scoped to their organisation; polled every ~10 s by app/admin/live-feed.tsx.
import { z } from "zod";
import { ADMINS } from "@/lib/auth/guard";
import { route } from "@/lib/auth/route";
import { listLatestEvents, listReviewQueue } from "@/lib/db/queries/admin-dashboard";

export const dynamic = "force-dynamic";

const schema = z.object({
  after: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(15),
});

export const GET = route(
  {
    roles: ADMINS,
    schema,
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
