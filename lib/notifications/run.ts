// The notifications run (app/api/cron/notifications, hourly): for every organisation, the day records of
// yesterday and today (the same rows as the reports and the dashboard), then what lib/notifications/rules.ts selects
// — missed check-out reminders, leave decisions, the admins' daily digest — each mail claimed once in
// notifications_sent before it is sent (given back when sending fails, so the next run retries it).
import "server-only";
import type { DayRecord } from "@/lib/attendance/day";
import { addDays } from "@/lib/attendance/local-time";
import {
  claimNotification,
  listLeaveDecisions,
  listOrganisationsForNotifications,
  listRecipients,
  releaseNotification,
  sentSince,
  sweepKioskIdentifications,
} from "@/lib/db/queries/notifications";
import { listPendingRequests } from "@/lib/db/queries/pending-requests";
import { listReportPeople, streamReportEvents } from "@/lib/db/queries/reports";
import type { Organisation } from "@/lib/db/schema";
import { sendMail, type Mail } from "@/lib/mail";
import { personReports } from "@/lib/reports";
import { calendarOf, orgCalendars } from "@/lib/reports/org-report";
import { buildDigest, digestDate, digestMails, leaveDecisionMails, missedCheckoutReminders, notificationRules, type Outgoing, type ReminderDay } from "./rules";

export interface NotificationsResult {
  orgId: string;
  sent: Record<Outgoing["kind"], number>;
  /** Mails not sent (no mail transport configured, or it failed): they stay due. */
  unsent: number;
  error?: string;
}

export interface NotificationsOptions {
  now?: Date;
  /** How a mail goes out (the app's sendMail by default). */
  send?: (mail: Mail) => Promise<"smtp" | "outbox" | "none">;
}

const DAY_MS = 86_400_000;

/** Selects and sends one organisation's mails at `now`. */
export async function notifyOrganisation(org: Organisation, o: Required<NotificationsOptions>): Promise<NotificationsResult> {
  const r: NotificationsResult = { orgId: org.id, sent: { "missed-checkout": 0, "leave-decision": 0, "daily-digest": 0 }, unsent: 0 };
  try {
    const now = o.now;
    const calendar = calendarOf(org);
    const today = calendar.today(now);
    const digestOf = digestDate(now.getTime(), org.timezone);
    const from = digestOf && digestOf < addDays(today, -1) ? digestOf : addDays(today, -1);
    const [recipients, sent, people] = await Promise.all([
      listRecipients(org.id),
      sentSince(org.id, new Date(now.getTime() - (notificationRules.leaveDecisionMaxAgeDays + 1) * DAY_MS)),
      listReportPeople(org.id, org.timezone, { activeOn: from }),
    ]);
    const { calendarFor, daysOffFor, bounds } = await orgCalendars(org.id, calendar, from, today);
    const reminderDays: ReminderDay[] = [];
    const records: DayRecord[] = [];
    for await (const pr of personReports({ calendar, calendarFor, daysOffFor, people, events: streamReportEvents(org.id, people, bounds), from, to: today, now })) {
      const cal = calendarFor(pr.person);
      for (const d of pr.days) {
        records.push(d);
        if (d.state !== "out") reminderDays.push({ record: d, shiftEnd: cal.window(d.date).shiftEnd, firstIn: d.firstIn });
      }
    }
    const outgoing = [
      ...missedCheckoutReminders(reminderDays, recipients, sent, now.getTime(), org.timezone),
      ...leaveDecisionMails(await listLeaveDecisions(org.id, new Date(now.getTime() - notificationRules.leaveDecisionMaxAgeDays * DAY_MS)), recipients, sent, now.getTime()),
    ];
    if (digestOf) {
      const names = new Map(people.map((p) => [p.id, p.name]));
      outgoing.push(...digestMails(buildDigest(digestOf, records, names, await listPendingRequests(org.id)), recipients, sent));
    }
    for (const m of outgoing) {
      const claim = await claimNotification(org.id, m.userId, m.kind, m.key);
      if (!claim) continue; // another run sent it
      let how: "smtp" | "outbox" | "none";
      try {
        how = await o.send({ to: m.to, subject: m.subject, text: m.text });
      } catch (e) {
        console.error("notification not sent:", e instanceof Error ? e.name : "error");
        how = "none";
      }
      if (how === "none") {
        await releaseNotification(org.id, claim);
        r.unsent++;
      } else r.sent[m.kind]++;
    }
    await sweepKioskIdentifications(org.id);
  } catch (e) {
    r.error = e instanceof Error ? e.name : "error";
    console.error("notifications failed for an organisation:", e instanceof Error ? `${e.name}: ${e.message}` : "unknown");
  }
  return r;
}

/** Every organisation's mails at `now` (one failing organisation does not stop the others). */
export async function runNotifications(opts: NotificationsOptions = {}): Promise<NotificationsResult[]> {
  const o: Required<NotificationsOptions> = { now: opts.now ?? new Date(), send: opts.send ?? sendMail };
  const out: NotificationsResult[] = [];
  for (const org of await listOrganisationsForNotifications()) out.push(await notifyOrganisation(org, o));
  return out;
}
