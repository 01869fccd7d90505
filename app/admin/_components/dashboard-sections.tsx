// The dashboard's sections, each a server component fed by the page: first steps, today's counts, who is in,
// the review queue and the 30-day chart.
import Link from "next/link";
import { ActionButton } from "@/app/_components/ui/action-button";
import { EmptyState } from "@/app/_components/ui/empty-state";
import type { DaySummary, SeriesPoint } from "@/lib/attendance/summary";
import type { ReviewItem } from "@/lib/db/queries/admin-dashboard";
import { countOf, formatLocalDayMonth, formatMinutes, formatTime, type OrgClock } from "@/lib/format";
import { markAllReviewedAction } from "../actions";
import { AttendanceChart, type ChartPoint } from "./attendance-chart";
import { PeopleList, ReviewCard, Stat } from "./dashboard";

export function GetStarted() {
  return (
    <div className="card mb-6 border-brand-100 bg-brand-50/40">
      <h2 className="font-medium">Get started</h2>
      <ol className="mt-2 list-decimal space-y-1 pl-5 text-sm text-slate-600">
        <li>
          Check your <Link className="link" href="/admin/settings">working hours and timezone</Link>.
        </li>
        <li>
          Invite your staff from <Link className="link" href="/admin/staff">Staff</Link>.
        </li>
        <li>Each person accepts the invite, consents and enrols their face, then checks in from their laptop or a kiosk.</li>
      </ol>
    </div>
  );
}

export function TodayCounts({ counts }: { counts: DaySummary["counts"] }) {
  return (
    <div className="grid grid-cols-2 gap-4 sm:grid-cols-3 xl:grid-cols-6" data-testid="today-counts">
      <Stat label="In now" value={counts.inNow} of={counts.expected} tone="text-emerald-700" />
      <Stat label="Left" value={counts.left} of={counts.cameIn} ofWhat="who came in" tone="text-slate-700" />
      <Stat label="Late" value={counts.late} of={counts.cameIn} ofWhat="who came in" tone="text-amber-700" />
      <Stat label="Absent" value={counts.absent} of={counts.expected} tone="text-red-700" />
      <Stat label="Not yet in" value={counts.notYetIn} of={counts.expected} tone="text-slate-700" />
      <Stat label="On leave" value={counts.onLeave} tone="text-brand-700" />
    </div>
  );
}

export function WhoIsIn({ today, isWorkDay, clock }: { today: DaySummary; isWorkDay: boolean; clock: OrgClock }) {
  return (
    <section className="card xl:col-span-2" aria-labelledby="today-h">
      <h2 id="today-h" className="font-medium">
        Who is in today
      </h2>
      {!isWorkDay ? <p className="mt-3 text-sm text-slate-600">Today is not a working day. Anyone who checks in is listed.</p> : null}
      <div className="mt-4 grid grid-cols-1 gap-6 sm:grid-cols-2">
        <PeopleList
          title="In now"
          people={today.inNow}
          empty="Nobody is in."
          detail={(p) => `in ${p.firstIn ? formatTime(p.firstIn, clock) : ""}${p.lateMinutes > 0 ? ` · ${formatMinutes(p.lateMinutes)} late` : ""}`}
        />
        <PeopleList
          title="Left"
          people={today.left}
          empty="Nobody has left yet."
          detail={(p) => `${p.firstIn ? formatTime(p.firstIn, clock) : ""}–${p.lastOut ? formatTime(p.lastOut, clock) : ""}`}
        />
        <PeopleList
          title="Late"
          people={today.late}
          empty="Nobody late."
          detail={(p) => `in ${p.firstIn ? formatTime(p.firstIn, clock) : ""} · ${formatMinutes(p.lateMinutes)} late`}
        />
        <PeopleList title="Absent" people={today.absent} empty="Nobody absent." />
        <PeopleList title="Not yet in" people={today.notYetIn} empty="Everyone expected is in." />
        <PeopleList title="On leave" people={today.onLeave} empty="Nobody on leave." />
      </div>
    </section>
  );
}

export function ReviewQueue({
  queue,
  cropRetentionDays,
  clock,
}: {
  queue: { items: ReviewItem[]; total: number };
  cropRetentionDays: number;
  clock: OrgClock;
}) {
  return (
    <section className="card mt-6" aria-labelledby="review-h">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="review-h" className="font-medium">
          Waiting for review{" "}
          {queue.total > 0 && (
            <span className="ml-1 rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800" data-testid="review-count">
              {queue.total}
            </span>
          )}
        </h2>
        <div className="flex flex-wrap items-center gap-3">
          <p className="text-xs text-slate-500">Rejected and flagged attempts, newest first. Photos are kept for {countOf(cropRetentionDays, "day")}.</p>
          {queue.total > 1 && (
            <ActionButton
              action={markAllReviewedAction}
              input={{}}
              className="btn-secondary px-3 py-1.5 text-xs"
              confirm={`Mark all ${countOf(queue.total, "attempt")} as reviewed?`}
              testId="mark-all-reviewed"
            >
              Mark all reviewed
            </ActionButton>
          )}
        </div>
      </div>
      {queue.items.length === 0 ? (
        <div className="mt-4">
          <EmptyState title="Nothing to review">Rejected or flagged check-in attempts will appear here with their photo and reason.</EmptyState>
        </div>
      ) : (
        <ul className="mt-4 grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-3" data-testid="review-queue">
          {queue.items.map((item) => (
            <ReviewCard key={item.id} item={item} clock={clock} />
          ))}
        </ul>
      )}
      {queue.total > queue.items.length && <p className="mt-3 text-xs text-slate-500">Showing {queue.items.length} of {queue.total}.</p>}
    </section>
  );
}

/** Rates as percent with one decimal, for the chart; null where nobody was expected. */
const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

export function AttendanceHistory({ series, locale }: { series: SeriesPoint[]; locale: string }) {
  const points: ChartPoint[] = series.map((p) => ({
    date: p.date,
    label: formatLocalDayMonth(p.date, locale),
    attendance: percent(p.attendanceRate),
    lateness: percent(p.latenessRate),
    expected: p.expected,
    attended: p.attended,
    late: p.late,
  }));
  const hasHistory = series.some((p) => p.expected > 0);
  return (
    <section className="card mt-6" aria-labelledby="chart-h">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="chart-h" className="font-medium">
          Last 30 days
        </h2>
        <p className="text-xs text-slate-500">Attendance: share of expected people who checked in. Late arrivals: share of those who came in late.</p>
      </div>
      {hasHistory ? (
        <div className="mt-4">
          <AttendanceChart points={points} />
        </div>
      ) : (
        <div className="mt-4">
          <EmptyState title="No attendance history yet">The chart fills in as working days go by.</EmptyState>
        </div>
      )}
    </section>
  );
}
