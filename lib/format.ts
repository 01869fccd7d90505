// Display helpers for admin pages: instants shown in the organisation's timezone, written the way its locale
// writes dates and times (lib/validations/locale.ts). Pure (no IO).
import type { RejectReason } from "@/lib/checkin/reasons";
import { DEFAULT_LOCALE } from "@/lib/validations/locale";

/** Where and how an organisation reads its clock: its IANA timezone and its locale (e.g. "en-GB"). */
export interface OrgClock {
  timeZone: string;
  locale: string;
}

/** An organisation row's clock (rows written before locales existed read as the default). */
export const orgClock = (org: { timezone: string; locale?: string | null }): OrgClock => ({ timeZone: org.timezone, locale: org.locale || DEFAULT_LOCALE });

type Kind = "time" | "dateTime" | "date" | "weekday" | "month" | "dayMonth";

const OPTIONS: Record<Kind, Intl.DateTimeFormatOptions> = {
  time: { hour: "2-digit", minute: "2-digit" },
  date: { day: "numeric", month: "short", year: "numeric" },
  weekday: { weekday: "long", day: "numeric", month: "long" },
  dateTime: { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" },
  month: { month: "long", year: "numeric" },
  dayMonth: { day: "numeric", month: "short" },
};

const cache = new Map<string, Intl.DateTimeFormat>();

function fmt({ timeZone, locale }: OrgClock, kind: Kind): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${kind}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, { ...OPTIONS[kind], timeZone })));
  return f;
}

/** A calendar date "YYYY-MM-DD" read at noon UTC: the date itself, whatever the zone. */
const noonOf = (date: string) => new Date(`${date}T12:00:00Z`);

/** "09:02" in the organisation's timezone (en-GB; "09:02 AM" in en-US). */
export const formatTime = (at: Date | string, clock: OrgClock) => fmt(clock, "time").format(new Date(at));
/** "3 Mar, 09:02". */
export const formatDateTime = (at: Date | string, clock: OrgClock) => fmt(clock, "dateTime").format(new Date(at));
/** "3 Mar 2026". */
export const formatDate = (at: Date | string, clock: OrgClock) => fmt(clock, "date").format(new Date(at));

/** A local date "YYYY-MM-DD" as "Tuesday 3 March". */
export const formatLocalDay = (date: string, locale: string) => fmt({ timeZone: "UTC", locale }, "weekday").format(noonOf(date));

/** A local date "YYYY-MM-DD" as "3 Mar 2026" (the same form as formatDate). */
export const formatLocalDate = (date: string, locale: string) => fmt({ timeZone: "UTC", locale }, "date").format(noonOf(date));

/** A local date "YYYY-MM-DD" as "3 Mar" (chart axes). */
export const formatLocalDayMonth = (date: string, locale: string) => fmt({ timeZone: "UTC", locale }, "dayMonth").format(noonOf(date));

/** A month "YYYY-MM" as "March 2026". */
export const formatMonth = (month: string, locale: string) => fmt({ timeZone: "UTC", locale }, "month").format(noonOf(`${month}-15`));

/** A count written the locale's way ("12,345" in en-GB). */
export const formatCount = (n: number, locale: string) => n.toLocaleString(locale);

/** "2h 05m" from whole minutes. */
export function formatMinutes(min: number): string {
  const h = Math.floor(min / 60);
  const m = min % 60;
  return h ? `${h}h ${String(m).padStart(2, "0")}m` : `${m}m`;
}

/** "just now", "4 min ago", "2 h ago", or the date-time. */
export function formatAgo(at: Date | string, now: Date, clock: OrgClock): string {
  const s = Math.round((now.getTime() - new Date(at).getTime()) / 1000);
  if (s < 45) return "just now";
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 6 * 3600) return `${Math.round(s / 3600)} h ago`;
  return formatDateTime(at, clock);
}

/** Short words for an admin, per reason code recorded by check-in (lib/checkin/reasons.ts). */
const reasonWords: Record<RejectReason, string> = {
  "rate-limited": "Too many attempts",
  "payload-too-large": "Request too large",
  "malformed-payload": "Malformed request",
  "field-too-large": "Malformed request",
  "device-unknown": "Unregistered device",
  "device-not-approved": "Device not approved yet",
  "device-revoked": "Revoked device",
  "device-not-yours": "Someone else's device",
  "bad-signature": "Device signature invalid",
  "challenge-unknown": "Unknown challenge",
  "challenge-mismatch": "Challenge for another person or device",
  "challenge-expired": "Challenge expired",
  "challenge-used": "Replayed challenge",
  "unknown-model": "Outdated face model",
  "embedding-dimension": "Invalid face data",
  "embedding-not-finite": "Invalid face data",
  "embedding-not-normalised": "Invalid face data",
  "bad-crop": "Unreadable photo",
  "frames-missing": "No evidence frames",
  "too-few-frames": "Too few evidence frames",
  "frames-out-of-order": "Evidence frames out of order",
  "frames-outside-challenge": "Evidence frames outside the challenge",
  "frame-sizes-differ": "Evidence frames of different sizes",
  "frame-unreadable": "Unreadable evidence frame",
  "burst-too-large": "Evidence too large",
  "face-mismatch": "More than one face in the evidence",
  "liveness-failed": "Liveness challenge failed",
  "spoof-suspected": "Possible photo or screen",
  "crop-mismatch": "Photo does not match the face data",
  "low-quality": "Poor picture quality",
  "wrong-pose": "Wrong head pose",
  "not-enrolled": "Not enrolled",
  "enrolment-held": "Enrolment held for review",
  "no-match": "Face did not match",
  "ambiguous-match": "Too close to another person",
  "unknown-person": "Face not recognised (kiosk)",
  "inconsistent-enrolment": "Enrolment pictures inconsistent",
  "consent-required": "Consent missing",
  "no-face": "No face in front of the camera",
  "unclear-view": "Face never clearly in view",
  "step-timeout": "Challenge not completed in time",
  "face-lost": "Face left the picture",
  "no-capture": "No clear photo at the end",
  "session-timeout": "Session took too long",
  "capture-stalled": "Face analysis stopped responding",
  "device-too-slow": "Device too slow for the liveness check",
};

export function reasonLabel(reason: string | null | undefined): string {
  if (!reason) return "No reason recorded";
  return (reasonWords as Record<string, string>)[reason] ?? reason.replace(/[-_]/g, " ");
}

const plurals = new Intl.PluralRules("en-GB");
const counts = new Intl.NumberFormat("en-GB");

/** A count with its noun in the right number: "1 row", "0 rows", "1,204 rows", "1 person", "3 people". */
export function countOf(n: number, one: string, other = `${one}s`): string {
  return `${counts.format(n)} ${plurals.select(n) === "one" ? one : other}`;
}
