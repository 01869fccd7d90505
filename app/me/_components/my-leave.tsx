// The leave part of /me: what remains of each allowance, the person's requests and a form to ask for more.
import { countOf } from "@/lib/format";
import { LeaveForm } from "@/app/_components/leave/leave-form";
import { Badge } from "@/app/_components/ui/badge";
import { listLeave, listLeaveTypes } from "@/lib/db/queries/leave";
import { leaveBalances } from "@/lib/reports/leave-balance";
import { requestLeaveAction } from "../actions";

/** The data of the leave section (loaded by the page: the section itself renders synchronously). */
export async function loadMyLeave(orgId: string, userId: string, today: string) {
  const [types, mine, balances] = await Promise.all([listLeaveTypes(orgId), listLeave(orgId, { userId, limit: 20 }), leaveBalances(orgId, userId, today)]);
  return { types, mine, balances, today };
}

export function MyLeave({ types, mine, balances, today }: Awaited<ReturnType<typeof loadMyLeave>>) {
  const tone = { pending: "amber", approved: "green", refused: "red" } as const;
  return (
    <section className="card mt-8" aria-labelledby="leave-h">
      <h2 id="leave-h" className="mb-4 text-lg font-medium">Leave</h2>
      {balances.some((b) => b.allowanceDays !== null) && (
        <ul className="mb-4 flex flex-wrap gap-4 text-sm" data-testid="leave-balances">
          {balances
            .filter((b) => b.allowanceDays !== null)
            .map((b) => (
              <li key={b.typeId}>
                {b.name}: <span className="font-semibold tabular-nums">{b.remainingDays}</span> of {countOf(b.allowanceDays ?? 0, "day")} left
              </li>
            ))}
        </ul>
      )}
      {mine.length > 0 && (
        <ul className="mb-4 divide-y divide-slate-100 text-sm" data-testid="my-leave">
          {mine.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center gap-2 py-2">
              <Badge tone={tone[r.status]}>{r.status}</Badge>
              {r.typeName} · {r.from === r.to ? r.from : `${r.from} → ${r.to}`}
              {r.half && ` (${r.half === "am" ? "morning" : "afternoon"})`}
              {r.decisionReason && <span className="text-xs text-slate-500">— {r.decisionReason}</span>}
            </li>
          ))}
        </ul>
      )}
      {types.length === 0 ? (
        <p className="text-sm text-slate-500">Your organisation has not set up leave types yet.</p>
      ) : (
        <LeaveForm action={requestLeaveAction} types={types.map((t) => ({ id: t.id, name: t.name }))} today={today} submitLabel="Ask for leave" />
      )}
    </section>
  );
}
