import Link from "next/link";
import { PageHeader } from "@/app/_components/ui/page-header";
import { dashboardFigures } from "@/lib/reports/dashboard";
import { formatLocalDay, orgClock } from "@/lib/format";
import { ADMINS } from "@/lib/auth/guard";
import { requirePageMember } from "@/lib/auth/page";
import { listLatestEvents, listReviewQueue } from "@/lib/db/queries/admin-dashboard";
import { getOrganisation, settingsOf } from "@/lib/db/queries/organisations";
import { listMembers } from "@/lib/db/queries/users";
import { weekdayNames } from "@/lib/validations/settings";
import { AttendanceHistory, GetStarted, ReviewQueue, TodayCounts, WhoIsIn } from "./_components/dashboard-sections";
import { LiveFeed } from "./_components/live-feed";

export const metadata = { title: "Dashboard" };
export const dynamic = "force-dynamic";

export default async function DashboardPage() {
  const { orgId } = await requirePageMember(ADMINS, "/admin");
  const now = new Date();
  const [org, members, figures, feed, queue] = await Promise.all([
    getOrganisation(orgId),
    listMembers(orgId),
    dashboardFigures(orgId, now),
    listLatestEvents(orgId, { limit: 15 }),
    listReviewQueue(orgId, 12),
  ]);
  const s = settingsOf(org!);
  const tz = figures.timezone;
  const clock = orgClock({ timezone: tz, locale: org!.locale });
  const { today } = figures;
  const enrolled = members.filter((m) => m.enrolment === "enrolled").length;

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={`${formatLocalDay(today.date, clock.locale)} · shift ${s.shiftStart}–${s.shiftEnd} (${s.workDays.map((d) => weekdayNames[d - 1]).join(" ")}) · ${tz}`}
      >
        <Link href="/admin/reports" className="btn-secondary">
          Reports
        </Link>
      </PageHeader>
      {enrolled === 0 && members.length <= 1 && <GetStarted />}
      <TodayCounts counts={today.counts} />
      <div className="mt-6 grid grid-cols-1 gap-6 xl:grid-cols-3">
        <WhoIsIn today={today} isWorkDay={figures.isWorkDay} clock={clock} />
        <LiveFeed initial={feed.map((e) => ({ ...e, at: e.at.toISOString(), createdAt: e.createdAt.toISOString() }))} clock={clock} />
      </div>
      <ReviewQueue queue={queue} cropRetentionDays={s.cropRetentionDays} clock={clock} />
      <AttendanceHistory series={figures.series} locale={clock.locale} />
    </>
  );
}
