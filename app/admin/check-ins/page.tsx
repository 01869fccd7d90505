import { PageHeader } from "@/app/_components/ui/page-header";
import { formatDateTime, orgClock } from "@/lib/format";
import { ScrollBox } from "@/app/_components/ui/scroll-box";
import { punchLabels } from "@/lib/attendance/punches";
import { ADMINS } from "@/lib/auth/guard";
import { requirePageMember } from "@/lib/auth/page";
import { failedChecks } from "@/lib/checkin/failed-checks";
import { reasonMessages, type RejectReason } from "@/lib/checkin/reasons";
import { reasonLabel } from "@/lib/format";
import { emptyCheckins } from "./empty";
import { listCheckinEvents } from "@/lib/db/queries/attendance-events";
import { getOrganisation } from "@/lib/db/queries/organisations";

export const metadata = { title: "Check-ins" };

const decisionStyle = {
  accepted: "bg-emerald-50 text-emerald-800",
  rejected: "bg-amber-50 text-amber-800",
  flagged: "bg-red-50 text-red-800",
} as const;

export default async function CheckinsPage({ searchParams }: { searchParams: Promise<{ decision?: string }> }) {
  const { orgId } = await requirePageMember(ADMINS, "/admin/check-ins");
  const { decision } = await searchParams;
  const filter = decision === "accepted" || decision === "rejected" || decision === "flagged" ? decision : undefined;
  const [events, org] = await Promise.all([listCheckinEvents(orgId, { limit: 200, decision: filter }), getOrganisation(orgId)]);
  const clock = orgClock(org ?? { timezone: "UTC" });
  const tabs = [
    ["", "All"],
    ["accepted", "Accepted"],
    ["rejected", "Rejected"],
  ] as const;
  return (
    <>
      <PageHeader title="Check-ins" description="Every face check-in attempt, with why it was accepted or rejected." />
      <nav className="mb-4 flex gap-2 text-sm" aria-label="Filter">
        {tabs.map(([v, label]) => (
          <a key={v} href={v ? `?decision=${v}` : "?"} aria-current={(filter ?? "") === v ? "page" : undefined} className={`rounded-lg px-3 py-1.5 ${(filter ?? "") === v ? "bg-brand-50 font-medium text-brand-700" : "text-slate-600 hover:bg-slate-100"}`}>
            {label}
          </a>
        ))}
      </nav>
      {events.length === 0 ? (
        <div className="card text-sm text-slate-600" data-testid="checkins-empty">
          {emptyCheckins[filter ?? "all"]}
        </div>
      ) : (
        <ScrollBox label="Check-in attempts" className="card p-0">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
              <tr>
                <th className="px-4 py-3">Photo</th>
                <th className="px-4 py-3">When</th>
                <th className="px-4 py-3">Person</th>
                <th className="px-4 py-3">Outcome</th>
                <th className="px-4 py-3">Score</th>
                <th className="px-4 py-3">Device</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id} className="border-b border-slate-100 last:border-0" data-testid="checkin-row">
                  <td className="px-4 py-2">
                    {e.blobKey ? (
                      // eslint-disable-next-line @next/next/no-img-element -- private, streamed through an authorised route
                      <img src={`/api/blob/${e.blobKey}`} alt={`Check-in photo of ${e.userName ?? "unknown person"}`} className="h-12 w-12 rounded-lg object-cover" loading="lazy" />
                    ) : (
                      <span className="inline-block h-12 w-12 rounded-lg bg-slate-100" aria-hidden />
                    )}
                  </td>
                  <td className="px-4 py-2 whitespace-nowrap text-slate-600"><time dateTime={e.at.toISOString()}>{formatDateTime(e.at, clock)}</time></td>
                  <td className="px-4 py-2 font-medium">{e.userName ?? "Unknown"}</td>
                  <td className="px-4 py-2">
                    <span className={`rounded-full px-2 py-0.5 text-xs ${decisionStyle[e.decision]}`}>
                      {e.decision === "accepted" ? `Accepted · ${e.kind ? punchLabels[e.kind].toLowerCase() : "no direction"}` : e.decision}
                    </span>
                    {e.reason && (
                      <p className="mt-1 max-w-xs text-xs text-slate-500" title={reasonMessages[e.reason as RejectReason] ?? e.reason}>
                        {reasonLabel(e.reason)}
                      </p>
                    )}
                    {e.decision !== "accepted" && <FailedChecks liveness={e.liveness} />}
                  </td>
                  <td className="px-4 py-2 text-xs text-slate-600">
                    {e.score != null ? e.score.toFixed(3) : "—"}
                    {e.margin != null && <span className="block text-slate-500">margin {e.margin.toFixed(3)}</span>}
                  </td>
                  <td className="px-4 py-2 text-slate-600">{e.deviceName ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </>
  );
}

/** Which checks refused the attempt, and whose: the browser's rules or the server's own measurements. */
function FailedChecks({ liveness }: { liveness: unknown }) {
  const failed = failedChecks(liveness);
  if (failed.length === 0) return null;
  return (
    <ul className="mt-1 max-w-xs text-xs text-slate-500" data-testid="failed-checks" aria-label="Checks that failed">
      {failed.map((f) => (
        <li key={`${f.by}-${f.rule}`} data-rule={f.rule} data-by={f.by}>
          {f.by === "server" ? "Server: " : "Laptop: "}
          {f.label}
        </li>
      ))}
    </ul>
  );
}
