// An employee's own history: their days, hours and lateness. Only ever the signed-in person (no id in the URL).
import { ScrollBox } from "@/app/_components/ui/scroll-box";
import Link from "next/link";
import { PageHeader } from "@/app/_components/ui/page-header";
import { formatLocalDay, formatMinutes, formatMonth, orgClock } from "@/lib/format";
import { calendarOf, loadOrg, openOrgReport } from "@/lib/reports/org-report";
import { addDays, formatLocalTime } from "@/lib/attendance/local-time";
import { MEMBERS } from "@/lib/auth/guard";
import { requirePageMember } from "@/lib/auth/page";
import { flagLabels, minutesToHours, statusLabels, type DailyRow, type SummaryRow } from "@/lib/reports";
import { Badge, dayStatusTone } from "@/app/_components/ui/badge";
import { loadMyCorrections, MyCorrections } from "./_components/my-corrections";
import { loadMyLeave, MyLeave } from "./_components/my-leave";
import { EmailRemindersForm } from "./_components/email-reminders-form";
import { setEmailRemindersAction } from "./actions";

export const metadata = { title: "My attendance" };
export const dynamic = "force-dynamic";

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

function monthBounds(month: string) {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
  return { from: `${month}-01`, to: addDays(next, -1) };
}

function shift(month: string, delta: number) {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const t = y * 12 + (m - 1) + delta;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, "0")}`;
}

export default async function MePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { user, orgId } = await requirePageMember(MEMBERS, "/me");
  const sp = await searchParams;
  const now = new Date();
  const org = await loadOrg(orgId);
  const thisMonth = calendarOf(org).today(now).slice(0, 7);
  const month = typeof sp.month === "string" && MONTH.test(sp.month) && sp.month <= thisMonth ? sp.month : thisMonth;
  const { report } = await openOrgReport(orgId, { ...monthBounds(month), personId: user.id, now });
  const days: DailyRow[] = [];
  for await (const d of report.daily()) days.push(d);
  let s: SummaryRow | undefined;
  for await (const x of report.summary()) s = x;
  const tz = org.timezone;
  const { locale } = orgClock(org);
  const today = calendarOf(org).today(now);
  const [leave, corrections] = await Promise.all([loadMyLeave(orgId, user.id, today), loadMyCorrections(orgId, user.id, today)]);
  const shown = days.filter((d) => d.status !== "off" || d.firstIn).reverse();
  const label = formatMonth(month, locale);

  return (
    <>
      <PageHeader title="My attendance" description={`Your days at ${org.name}, in ${tz}.`} />
      <div className="mb-6 flex items-center gap-2" role="group" aria-label="Month">
        <Link className="btn-secondary px-3 py-1.5" href={`?month=${shift(month, -1)}`} aria-label="Previous month">
          ←
        </Link>
        <h2 className="min-w-40 text-center font-medium" aria-live="polite">
          {label}
        </h2>
        {month < thisMonth ? (
          <Link className="btn-secondary px-3 py-1.5" href={`?month=${shift(month, 1)}`} aria-label="Next month">
            →
          </Link>
        ) : (
          <span className="btn-secondary px-3 py-1.5 opacity-40" aria-hidden>
            →
          </span>
        )}
      </div>
      {s && (
        <div className="mb-6 grid grid-cols-2 gap-4 md:grid-cols-4" data-testid="my-summary">
          <Card label="Days present" value={`${s.daysPresent}/${s.workDays}`} />
          <Card label="Hours" value={minutesToHours(s.workedMinutes).toFixed(2)} />
          <Card label="Late arrivals" value={String(s.lateCount)} detail={s.lateMinutes ? `${formatMinutes(s.lateMinutes)} in total` : undefined} />
          <Card label="Missing check-outs" value={String(s.missingOutCount)} detail={s.missingOutCount ? "Ask an admin to correct them" : undefined} />
        </div>
      )}
      {shown.length === 0 ? (
        <div className="card text-center text-sm text-slate-500">No working days yet in {label}.</div>
      ) : (
        <>
          {/* On a phone each day is a card; from sm up, a table. */}
          <ul className="space-y-3 sm:hidden" data-testid="my-day-cards" aria-label="My days">
            {shown.map((d) => (
              <li key={d.date} className="card p-4 text-sm">
                <div className="flex items-center justify-between gap-2">
                  <p className="font-medium">{formatLocalDay(d.date, locale)}</p>
                  <Badge tone={dayStatusTone[d.status]}>{statusLabels[d.status]}</Badge>
                </div>
                <p className="mt-1 tabular-nums text-slate-700">
                  In {d.firstIn ? formatLocalTime(d.firstIn, tz) : "—"} · Out {d.lastOut ? formatLocalTime(d.lastOut, tz) : "—"} · {d.workedMinutes === null ? "no hours yet" : `${minutesToHours(d.workedMinutes).toFixed(2)} h`}
                </p>
                {dayNotes(d) && <p className="mt-1 text-xs text-slate-600">{dayNotes(d)}</p>}
              </li>
            ))}
          </ul>
          <ScrollBox label="My days" className="card hidden p-0 sm:block">
            <table className="w-full min-w-[560px] text-left text-sm" data-testid="my-days">
              <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
                <tr>
                  <th className="px-4 py-3" scope="col">Day</th>
                  <th className="px-4 py-3" scope="col">Status</th>
                  <th className="px-4 py-3" scope="col">In</th>
                  <th className="px-4 py-3" scope="col">Out</th>
                  <th className="px-4 py-3 text-right" scope="col">Hours</th>
                  <th className="px-4 py-3" scope="col">Notes</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((d) => (
                  <tr key={d.date} className="border-b border-slate-100 last:border-0">
                    <td className="whitespace-nowrap px-4 py-3">{formatLocalDay(d.date, locale)}</td>
                    <td className="px-4 py-3">
                      <Badge tone={dayStatusTone[d.status]}>{statusLabels[d.status]}</Badge>
                    </td>
                    <td className="px-4 py-3 tabular-nums">{d.firstIn ? formatLocalTime(d.firstIn, tz) : "—"}</td>
                    <td className="px-4 py-3 tabular-nums">{d.lastOut ? formatLocalTime(d.lastOut, tz) : "—"}</td>
                    <td className="px-4 py-3 text-right tabular-nums">{d.workedMinutes === null ? "—" : minutesToHours(d.workedMinutes).toFixed(2)}</td>
                    <td className="px-4 py-3 text-xs text-slate-600">{dayNotes(d)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        </>
      )}
      <MyLeave {...leave} />
      <MyCorrections {...corrections} />
      <section className="card mt-8" aria-labelledby="email-h">
        <h2 id="email-h" className="mb-4 text-lg font-medium">
          E-mails
        </h2>
        <EmailRemindersForm action={setEmailRemindersAction} on={user.emailReminders} isAdmin={user.role !== "employee"} />
      </section>
    </>
  );
}

/** A day's remarks: minutes late and its flags, in words. */
function dayNotes(d: Pick<DailyRow, "lateMinutes" | "flags">): string {
  return [d.lateMinutes ? `${formatMinutes(d.lateMinutes)} late` : null, ...d.flags.filter((f) => f !== "non-working-day").map((f) => flagLabels[f])]
    .filter(Boolean)
    .join(" · ");
}

function Card({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div className="card p-4">
      <p className="text-xs text-slate-500">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums">{value}</p>
      {detail && <p className="mt-1 text-xs text-slate-500">{detail}</p>}
    </div>
  );
}
