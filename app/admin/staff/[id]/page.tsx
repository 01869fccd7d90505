import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/app/_components/ui/page-header";
import { countOf, formatDateTime, formatMinutes, formatMonth, orgClock } from "@/lib/format";
import { calendarOf, loadOrg, openOrgReport } from "@/lib/reports/org-report";
import { isLocalMonth, monthRange, shiftMonth, type LocalDate } from "@/lib/attendance/local-time";
import { ADMINS } from "@/lib/auth/guard";
import { requirePageMember } from "@/lib/auth/page";
import { listCorrections, listPersonEvents, type TimelineEvent } from "@/lib/db/queries/corrections";
import { signInLockOf } from "@/lib/db/queries/sign-in-limits";
import { templatesOfUser } from "@/lib/db/queries/templates";
import { getMember } from "@/lib/db/queries/users";
import { minutesToHours, type DailyRow, type SummaryRow } from "@/lib/reports";
import { accountTone, Badge, enrolmentTone } from "@/app/_components/ui/badge";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { EmployeeNumberForm } from "./_components/employee-number-form";
import { AddEventForm } from "./correction-forms";
import { FaceDataControls } from "../_components/face-data";
import { ActionButton } from "@/app/_components/ui/action-button";
import { unlockSignInAction } from "../actions";
import { DayCard, describeChange, Mini } from "./_components/timeline";

export const metadata = { title: "Timeline" };
export const dynamic = "force-dynamic";


export default async function PersonTimelinePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const { orgId } = await requirePageMember(ADMINS, `/admin/staff/${id}`);
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const member = await getMember(orgId, id);
  if (!member) notFound();

  const sp = await searchParams;
  const now = new Date();
  const org = await loadOrg(orgId);
  const calendar = calendarOf(org);
  const tz = org.timezone;
  const clock = orgClock(org);
  const thisMonth = calendar.today(now).slice(0, 7);
  const month = typeof sp.month === "string" && isLocalMonth(sp.month) ? sp.month : thisMonth;
  const range = monthRange(month);

  const monthReport = await openOrgReport(orgId, { ...range, personId: id, now });
  const days: DailyRow[] = [];
  for await (const d of monthReport.report.daily()) days.push(d);
  let summary: SummaryRow | undefined;
  for await (const s of monthReport.report.summary()) summary = s;

  const personCalendar = monthReport.calendarFor({ id });
  const [events, corrections, templates, lockedUntil] = await Promise.all([
    listPersonEvents(orgId, id, personCalendar.eventBounds(range.from, range.to)),
    listCorrections(orgId, { userId: id, limit: 50 }),
    templatesOfUser(orgId, id).then((t) => t.length),
    signInLockOf(member.email, now),
  ]);
  const eventsByDay = new Map<LocalDate, TimelineEvent[]>();
  for (const e of events) {
    const d = personCalendar.workDateOf(e.at);
    let list = eventsByDay.get(d);
    if (!list) eventsByDay.set(d, (list = []));
    list.push(e);
  }
  const shown = days.filter((d) => d.status !== "off" || eventsByDay.has(d.date)).reverse();
  // Days with events but outside the evaluated range (e.g. future-dated) still show their events.
  const evaluated = new Set(days.map((d) => d.date));
  const extraDays = [...eventsByDay.keys()].filter((d) => !evaluated.has(d)).sort().reverse();

  return (
    <>
      <nav className="mb-2 text-sm">
        <Link href="/admin/staff" className="link">
          ← Staff
        </Link>
      </nav>
      <PageHeader title={member.name} description={`${member.email} · ${member.role}`}>
        <div className="flex flex-wrap items-center gap-2">
          <Badge tone={accountTone[member.status]}>{member.status}</Badge>
          <Badge tone={enrolmentTone[member.enrolment]}>{member.enrolment === "none" ? "not enrolled" : member.enrolment}</Badge>
          {lockedUntil && (
            <>
              <span data-testid="sign-in-locked">
                <Badge tone="red">sign-in locked until {formatDateTime(lockedUntil, clock)}</Badge>
              </span>
              <ActionButton action={unlockSignInAction} input={{ userId: id }} testId="unlock-sign-in">
                Unlock sign-in
              </ActionButton>
            </>
          )}
        </div>
      </PageHeader>
      <div className="mb-6">
        <EmployeeNumberForm userId={id} initial={member.employeeNumber} />
      </div>

      <div className="mb-6 flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-center gap-2" role="group" aria-label="Month">
          <Link className="btn-secondary px-3 py-1.5" href={`?month=${shiftMonth(month, -1)}`} aria-label="Previous month">
            ←
          </Link>
          <h2 className="min-w-40 text-center font-medium" aria-live="polite">
            {formatMonth(month, clock.locale)}
          </h2>
          <Link
            className={`btn-secondary px-3 py-1.5 ${month >= thisMonth ? "pointer-events-none opacity-40" : ""}`}
            href={`?month=${shiftMonth(month, 1)}`}
            aria-label="Next month"
            aria-disabled={month >= thisMonth}
          >
            →
          </Link>
        </div>
        <Link className="btn-secondary" href={`/admin/reports?from=${range.from}&to=${range.to}&person=${id}`}>
          Report for this month
        </Link>
      </div>

      {summary && (
        <div className="mb-6 grid grid-cols-2 gap-4 md:grid-cols-5" data-testid="person-summary">
          <Mini label="Days present" value={`${summary.daysPresent}/${summary.workDays}`} />
          <Mini label="Late" value={`${summary.lateCount}`} detail={summary.lateMinutes ? formatMinutes(summary.lateMinutes) : undefined} />
          <Mini label="Absent" value={`${summary.absentCount}`} />
          <Mini label="Missing check-outs" value={`${summary.missingOutCount}`} />
          <Mini label="Hours" value={minutesToHours(summary.workedMinutes).toFixed(2)} />
        </div>
      )}

      <div className="grid gap-6 xl:grid-cols-3">
        <section className="space-y-3 xl:col-span-2" aria-labelledby="days-h">
          <h2 id="days-h" className="sr-only">
            Days
          </h2>
          {shown.length === 0 && extraDays.length === 0 ? (
            <EmptyState title="Nothing this month">No working days or check-ins in {formatMonth(month, clock.locale)}.</EmptyState>
          ) : null}
          {shown.map((d) => (
            <DayCard key={d.date} day={d} events={eventsByDay.get(d.date) ?? []} clock={clock} />
          ))}
          {extraDays.map((date) => (
            <DayCard key={date} date={date} events={eventsByDay.get(date) ?? []} clock={clock} />
          ))}
        </section>

        <aside className="space-y-6 xl:sticky xl:top-6 xl:self-start">
          <section className="card" aria-labelledby="add-h">
            <h2 id="add-h" className="mb-1 font-medium">
              Add a missing event
            </h2>
            <p className="mb-4 text-xs text-slate-500">Times are in {tz}. The change is recorded with your name and reason.</p>
            <AddEventForm userId={id} defaultDate={month === thisMonth ? calendar.today(now) : range.to} />
          </section>
          <section className="card" aria-labelledby="face-h">
            <h2 id="face-h" className="mb-1 font-medium">
              Face data
            </h2>
            <p className="mb-4 text-xs text-slate-500">
              {member.enrolment === "held"
                ? "Enrolment held: the face looked like another person's. Check before releasing it."
                : member.enrolment === "enrolled"
                  ? `Enrolled with ${countOf(templates, "template")}.`
                  : "Not enrolled."}
            </p>
            <FaceDataControls userId={id} name={member.name} enrolment={member.enrolment} templates={templates} />
          </section>
          <section className="card" aria-labelledby="corr-h">
            <h2 id="corr-h" className="mb-3 font-medium">
              Corrections
            </h2>
            {corrections.length === 0 ? (
              <p className="text-sm text-slate-500">No corrections for {member.name}.</p>
            ) : (
              <ul className="space-y-3 text-sm" data-testid="corrections-list">
                {corrections.map((c) => (
                  <li key={c.id} className="border-l-2 border-brand-100 pl-3">
                    <p>
                      <span className="font-medium capitalize">{c.action}</span>{" "}
                      <span className="text-slate-600">
                        {describeChange(c.before, c.after, clock)}
                      </span>
                    </p>
                    <p className="text-slate-600">“{c.reason}”</p>
                    <p className="text-xs text-slate-500">
                      {c.adminName ?? "Former admin"} · {formatDateTime(c.createdAt, clock)}
                      {c.requestId && " · asked for by the employee"}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </aside>
      </div>
    </>
  );
}
