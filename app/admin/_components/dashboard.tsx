// The dashboard's parts: the day's counts, a list of people, one attempt waiting for review (server components).
import Link from "next/link";
import { ActionButton } from "@/app/_components/ui/action-button";
import { Badge, decisionTone } from "@/app/_components/ui/badge";
import type { DashboardEntry } from "@/lib/attendance/summary";
import type { ReviewItem } from "@/lib/db/queries/admin-dashboard";
import { formatDateTime, reasonLabel, type OrgClock } from "@/lib/format";
import { markReviewedAction } from "../actions";

export function Stat({ label, value, of, ofWhat = "expected", tone }: { label: string; value: number; of?: number; ofWhat?: string; tone: string }) {
  return (
    <div className="card p-5">
      <p className="text-sm text-slate-500">{label}</p>
      <p className={`mt-1 text-3xl font-semibold tabular-nums ${tone}`} data-testid={`count-${label.toLowerCase().replace(/\s+/g, "-")}`}>
        {value}
      </p>
      <p className="mt-1 text-xs text-slate-600">{of === undefined ? "today" : `of ${of} ${ofWhat}`}</p>
    </div>
  );
}

export function PeopleList({
  title,
  people,
  empty,
  detail,
}: {
  title: string;
  people: DashboardEntry[];
  empty: string;
  detail?: (p: DashboardEntry) => string;
}) {
  return (
    <div>
      <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">
        {title} <span className="font-normal">({people.length})</span>
      </h3>
      {people.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500">{empty}</p>
      ) : (
        <ul className="mt-2 max-h-64 space-y-1 overflow-y-auto pr-1 text-sm" data-testid={`list-${title.toLowerCase().replace(/\s+/g, "-")}`}>
          {people.map((p) => (
            <li key={p.userId} className="flex items-baseline justify-between gap-3">
              <Link href={`/admin/staff/${p.userId}`} className="truncate hover:underline">
                {p.name}
              </Link>
              {detail && <span className="shrink-0 text-xs text-slate-500">{detail(p)}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ReviewCard({ item, clock }: { item: ReviewItem; clock: OrgClock }) {
  const scores = [
    item.score !== null ? `match ${item.score.toFixed(3)}` : null,
    item.margin !== null ? `margin ${item.margin.toFixed(3)}` : null,
    item.antispoof !== null ? `live ${item.antispoof.toFixed(2)}` : null,
    item.strictCosine !== null ? `re-check ${item.strictCosine.toFixed(3)}` : null,
  ].filter(Boolean);
  return (
    <li className="flex gap-4 rounded-lg border border-slate-200 p-3">
      {item.blobKey ? (
        // eslint-disable-next-line @next/next/no-img-element -- a private, same-origin audit photo; no optimisation wanted
        <img
          src={`/api/blob/${item.blobKey}`}
          alt={`Check-in photo of ${item.userName ?? "an unrecognised person"}`}
          width={96}
          height={96}
          loading="lazy"
          className="h-24 w-24 shrink-0 rounded-md bg-slate-100 object-cover"
        />
      ) : (
        <div className="flex h-24 w-24 shrink-0 items-center justify-center rounded-md bg-slate-100 text-center text-xs text-slate-600">No photo</div>
      )}
      <div className="min-w-0 flex-1 space-y-1">
        <div className="flex items-center gap-2">
          <Badge tone={decisionTone[item.decision]}>{item.decision}</Badge>
          <span className="text-xs text-slate-500">{formatDateTime(item.at, clock)}</span>
        </div>
        <p className="truncate text-sm font-medium">
          {item.userId ? (
            <Link className="hover:underline" href={`/admin/staff/${item.userId}`}>
              {item.userName}
            </Link>
          ) : (
            "Unrecognised face"
          )}
        </p>
        <p className="text-sm text-slate-700">{reasonLabel(item.reason)}</p>
        {scores.length > 0 && <p className="truncate font-mono text-[11px] text-slate-500">{scores.join(" · ")}</p>}
        <p className="text-xs text-slate-500">{item.deviceName ?? "Unknown device"}</p>
        <div className="pt-1">
          <ActionButton action={markReviewedAction} input={{ eventId: item.id }} className="btn-secondary px-3 py-1.5 text-xs" testId="mark-reviewed">
            Mark reviewed
          </ActionButton>
        </div>
      </div>
    </li>
  );
}
