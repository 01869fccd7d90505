// One person's month: summary figures, day cards with their events, the description of a correction.
import { isPunchKind, punchLabels } from "@/lib/attendance/punches";
import { formatDateTime, formatLocalDay, formatMinutes, formatMonth, reasonLabel, type OrgClock } from "@/lib/format";
import { formatLocalTime, localDateOf, type LocalDate } from "@/lib/attendance/local-time";
import type { TimelineEvent } from "@/lib/db/queries/corrections";
import { flagLabels, minutesToHours, statusLabels, type DailyRow, type SummaryRow } from "@/lib/reports";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { Badge, dayStatusTone, EventBadge } from "@/app/_components/ui/badge";
import { EventCorrection } from "../correction-forms";

export function describeChange(before: Record<string, unknown> | null, after: Record<string, unknown> | null, clock: OrgClock): string {
  const show = (s: Record<string, unknown> | null) =>
    s && typeof s.at === "string" ? `${isPunchKind(s.kind) ? punchLabels[s.kind].toLowerCase() : "event"} ${formatDateTime(s.at, clock)}` : "";
  if (!before) return show(after);
  if (after && after.voidedAt) return show(before);
  return `${show(before)} → ${show(after)}`;
}

export function Mini({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div className="card p-4">
      <p className="text-xs text-slate-500">{label}</p>
      <p className="mt-1 text-xl font-semibold tabular-nums">{value}</p>
      {detail && <p className="text-xs text-slate-500">{detail}</p>}
    </div>
  );
}

export function DayCard({ day, date, events, clock }: { day?: DailyRow; date?: string; events: TimelineEvent[]; clock: OrgClock }) {
  const d = day?.date ?? date!;
  const tz = clock.timeZone;
  return (
    <article className="card p-4" data-testid="day-card" aria-label={formatLocalDay(d, clock.locale)}>
      <header className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-2">
          <h3 className="font-medium">{formatLocalDay(d, clock.locale)}</h3>
          {day && <Badge tone={dayStatusTone[day.status]}>{statusLabels[day.status]}</Badge>}
          {day?.flags
            .filter((f) => f !== "non-working-day")
            .map((f) => (
              <Badge key={f} tone={f === "corrected" ? "blue" : f === "on-shift" ? "green" : "amber"}>
                {flagLabels[f]}
              </Badge>
            ))}
        </div>
        {day && (day.firstIn || day.lastOut) && (
          <p className="text-xs text-slate-500 tabular-nums">
            {day.firstIn ? formatLocalTime(day.firstIn, tz) : "—"} → {day.lastOut ? formatLocalTime(day.lastOut, tz) : "—"}
            {day.workedMinutes !== null && ` · ${formatMinutes(day.workedMinutes)}`}
            {day.lateMinutes > 0 && ` · ${formatMinutes(day.lateMinutes)} late`}
            {day.earlyLeaveMinutes > 0 && ` · left ${formatMinutes(day.earlyLeaveMinutes)} early`}
          </p>
        )}
      </header>
      {events.length > 0 && (
        <ul className="mt-3 divide-y divide-slate-100 border-t border-slate-100">
          {events.map((e) => (
            <EventRow key={e.id} e={e} tz={tz} />
          ))}
        </ul>
      )}
    </article>
  );
}

export function EventRow({ e, tz }: { e: TimelineEvent; tz: string }) {
  const replaced = !!e.supersededBy;
  const current = !e.voidedAt && !replaced;
  const faded = !current || e.decision !== "accepted";
  return (
    <li className="py-2 text-sm" data-testid="timeline-event">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className={`w-12 font-mono text-xs ${faded ? "text-slate-400 line-through decoration-slate-300" : "text-slate-700"}`}>
          {formatLocalTime(e.at, tz)}
        </span>
        <span className={faded ? "text-slate-500" : ""}>{e.kind ? punchLabels[e.kind] : "Attempt"}</span>
        <EventBadge decision={e.decision} source={e.source} />
        {e.voidedAt && <Badge>voided</Badge>}
        {replaced && <Badge>replaced</Badge>}
        {e.reviewedAt && e.decision !== "accepted" && <Badge>reviewed</Badge>}
        {e.blobKey && (
          <a href={`/api/blob/${e.blobKey}`} target="_blank" rel="noreferrer" className="link text-xs">
            Photo
          </a>
        )}
        {current && e.kind && <EventCorrection eventId={e.id} date={localDateOf(e.at, tz)} time={formatLocalTime(e.at, tz)} kind={e.kind} />}
      </div>
      {e.reason && <p className="mt-0.5 pl-[3.75rem] text-xs text-slate-500">{e.source === "correction" ? `“${e.reason}”` : reasonLabel(e.reason)}</p>}
    </li>
  );
}

/** The month's figures for one person. */
export function MonthSummary({ summary }: { summary: SummaryRow }) {
  return (
    <div className="mb-6 grid grid-cols-2 gap-4 md:grid-cols-5" data-testid="person-summary">
      <Mini label="Days present" value={`${summary.daysPresent}/${summary.workDays}`} />
      <Mini label="Late" value={`${summary.lateCount}`} detail={summary.lateMinutes ? formatMinutes(summary.lateMinutes) : undefined} />
      <Mini label="Absent" value={`${summary.absentCount}`} />
      <Mini label="Missing check-outs" value={`${summary.missingOutCount}`} />
      <Mini label="Hours" value={minutesToHours(summary.workedMinutes).toFixed(2)} />
    </div>
  );
}

/** The month's days, newest first: evaluated days, then days that only have events (e.g. future-dated ones). */
export function DayList({
  month,
  days,
  extraDays,
  eventsByDay,
  clock,
}: {
  month: string;
  days: DailyRow[];
  extraDays: LocalDate[];
  eventsByDay: ReadonlyMap<LocalDate, TimelineEvent[]>;
  clock: OrgClock;
}) {
  return (
    <section className="space-y-3 xl:col-span-2" aria-labelledby="days-h">
      <h2 id="days-h" className="sr-only">
        Days
      </h2>
      {days.length === 0 && extraDays.length === 0 ? (
        <EmptyState title="Nothing this month">No working days or check-ins in {formatMonth(month, clock.locale)}.</EmptyState>
      ) : null}
      {days.map((d) => (
        <DayCard key={d.date} day={d} events={eventsByDay.get(d.date) ?? []} clock={clock} />
      ))}
      {extraDays.map((date) => (
        <DayCard key={date} date={date} events={eventsByDay.get(date) ?? []} clock={clock} />
      ))}
    </section>
  );
}
