// A check-in's timeline in the browser, as User Timing marks (`performance.mark`), read by `npm run bench:checkin`
// (scripts/bench-checkin.ts) and visible in the browser's performance panel. Each mark is a point in time and an
// optional detail of numbers; nothing personal (no images, no embeddings, no identifiers). Costs a few microseconds.
//
//   click        the person pressed "Check in"
//   challenge    the server's challenge arrived (beginCheckIn answered)
//   engine-ready the face worker has its models and runtimes loaded (page load or click, whichever started it)
//   camera-ready the camera is playing
//   first-frame  the first camera frame has been analysed
//   last-step    the last challenge step passed (detail: the person's time for each step, ms)
//   session-done the runner finished (the last prompt held: a frontal, sharp frame and enough anti-spoof frames)
//   captured     the session ended with a capture (best frame aligned, embedded, encoded)
//   signed       the payload is built and signed by the device key
//   verdict      the server's verdict has arrived (detail: the round trip of the completion, ms)
//   failed       the session ended without a capture
export const checkinMarks = [
  "click",
  "challenge",
  "engine-ready",
  "camera-ready",
  "first-frame",
  "last-step",
  "session-done",
  "captured",
  "signed",
  "verdict",
  "failed",
] as const;
export type CheckinMark = (typeof checkinMarks)[number];

export const MARK_PREFIX = "clockface:";

/** Records `name` now (no-op where the User Timing API is missing, e.g. on the server). */
export function markCheckin(name: CheckinMark, detail?: Record<string, number | string>): void {
  if (typeof performance === "undefined" || typeof performance.mark !== "function") return;
  try {
    performance.mark(MARK_PREFIX + name, detail ? { detail } : undefined);
  } catch {
    // A full performance buffer or an old browser: the timeline is for measurement only.
  }
}
