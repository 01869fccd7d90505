import { LeaveForm } from "@/app/_components/leave/leave-form";
import { countOf } from "@/lib/format";
import { ActionButton } from "@/app/_components/ui/action-button";
import { Badge } from "@/app/_components/ui/badge";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { PageHeader } from "@/app/_components/ui/page-header";
import { ADMINS } from "@/lib/auth/guard";
import { requirePageMember } from "@/lib/auth/page";
import { DecideForm, DecideOrNote } from "@/app/_components/ui/decide-form";
import { isSoleOwner, manageRefusal } from "@/lib/auth/separation";
import { HolidayForm, LeaveTypeForm } from "./_components/forms";
import { loadLeavePage } from "./_components/load";
import { decideLeaveAction, deleteHolidayAction, recordLeaveAction } from "./actions";

export const metadata = { title: "Leave" };
export const dynamic = "force-dynamic";

const span = (r: { from: string; to: string; half: string | null }) =>
  r.from === r.to ? `${r.from}${r.half ? ` (${r.half === "am" ? "morning" : "afternoon"})` : ""}` : `${r.from} → ${r.to}`;

export default async function LeavePage() {
  const { orgId, user } = await requirePageMember(ADMINS, "/admin/leave");
  const data = await loadLeavePage(orgId, new Date());
  const statusTone = { pending: "amber", approved: "green", refused: "red" } as const;
  return (
    <>
      <PageHeader title="Leave" description="Requests to decide, leave recorded for someone, the holiday calendar and the kinds of leave. Nobody is absent on leave or a holiday." />
      <div className="grid gap-6 xl:grid-cols-2">
        <section className="card" aria-labelledby="pending-h">
          <h2 id="pending-h" className="mb-4 text-lg font-medium">Waiting for a decision</h2>
          {data.pending.length === 0 ? (
            <EmptyState title="No pending requests" />
          ) : (
            <ul className="divide-y divide-slate-100" data-testid="pending-leave">
              {data.pending.map((r) => (
                <li key={r.id} className="py-3 text-sm">
                  <p>
                    <span className="font-medium">{r.personName}</span> · {r.typeName} · {span(r)}
                  </p>
                  {r.note && <p className="text-xs text-slate-500">“{r.note}”</p>}
                  <DecideOrNote refusal={manageRefusal(user, { id: r.userId, role: data.roles.get(r.userId) ?? "employee" }, true, isSoleOwner(user, data.members))}>
                    <DecideForm id={r.id} action={decideLeaveAction} testId="decide-leave-form" />
                  </DecideOrNote>
                </li>
              ))}
            </ul>
          )}
          <h3 className="mt-6 mb-2 font-medium">Decided</h3>
          <ul className="divide-y divide-slate-100 text-sm" data-testid="decided-leave">
            {data.decided.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center gap-2 py-2">
                <Badge tone={statusTone[r.status]}>{r.status}</Badge>
                <span className="font-medium">{r.personName}</span> · {r.typeName} · {span(r)}
                {r.decisionReason && <span className="text-xs text-slate-500">— {r.decisionReason}</span>}
              </li>
            ))}
          </ul>
        </section>
        <section className="card" aria-labelledby="record-h">
          <h2 id="record-h" className="mb-4 text-lg font-medium">Record leave</h2>
          {data.types.length === 0 ? (
            <EmptyState title="No leave types yet">Add one below first.</EmptyState>
          ) : (
            <LeaveForm action={recordLeaveAction} types={data.types} people={data.people} today={data.today} submitLabel="Record leave" />
          )}
        </section>
        <section className="card" aria-labelledby="holidays-h">
          <h2 id="holidays-h" className="mb-4 text-lg font-medium">Holidays</h2>
          <ul className="mb-4 divide-y divide-slate-100 text-sm" data-testid="holiday-list">
            {data.holidays.map((h) => (
              <li key={h.date} className="flex items-center justify-between py-2">
                <span>
                  <span className="font-mono">{h.date}</span> · {h.name}
                </span>
                <ActionButton action={deleteHolidayAction} input={{ date: h.date }} confirm={`Remove the holiday on ${h.date}?`}>
                  Remove
                </ActionButton>
              </li>
            ))}
          </ul>
          <HolidayForm />
        </section>
        <section className="card" aria-labelledby="types-h">
          <h2 id="types-h" className="mb-4 text-lg font-medium">Leave types</h2>
          <ul className="mb-4 divide-y divide-slate-100 text-sm" data-testid="leave-type-list">
            {data.types.map((t) => (
              <li key={t.id} className="py-2">
                <span className="font-medium">{t.name}</span> · {t.category} · {t.allowanceDays === null ? "no allowance" : `${countOf(t.allowanceDays, "day")} a year`}
              </li>
            ))}
          </ul>
          <LeaveTypeForm />
        </section>
      </div>
    </>
  );
}
