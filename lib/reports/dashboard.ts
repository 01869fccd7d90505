// The dashboard's attendance figures: today at a glance and the last 30 days, from one pass over the events.
import "server-only";
import type { DayRecord } from "@/lib/attendance/day";
import { addDays } from "@/lib/attendance/local-time";
import { SeriesAccumulator, summariseDay, type DaySummary, type SeriesPoint } from "@/lib/attendance/summary";
import { listReportPeople, streamReportEvents } from "@/lib/db/queries/reports";
import { personReports } from "@/lib/reports";
import { calendarOf, loadOrg, orgCalendars } from "./org-report";

export interface DashboardFigures {
  timezone: string;
  /** Today is one of the organisation's working days. */
  isWorkDay: boolean;
  today: DaySummary;
  series: SeriesPoint[];
}

/** Today's lists (present, late, absent, not yet in) and the daily series of the last `days` work days. */
export async function dashboardFigures(orgId: string, now = new Date(), days = 30): Promise<DashboardFigures> {
  const org = await loadOrg(orgId);
  const calendar = calendarOf(org);
  const today = calendar.today(now);
  const from = addDays(today, -(days - 1));
  const people = await listReportPeople(orgId, org.timezone, { activeOn: from });
  const names = new Map(people.map((p) => [p.id, p.name]));
  const series = new SeriesAccumulator(from, today);
  const todays: DayRecord[] = [];
  const { calendarFor, daysOffFor, bounds } = await orgCalendars(orgId, calendar, from, today);
  for await (const pr of personReports({ calendar, calendarFor, daysOffFor, people, events: streamReportEvents(orgId, people, bounds), from, to: today, now })) {
    for (const d of pr.days) {
      series.add(d);
      if (d.date === today) todays.push(d);
    }
  }
  return { timezone: org.timezone, isWorkDay: calendar.isWorkDay(today), today: summariseDay(today, todays, names), series: series.result() };
}
