"use client";

// Latest check-ins, refreshed live: polls /api/admin/check-ins every 10 s (paused while the tab is hidden) and,
// when something new arrived, refreshes the server-rendered dashboard so the counts follow.
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { punchLabels } from "@/lib/attendance/punches";
import { formatTime, reasonLabel, type OrgClock } from "@/lib/format";
import type { FeedEvent } from "@/lib/db/queries/admin-dashboard";
import { EventBadge } from "@/app/_components/ui/badge";

/** A feed event as it crosses the network (dates as ISO strings). */
export type FeedItem = Omit<FeedEvent, "at" | "createdAt"> & { at: string; createdAt: string };

const POLL_MS = 10_000;
const MAX_ITEMS = 15;

export function LiveFeed({ initial, clock }: { initial: FeedItem[]; clock: OrgClock }) {
  const [items, setItems] = useState(initial);
  const [status, setStatus] = useState<"live" | "offline">("live");
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const cursor = useRef(initial[0]?.createdAt);
  const router = useRouter();

  useEffect(() => setItems(initial), [initial]);

  useEffect(() => {
    let stopped = false;
    const tick = async () => {
      if (document.visibilityState === "hidden") return;
      try {
        const qs = cursor.current ? `?after=${encodeURIComponent(cursor.current)}` : "";
        const res = await fetch(`/api/admin/check-ins${qs}`, { cache: "no-store" });
        if (!res.ok) throw new Error(String(res.status));
        const body = (await res.json()) as { events: FeedItem[] };
        if (stopped) return;
        setStatus("live");
        if (body.events.length) {
          cursor.current = body.events[0]!.createdAt;
          setFresh(new Set(body.events.map((e) => e.id)));
          setItems((prev) => {
            const seen = new Set(body.events.map((e) => e.id));
            return [...body.events, ...prev.filter((p) => !seen.has(p.id))].slice(0, MAX_ITEMS);
          });
          router.refresh();
        }
      } catch {
        if (!stopped) setStatus("offline");
      }
    };
    const id = window.setInterval(tick, POLL_MS);
    return () => {
      stopped = true;
      window.clearInterval(id);
    };
  }, [router]);

  return (
    <section className="card min-w-0 p-0" aria-labelledby="feed-h">
      <div className="flex items-center justify-between border-b border-slate-100 px-5 py-4">
        <h2 id="feed-h" className="font-medium">
          Latest check-ins
        </h2>
        <span className="flex items-center gap-1.5 text-xs text-slate-500" role="status" aria-live="polite">
          <span className={`h-2 w-2 rounded-full ${status === "live" ? "animate-pulse bg-emerald-500" : "bg-slate-400"}`} aria-hidden />
          {status === "live" ? "Live" : "Reconnecting…"}
        </span>
      </div>
      {items.length === 0 ? (
        <p className="px-5 py-10 text-center text-sm text-slate-500">No check-ins yet. They appear here within seconds.</p>
      ) : (
        <ul className="max-h-[30rem] divide-y divide-slate-100 overflow-y-auto" data-testid="live-feed" aria-live="polite">
          {items.map((e) => (
            <li key={e.id} className={`flex items-center gap-3 px-5 py-3 text-sm transition-colors ${fresh.has(e.id) ? "bg-brand-50" : ""}`}>
              <span className="w-12 shrink-0 font-mono text-xs text-slate-600">{formatTime(e.at, clock)}</span>
              <div className="min-w-0 flex-1">
                <p className="truncate font-medium">
                  {e.userId ? (
                    <a className="hover:underline" href={`/admin/staff/${e.userId}`}>
                      {e.userName ?? "Unknown"}
                    </a>
                  ) : (
                    <span className="text-slate-600">Unrecognised face</span>
                  )}
                </p>
                {/* The direction comes first, so it is never the part cut off. */}
                <p className="truncate text-xs text-slate-600">
                  <span className="font-medium text-slate-700" data-testid="feed-direction">
                    {e.kind ? punchLabels[e.kind] : "Attempt"}
                  </span>
                  {" · "}
                  {e.source === "correction" ? "correction by an admin" : (e.deviceName ?? "unknown device")}
                  {e.decision !== "accepted" && ` · ${reasonLabel(e.reason)}`}
                </p>
              </div>
              <EventBadge decision={e.decision} source={e.source} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
