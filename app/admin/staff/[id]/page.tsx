import { notFound } from "next/navigation";
import { orgClock } from "@/lib/format";
import { calendarOf, loadOrg, openOrgReport } from "@/lib/reports/org-report";
import { isLocalMonth, monthRange, type LocalDate } from "@/lib/attendance/local-time";
import { ADMINS } from "@/lib/auth/guard";
import { requirePageMember } from "@/lib/auth/page";
import { listCorrections, listPersonEvents, type TimelineEvent } from "@/lib/db/queries/corrections";
import { signInLockOf } from "@/lib/db/queries/sign-in-limits";
import { templatesOfUser } from "@/lib/db/queries/templates";
import { getMember } from "@/lib/db/queries/users";
import type { DailyRow, SummaryRow } from "@/lib/reports";
import { AddEventPanel, CorrectionsPanel, FaceDataPanel } from "./_components/person-aside";
import { MonthNav, PersonHeader } from "./_components/person-header";
import { DayList, MonthSummary } from "./_components/timeline";

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
      <PersonHeader member={member} lockedUntil={lockedUntil} clock={clock} />
      <MonthNav userId={id} month={month} thisMonth={thisMonth} range={range} clock={clock} />
      {summary && <MonthSummary summary={summary} />}
      <div className="grid gap-6 xl:grid-cols-3">
        <DayList month={month} days={shown} extraDays={extraDays} eventsByDay={eventsByDay} clock={clock} />
        <aside className="space-y-6 xl:sticky xl:top-6 xl:self-start">
          <AddEventPanel userId={id} timeZone={org.timezone} defaultDate={month === thisMonth ? calendar.today(now) : range.to} />
          <FaceDataPanel member={member} templates={templates} />
          <CorrectionsPanel name={member.name} corrections={corrections} clock={clock} />
        </aside>
      </div>
    </>
  );
}
