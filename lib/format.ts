// Display helpers for admin pages: instants shown in the organisation's timezone. Pure (no IO).
import type { RejectReason } from "@/lib/checkin/reasons";

const cache = new Map<string, Intl.DateTimeFormat>();

function fmt(timeZone: string, kind: "time" | "dateTime" | "date" | "weekday"): Intl.DateTimeFormat {
  const key = `${timeZone}|${kind}`;
  let f = cache.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions =
      kind === "time"
        ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }
        : kind === "date"
          ? { day: "numeric", month: "short", year: "numeric" }
          : kind === "weekday"
            ? { weekday: "long", day: "numeric", month: "long" }
            : { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    f = new Intl.DateTimeFormat("en-GB", { ...opts, timeZone });
    cache.set(key, f);
  }
  return f;
}

/** "09:02" in the organisation's timezone. */
export const formatTime = (at: Date | string, timeZone: string) => fmt(timeZone, "time").format(new Date(at));
/** "3 Mar, 09:02". */
export const formatDateTime = (at: Date | string, timeZone: string) => fmt(timeZone, "dateTime").format(new Date(at));
/** "3 Mar 2026". */
export const formatDate = (at: Date | string, timeZone: string) => fmt(timeZone, "date").format(new Date(at));

/** A local date "YYYY-MM-DD" as "Tuesday 3 March" (read at noon UTC: the date itself, whatever the zone). */
export const formatLocalDay = (date: string) => fmt("UTC", "weekday").format(new Date(`${date}T12:00:00Z`));

/** A local date "YYYY-MM-DD" as "3 Mar 2026" (the same form as formatDate). */
export const formatLocalDate = (date: string) => fmt("UTC", "date").format(new Date(`${date}T12:00:00Z`));

/** A month "YYYY-MM" as "March 2026". */
export const formatMonth = (month: string) => new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${month}-15T12:00:00Z`));

/** "2h 05m" from whole minutes. */
export function formatMinutes(min: number): string {
  const h = Math.floor(min / 60);
  const m = min % 60;
  return h ? `${h}h ${String(m).padStart(2, "0")}m` : `${m}m`;
}

/** "just now", "4 min ago", "2 h ago", or the date-time. */
export function formatAgo(at: Date | string, now: Date, timeZone: string): string {
  const s = Math.round((now.getTime() - new Date(at).getTime()) / 1000);
  if (s < 45) return "just now";
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 6 * 3600) return `${Math.round(s / 3600)} h ago`;
  return formatDateTime(at, timeZone);
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
