// Audit entries in plain words: "Dana changed Ben's check-in from 09:12 to 09:02 — reason: bus late" instead of
// dotted action codes and JSON. Pure: the entry, the organisation's clock (timezone and locale) and a way to name people in, text out.
import { isPunchKind, type PunchKind } from "@/lib/attendance/punches";
import { localDateOf } from "@/lib/attendance/local-time";
import { formatDateTime, formatLocalDate, formatTime, type OrgClock } from "@/lib/format";

export interface AuditEntryView {
  action: string;
  actorName: string | null;
  targetType: string | null;
  targetId: string | null;
  data: Record<string, unknown> | null;
}

export interface AuditContext {
  clock: OrgClock;
  /** A person's name by user id (undefined when unknown, e.g. removed). */
  nameOf: (userId: string) => string | undefined;
}

/** What each action is called in the Action column and filter. Unknown actions fall back to their code in words. */
export const auditActionLabels: Readonly<Record<string, string>> = Object.freeze({
  "organisation.created": "Organisation created",
  "settings.updated": "Working hours changed",
  "settings.recognition.updated": "Recognition settings changed",
  "settings.retention.updated": "Data retention changed",
  "settings.liveness.updated": "Liveness steps changed",
  "invite.created": "Invitation sent",
  "invite.revoked": "Invitation revoked",
  "invite.accepted": "Invitation accepted",
  "member.role-changed": "Role changed",
  "member.deactivated": "Account deactivated",
  "member.reactivated": "Account reactivated",
  "member.employee-number": "Employee number changed",
  "consent.accepted": "Consent given",
  "enrol.capture.stored": "Enrolment picture stored",
  "enrol.capture.rejected": "Enrolment picture refused",
  "enrolment.approved": "Enrolment approved",
  "enrolment.auto-approved": "Enrolment approved",
  "enrolment.pending": "Enrolment waiting for approval",
  "enrolment.held": "Enrolment held for review",
  "enrolment.refused": "Enrolment refused",
  "enrolment.released": "Enrolment released",
  "enrolment.reset": "Re-enrolment started",
  "biometrics.deleted": "Face data deleted",
  "device.registered.approved": "Device registered",
  "device.registered.pending": "Device registered, waiting for approval",
  "device.approved": "Device approved",
  "device.revoked": "Device revoked",
  "device.renamed": "Device renamed",
  "device.kiosk.registered": "Kiosk registered",
  "attendance.corrected.add": "Event added",
  "attendance.corrected.edit": "Event corrected",
  "attendance.corrected.void": "Event removed",
  "attendance.reviewed": "Attempt reviewed",
  "attendance.reviewed.all": "Attempts reviewed",
  "auth.locked": "Sign-in locked",
  "auth.unlocked": "Sign-in unlocked",
  "auth.password-reset": "Password reset",
  "auth.email-verified": "E-mail confirmed",
  "report.exported": "Report exported",
  "retention.run": "Old data removed",
  "shift.created": "Shift created",
  "shift.deleted": "Shift deleted",
  "rota.assigned": "Rota assigned",
  "rota.removed": "Rota removed",
  "holiday.created": "Holiday added",
  "holiday.deleted": "Holiday removed",
  "leave-type.created": "Leave type added",
  "leave.requested": "Leave requested",
  "leave.recorded": "Leave recorded",
  "leave.approved": "Leave approved",
  "leave.refused": "Leave refused",
  "correction.requested": "Correction requested",
  "correction.request-approved": "Correction request approved",
  "correction.request-refused": "Correction request refused",
  "period.approved": "Pay period approved",
  "period.unlocked": "Pay period reopened",
  "demo.seeded": "Demo data added",
  "demo.owner-enrolled": "Demo face enrolled",
});

export function auditActionLabel(action: string): string {
  return auditActionLabels[action] ?? sentenceCase(action.replace(/[.\-_]+/g, " "));
}

/** Setting and field names in words (camelCase keys not listed here are split into words). */
const fieldWords: Readonly<Record<string, string>> = {
  timezone: "timezone",
  workDays: "working days",
  shiftStart: "shift start",
  shiftEnd: "shift end",
  graceMinutes: "grace minutes",
  paidBreaks: "paid breaks",
  overnight: "overnight shift",
  overtimeDailyMinutes: "daily overtime after (minutes)",
  overtimeWeeklyMinutes: "weekly overtime after (minutes)",
  matchThreshold: "match strictness",
  antispoofThreshold: "photo and screen detection",
  matchMargin: "margin over the next person",
  livenessSteps: "liveness steps",
  autoApproveEnrolment: "approve enrolments automatically",
  cropRetentionDays: "photo retention (days)",
  templateRetentionDays: "face data retention after leaving (days)",
  templates: "face templates",
  crops: "photos",
  role: "role",
  email: "e-mail",
  name: "name",
  employeeNumber: "employee number",
  checkIn: "check-in",
  checkOut: "check-out",
  date: "date",
  from: "from",
  to: "to",
  people: "people",
  staff: "staff",
  events: "events",
};
const weekday = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

const sentenceCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const words = (key: string) => fieldWords[key] ?? key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();

function value(key: string, v: unknown, ctx: AuditContext): string {
  if (v === null || v === undefined || v === "") return "none";
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (key === "workDays" && Array.isArray(v)) return v.map((d) => weekday[Number(d)] ?? String(d)).join(" ");
  if (Array.isArray(v)) return v.map((x) => value(key, x, ctx)).join(", ");
  if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) return formatDateTime(v, ctx.clock);
  if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v)) return formatLocalDate(v, ctx.clock.locale);
  if (typeof v === "object") return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${words(k)} ${value(k, x, ctx)}`).join(", ");
  return String(v);
}

const possessive = (name: string) => (name.endsWith("s") ? `${name}’` : `${name}’s`);

type EventSnapshot = { kind?: unknown; at?: unknown };
/** A punch as a noun ("Ben's check-in", "the break start"). */
const punchNouns: Readonly<Record<PunchKind, string>> = { in: "check-in", out: "check-out", "break-start": "break start", "break-end": "break end" };
const punchNoun = (kind: unknown) => (isPunchKind(kind) ? punchNouns[kind] : "event");
const snapshotAt = (s: EventSnapshot | undefined) => (typeof s?.at === "string" ? new Date(s.at) : null);

/** One audit entry as a sentence. */
export function describeAudit(e: AuditEntryView, ctx: AuditContext): string {
  const actor = e.actorName ?? "The system";
  const data = e.data ?? {};
  const reason = typeof data.reason === "string" && data.reason ? ` — reason: ${data.reason}` : "";
  const personId = typeof data.userId === "string" ? data.userId : e.targetType === "user" ? e.targetId : null;
  const person = (personId && ctx.nameOf(personId)) ?? (typeof data.name === "string" ? data.name : null) ?? "someone";

  switch (e.action) {
    case "attendance.corrected.edit": {
      const before = data.before as EventSnapshot | undefined;
      const after = data.after as EventSnapshot | undefined;
      const [from, to] = [snapshotAt(before), snapshotAt(after)];
      const sameDay = from && to && localDateOf(from, ctx.clock.timeZone) === localDateOf(to, ctx.clock.timeZone);
      const t = (d: Date | null) => (d ? (sameDay ? formatTime(d, ctx.clock) : formatDateTime(d, ctx.clock)) : "?");
      const kindChange = before?.kind !== after?.kind ? ` and made it a ${punchNoun(after?.kind)}` : "";
      return `${actor} changed ${possessive(person)} ${punchNoun(before?.kind)} from ${t(from)} to ${t(to)}${kindChange}${reason}`;
    }
    case "attendance.corrected.add": {
      const after = data.after as EventSnapshot | undefined;
      const at = snapshotAt(after);
      return `${actor} added a ${punchNoun(after?.kind)} for ${person}${at ? ` at ${formatDateTime(at, ctx.clock)}` : ""}${reason}`;
    }
    case "attendance.corrected.void": {
      const before = data.before as EventSnapshot | undefined;
      const at = snapshotAt(before);
      return `${actor} removed ${possessive(person)} ${punchNoun(before?.kind)}${at ? ` of ${formatDateTime(at, ctx.clock)}` : ""}${reason}`;
    }
  }

  const changes = data.changes as Record<string, { from: unknown; to: unknown }> | undefined;
  const label = auditActionLabel(e.action);
  const about = personId || e.targetType === "user" ? ` for ${person}` : "";
  const parts: string[] = [];
  if (changes)
    for (const [k, c] of Object.entries(changes)) parts.push(`${words(k)} from ${value(k, c.from, ctx)} to ${value(k, c.to, ctx)}`);
  for (const [k, v] of Object.entries(data)) {
    // Ids mean nothing to a reader (the entry links its person); the rest is said above or is private.
    if (["changes", "reason", "name", "before", "after", "ip"].includes(k) || /Id$/.test(k)) continue;
    parts.push(`${words(k)}: ${value(k, v, ctx)}`);
  }
  return `${label}${about} by ${actor === "The system" ? "the system" : actor}${parts.length ? `: ${parts.join("; ")}` : ""}${reason}`;
}
