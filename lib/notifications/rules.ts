// Who gets which e-mail, decided from day records, leave requests and a clock passed in (no DB, no Date.now()).
// The notifications cron (lib/notifications/run.ts) loads the inputs, sends what these functions select and
// records each sent mail once (notifications_sent), so a run repeated within the hour sends nothing twice.
import type { DayFlag, DayRecord } from "@/lib/attendance/day";
import { addDays, formatLocalTime, toLocal, type LocalDate } from "@/lib/attendance/local-time";
import type { PunchState } from "@/lib/attendance/punches";
import type { NotificationKind } from "./kinds";

export const notificationRules = {
  /** A missed check-out reminder goes this long after the end of the person's shift (minutes). */
  missedCheckoutGraceMinutes: 30,
  /** Admins' daily digest (of the previous work day) goes at the first run at or after this local hour. */
  digestLocalHour: 7,
  /** Leave decisions older than this are never mailed (a first run does not mail the whole history; days). */
  leaveDecisionMaxAgeDays: 7,
} as const;

export interface Recipient {
  id: string;
  name: string;
  email: string;
  role: "owner" | "admin" | "employee";
  status: "active" | "invited" | "deactivated";
  /** The person's choice on /me. */
  emailReminders: boolean;
}

/** One e-mail to send: to whom, of which kind, once per key (a work date, a leave request). */
export interface Outgoing {
  userId: string;
  to: string;
  kind: NotificationKind;
  key: string;
  subject: string;
  text: string;
}

/** The key under which a sent mail is recorded (notifications_sent: one per person, kind and key). */
export const sentKey = (userId: string, kind: NotificationKind, key: string) => `${userId}|${kind}|${key}`;

const reachable = (r: Recipient) => r.status === "active" && r.emailReminders;

/** A person's day as the reminder needs it: its record and the instant their shift ends. */
export interface ReminderDay {
  record: Pick<DayRecord, "userId" | "date" | "state">;
  /** Instant the planned (or the organisation's default) shift of that work day ends. */
  shiftEnd: number;
  /** The day's first check-in (null when the check-in itself is missing). */
  firstIn: Date | null;
}

/**
 * Missed check-out reminders: a person still in (or on a break) `missedCheckoutGraceMinutes` after their shift's
 * end, reminded once for that work day, if they are active and have reminders on.
 */
export function missedCheckoutReminders(
  days: readonly ReminderDay[],
  people: ReadonlyMap<string, Recipient>,
  sent: ReadonlySet<string>,
  now: number,
  timeZone: string,
): Outgoing[] {
  const out: Outgoing[] = [];
  for (const d of days) {
    const p = people.get(d.record.userId);
    if (!p || !reachable(p) || d.record.state === "out") continue;
    if (now < d.shiftEnd + notificationRules.missedCheckoutGraceMinutes * 60_000) continue;
    if (sent.has(sentKey(p.id, "missed-checkout", d.record.date))) continue;
    out.push({ userId: p.id, to: p.email, kind: "missed-checkout", key: d.record.date, ...missedCheckoutMail(p.name, d.record.state, d.firstIn, d.shiftEnd, timeZone) });
  }
  return out;
}

export function missedCheckoutMail(name: string, state: Exclude<PunchState, "out">, firstIn: Date | null, shiftEnd: number, timeZone: string) {
  const where = state === "break" ? "on a break" : "checked in";
  const began = firstIn ? ` You checked in at ${formatLocalTime(firstIn, timeZone)}.` : "";
  return {
    subject: "Did you forget to check out?",
    text: [
      `Hello ${name},`,
      "",
      `Your shift ended at ${formatLocalTime(shiftEnd, timeZone)}, and you are still ${where}.${began}`,
      "If you have left, check out now, or ask an admin to correct your time. Clockface never invents a check-out.",
      "",
      "You can turn these reminders off on your page (/me).",
    ].join("\n"),
  };
}

export interface LeaveDecision {
  id: string;
  userId: string;
  status: "pending" | "approved" | "refused";
  typeName: string;
  from: LocalDate;
  to: LocalDate;
  half: "am" | "pm" | null;
  decisionReason: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
}

/**
 * Leave decisions to the employee: approved or refused (or recorded by an admin) within the last
 * `leaveDecisionMaxAgeDays`, not decided by the person themselves, mailed once per request.
 */
export function leaveDecisionMails(requests: readonly LeaveDecision[], people: ReadonlyMap<string, Recipient>, sent: ReadonlySet<string>, now: number): Outgoing[] {
  const out: Outgoing[] = [];
  const oldest = now - notificationRules.leaveDecisionMaxAgeDays * 86_400_000;
  for (const r of requests) {
    if (r.status === "pending" || !r.decidedAt || r.decidedAt.getTime() < oldest || r.decidedBy === r.userId) continue;
    const p = people.get(r.userId);
    if (!p || !reachable(p) || sent.has(sentKey(p.id, "leave-decision", r.id))) continue;
    const when = r.from === r.to ? `${r.from}${r.half ? ` (${r.half === "am" ? "morning" : "afternoon"})` : ""}` : `${r.from} to ${r.to}`;
    const verdict = r.status === "approved" ? "approved" : "refused";
    out.push({
      userId: p.id,
      to: p.email,
      kind: "leave-decision",
      key: r.id,
      subject: `Your leave was ${verdict}: ${r.typeName}, ${when}`,
      text: [
        `Hello ${p.name},`,
        "",
        `Your ${r.typeName.toLowerCase()} leave for ${when} was ${verdict}.`,
        ...(r.decisionReason ? [`Reason: ${r.decisionReason}`] : []),
        "",
        "Your leave and remaining allowance are on your page (/me).",
      ].join("\n"),
    });
  }
  return out;
}

/** The work date the daily digest covers at `now`: yesterday (local), from `digestLocalHour`; null before. */
export function digestDate(now: number, timeZone: string): LocalDate | null {
  const local = toLocal(now, timeZone);
  if (local.minutes < notificationRules.digestLocalHour * 60) return null;
  return addDays(local.date, -1);
}

/** Flags an admin should look at (the rest describe, they do not ask for action). */
const attentionFlags: readonly DayFlag[] = ["missing-out", "missing-in", "pending-review"];
const flagWords: Record<string, string> = { "missing-out": "no check-out", "missing-in": "no check-in", "pending-review": "attempt to review" };

export interface Digest {
  date: LocalDate;
  late: { name: string; minutes: number }[];
  absent: string[];
  flagged: { name: string; flags: string[] }[];
  /** Requests waiting for an admin's decision, by kind. */
  pending: { leave: number; correction: number };
}

/** The digest of one work date from its day records (names by person id) and the requests waiting for a decision. */
export function buildDigest(
  date: LocalDate,
  records: readonly DayRecord[],
  names: ReadonlyMap<string, string>,
  pendingRequests: readonly { kind: "leave" | "correction" }[],
): Digest {
  const name = (id: string) => names.get(id) ?? "Someone";
  const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);
  const day = records.filter((r) => r.date === date);
  return {
    date,
    late: day.filter((r) => r.status === "late").map((r) => ({ name: name(r.userId), minutes: r.lateMinutes })).sort(byName),
    absent: day.filter((r) => r.status === "absent").map((r) => name(r.userId)).sort((a, b) => a.localeCompare(b)),
    flagged: day
      .map((r) => ({ name: name(r.userId), flags: r.flags.filter((f) => attentionFlags.includes(f)).map((f) => flagWords[f]!) }))
      .filter((f) => f.flags.length > 0)
      .sort(byName),
    pending: { leave: pendingRequests.filter((r) => r.kind === "leave").length, correction: pendingRequests.filter((r) => r.kind === "correction").length },
  };
}

export function digestText(d: Digest): { subject: string; text: string } {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const lines = [
    `Attendance on ${d.date}:`,
    "",
    `Late: ${d.late.length ? d.late.map((l) => `${l.name} (${l.minutes} min)`).join(", ") : "nobody"}`,
    `Absent: ${d.absent.length ? d.absent.join(", ") : "nobody"}`,
    `Needs a look: ${d.flagged.length ? d.flagged.map((f) => `${f.name} (${f.flags.join(", ")})`).join(", ") : "nothing"}`,
    `Requests waiting for a decision: ${plural(d.pending.leave, "leave request", "leave requests")}, ${plural(d.pending.correction, "correction request", "correction requests")}`,
    "",
    "Details are in Clockface under Reports and Requests. You can turn this digest off on your page (/me).",
  ];
  const subject = `Attendance digest for ${d.date}: ${plural(d.late.length, "late", "late")}, ${plural(d.absent.length, "absent", "absent")}, ${plural(d.flagged.length, "to check", "to check")}`;
  return { subject, text: lines.join("\n") };
}

/** The digest for every active admin and owner with e-mails on, once per work date. */
export function digestMails(digest: Digest, people: ReadonlyMap<string, Recipient>, sent: ReadonlySet<string>): Outgoing[] {
  const { subject, text } = digestText(digest);
  return [...people.values()]
    .filter((p) => p.role !== "employee" && reachable(p) && !sent.has(sentKey(p.id, "daily-digest", digest.date)))
    .map((p) => ({ userId: p.id, to: p.email, kind: "daily-digest" as const, key: digest.date, subject, text }));
}
