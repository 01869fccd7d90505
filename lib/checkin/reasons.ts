// Why a check-in or enrolment capture was rejected: typed codes, each with what the person should do.
// Codes are stored in attendance_events.reason; messages are shown to the person (never internals).
// The one source of these messages for the server's verdicts and the browser's own failures (the capture session,
// lib/face/challenge-runner.ts): a failure the browser decides is shown with the same words and reported under the
// same code (lib/checkin/attempt.ts).
import type { PunchKind } from "@/lib/attendance/punches";

export const reasonMessages = {
  "rate-limited": "Too many attempts in a short time. Wait a few minutes, then try again.",
  "payload-too-large": "The check-in was too large to accept. Reload the page and try again.",
  "malformed-payload": "The check-in could not be read. Reload the page and try again.",
  "field-too-large": "The check-in could not be read. Reload the page and try again.",
  "device-unknown": "This laptop is not registered for check-in. Register it from the enrolment page, or ask an admin.",
  "device-not-approved": "This laptop is waiting for an admin's approval. Ask an admin to approve it.",
  "device-revoked": "This laptop's access was revoked. Ask an admin.",
  "device-not-yours": "This laptop is registered to someone else. Use your own laptop, or ask an admin.",
  "bad-signature": "This laptop's key could not be verified. Reload and try again; if it keeps happening, ask an admin to re-register this laptop.",
  "challenge-unknown": "This check-in session is not valid. Start again.",
  "challenge-mismatch": "This check-in session belongs to another person or laptop. Start again.",
  "challenge-expired": "The check-in took too long. Start again and follow the prompts promptly.",
  "challenge-used": "This check-in was already submitted. Start again.",
  "unknown-model": "Your browser has an outdated face model. Reload the page and try again.",
  "embedding-dimension": "The face data was not valid. Reload the page and try again.",
  "embedding-not-finite": "The face data was not valid. Reload the page and try again.",
  "embedding-not-normalised": "The face data was not valid. Reload the page and try again.",
  "bad-crop": "The camera image could not be read. Reload the page and try again.",
  "frames-missing": "The camera pictures of the movements were missing. Reload the page and try again.",
  "too-few-frames": "The camera sent too few pictures of the movements. Reload the page and try again.",
  "frames-out-of-order": "The camera pictures arrived out of order. Reload the page and try again.",
  "frames-outside-challenge": "The camera pictures were not taken during this check-in. Start again.",
  "frame-sizes-differ": "The camera pictures could not be read. Reload the page and try again.",
  "frame-unreadable": "The camera pictures could not be read. Reload the page and try again.",
  "burst-too-large": "The camera pictures were too large to accept. Reload the page and try again.",
  "face-mismatch": "More than one face was seen during the check-in. Make sure only you are in front of the camera and try again.",
  "liveness-failed": "We could not confirm the movements. Look at the camera, follow each prompt (blink, turn your head) and try again.",
  "spoof-suspected": "This looked like a photo or a screen, not a live face. Make sure it is really you in front of the camera, in good, even light, and try again.",
  "crop-mismatch": "The camera image did not match. Reload the page and try again.",
  "low-quality": "The picture was not clear enough. Face a light, hold still, look at the camera and try again.",
  "wrong-pose": "Turn your head slightly as shown, then hold still, and try again.",
  "capture-repeated": "This picture is the same as one you already took. Each picture must be taken live: look at the camera, follow the prompt and try again.",
  "not-enrolled": "Your face is not enrolled yet. Complete enrolment first, or ask an admin.",
  "enrolment-held": "Your enrolment is waiting for approval. An admin reviews it before you can check in.",
  "no-match": "We could not recognise you. Face the camera in good, even light, uncover your face and try again.",
  "ambiguous-match": "We could not tell you apart from a colleague with enough confidence. Try again in better light; if it keeps happening, ask an admin.",
  "unknown-person": "Not recognised. Try again, or ask an admin if you are not enrolled.",
  "inconsistent-enrolment": "These pictures do not look like the same person. Start the enrolment again.",
  "consent-required": "Please read and accept the biometric consent first.",
  // Decided in the browser during the capture session (and reported to the server as a signed attempt).
  "no-face": "We couldn't see a face. Sit in front of the camera with your face in the light, then try again.",
  "unclear-view": "We couldn't get a clear view of your face. Check the light and look at the camera, then try again.",
  "step-timeout": "That took too long. Try again and follow the prompts.",
  "face-lost": "Your face left the picture. Stay in view and try again.",
  "no-capture": "We couldn't take a clear photo. Follow the last prompt and hold still, then try again.",
  "session-timeout": "The check took too long. Try again.",
  "capture-stalled": "The face analysis stopped responding. Try again.",
  "device-too-slow": "This computer was too busy to follow your movements closely enough. Close other programs or tabs and try again.",
} as const;

export type RejectReason = keyof typeof reasonMessages;

export function reasonMessage(code: RejectReason): string {
  return reasonMessages[code];
}

/** The verdict returned to the browser. */
export type Verdict =
  /** The chosen punch was recorded. */
  | { status: "accepted"; eventId: string; kind: PunchKind; at: string; name?: string; message: string }
  /** The same punch again within the dedupe window: nothing new was recorded (`eventId` is the earlier one). */
  | { status: "unchanged"; eventId: string; kind: PunchKind; at: string; name?: string; message: string }
  /**
   * Kiosk: the person was identified; nothing is recorded until they choose one of `allowed` (signed by the kiosk,
   * kioskPunchBytes) before `expiresAt` (the server's clock), i.e. within `choiceMs` of this answer.
   */
  | { status: "identified"; identificationId: string; name: string; statusText: string; allowed: PunchKind[]; expiresAt: string; choiceMs: number; message: string }
  | { status: "rejected"; reason: RejectReason; message: string; eventId?: string };
