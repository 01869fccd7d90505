// Employees' requests waiting for a decision: corrections (decided here) and leave (decided on the Leave page).
import Link from "next/link";
import { Badge } from "@/app/_components/ui/badge";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { PageHeader } from "@/app/_components/ui/page-header";
import { ADMINS } from "@/lib/auth/guard";
import { requirePageMember } from "@/lib/auth/page";
import { listCorrectionRequests } from "@/lib/db/queries/correction-requests";
import { correctionSummary, listPendingRequests } from "@/lib/db/queries/pending-requests";
import { DecideForm, DecideOrNote } from "@/app/_components/ui/decide-form";
import { isSoleOwner, manageRefusal } from "@/lib/auth/separation";
import { listMembers } from "@/lib/db/queries/users";
import { decideCorrectionRequestAction } from "./actions";

export const metadata = { title: "Requests" };
export const dynamic = "force-dynamic";

export default async function RequestsPage() {
  const { orgId, user } = await requirePageMember(ADMINS, "/admin/requests");
  const [pending, recent, members] = await Promise.all([listPendingRequests(orgId), listCorrectionRequests(orgId, { limit: 50 }), listMembers(orgId)]);
  const roles = new Map(members.map((m) => [m.id, m.role]));
  const corrections = pending.filter((r) => r.kind === "correction");
  const leave = pending.filter((r) => r.kind === "leave");
  const decided = recent.filter((r) => r.status !== "pending");
  const tone = { approved: "green", refused: "red", pending: "amber" } as const;
  return (
    <>
      <PageHeader title="Requests" description="Corrections and leave your staff asked for from their own page. An approved correction is recorded as a correction with the request linked." />
      <div className="grid gap-6 xl:grid-cols-2">
        <section className="card" aria-labelledby="corrections-h">
          <h2 id="corrections-h" className="mb-4 text-lg font-medium">Corrections waiting</h2>
          {corrections.length === 0 ? (
            <EmptyState title="No correction requests waiting" />
          ) : (
            <ul className="divide-y divide-slate-100" data-testid="pending-corrections">
              {corrections.map((r) => (
                <li key={r.id} className="py-3 text-sm">
                  <p>
                    <Link href={`/admin/staff/${r.userId}`} className="font-medium underline">
                      {r.personName}
                    </Link>{" "}
                    · {r.from} · {r.summary}
                  </p>
                  <DecideOrNote refusal={manageRefusal(user, { id: r.userId, role: roles.get(r.userId) ?? "employee" }, true, isSoleOwner(user, members))}>
                    <DecideForm id={r.id} action={decideCorrectionRequestAction} testId="decide-correction-form" />
                  </DecideOrNote>
                </li>
              ))}
            </ul>
          )}
          <h3 className="mb-2 mt-6 font-medium">Decided</h3>
          {decided.length === 0 ? (
            <p className="text-sm text-slate-500">No decided correction requests yet.</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm" data-testid="decided-corrections">
              {decided.map((r) => (
                <li key={r.id} className="flex flex-wrap items-center gap-2 py-2">
                  <Badge tone={tone[r.status]}>{r.status}</Badge>
                  <span className="font-medium">{r.personName}</span> · {r.date} · {correctionSummary(r)}
                  {r.decisionReason && <span className="text-xs text-slate-500">— {r.decisionReason}</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="leave-h">
          <h2 id="leave-h" className="mb-4 text-lg font-medium">Leave waiting</h2>
          {leave.length === 0 ? (
            <EmptyState title="No leave requests waiting" />
          ) : (
            <ul className="divide-y divide-slate-100 text-sm" data-testid="pending-leave-summary">
              {leave.map((r) => (
                <li key={r.id} className="py-2">
                  <span className="font-medium">{r.personName}</span> · {r.summary} · {r.from === r.to ? r.from : `${r.from} → ${r.to}`}
                </li>
              ))}
            </ul>
          )}
          <p className="mt-4 text-sm">
            <Link href="/admin/leave" className="underline">
              Decide leave on the Leave page
            </Link>
          </p>
        </section>
      </div>
    </>
  );
}
