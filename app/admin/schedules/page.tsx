import { ActionButton } from "@/app/_components/ui/action-button";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { PageHeader } from "@/app/_components/ui/page-header";
import { shiftLengthMinutes } from "@/lib/attendance/schedule";
import { ADMINS } from "@/lib/auth/guard";
import { requirePageMember } from "@/lib/auth/page";
import { weekdayNames } from "@/lib/validations/settings";
import { AssignmentForm } from "./_components/assignment-form";
import { loadSchedules } from "./_components/load";
import { ShiftTemplateForm } from "./_components/shift-template-form";
import { deleteAssignmentAction, deleteShiftTemplateAction } from "./actions";

export const metadata = { title: "Schedules" };
export const dynamic = "force-dynamic";

const hm = (m: number) => `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}`;

export default async function SchedulesPage() {
  const { orgId } = await requirePageMember(ADMINS, "/admin/schedules");
  const data = await loadSchedules(orgId, new Date());
  return (
    <>
      <PageHeader
        title="Schedules"
        description={`Shifts and who works them when. People without a rota on a date follow the organisation's hours (${data.defaultShift}); a day off on someone's rota is never an absence.`}
      />
      <div className="grid gap-6 xl:grid-cols-2">
        <section className="card" aria-labelledby="shifts-h">
          <h2 id="shifts-h" className="mb-4 text-lg font-medium">Shifts</h2>
          {data.templates.length === 0 ? (
            <EmptyState title="No shifts yet">Add one below, then put people on it.</EmptyState>
          ) : (
            <ul className="mb-6 divide-y divide-slate-100" data-testid="shift-list">
              {data.templates.map((t) => (
                <li key={t.id} className="flex items-center justify-between gap-3 py-2 text-sm">
                  <span>
                    <span className="font-medium">{t.name}</span> · {t.start}–{t.end}
                    {t.overnight && " (+1)"} · {hm(shiftLengthMinutes(t))} · unpaid break {t.unpaidBreakMinutes} min
                  </span>
                  <ActionButton action={deleteShiftTemplateAction} input={{ id: t.id }} confirm={`Delete the shift "${t.name}"?`}>
                    Delete
                  </ActionButton>
                </li>
              ))}
            </ul>
          )}
          <ShiftTemplateForm />
        </section>
        <section className="card" aria-labelledby="rota-h">
          <h2 id="rota-h" className="mb-4 text-lg font-medium">Rota</h2>
          {data.assignments.length === 0 ? (
            <EmptyState title="Nobody is on a rota">Everyone follows the organisation&apos;s hours.</EmptyState>
          ) : (
            <ul className="mb-6 divide-y divide-slate-100" data-testid="rota-list">
              {data.assignments.map((a) => (
                <li key={a.id} className="flex items-center justify-between gap-3 py-2 text-sm">
                  <span>
                    <span className="font-medium">{a.personName}</span> · {a.templateName} · {a.weekdays.map((w) => weekdayNames[w - 1]).join(", ")} · {a.from}
                    {a.to ? ` → ${a.to}` : " onwards"}
                  </span>
                  <ActionButton action={deleteAssignmentAction} input={{ id: a.id }} confirm="Remove this assignment from the rota?">
                    Remove
                  </ActionButton>
                </li>
              ))}
            </ul>
          )}
          {data.templates.length > 0 && <AssignmentForm people={data.people} templates={data.templates} today={data.today} />}
        </section>
      </div>
    </>
  );
}
