// Which checks refused an attempt, read back from its recorded liveness evidence (attendance_events.liveness): the
// browser's transcript rules (lib/face/core/liveness-rules.ts; a reported failure's failedRules) under `failed`, and
// the server's rules on the evidence burst (lib/face/core/server-liveness.ts, pipeline.ts) under `server.failed`.
// For the admins' Check-ins page: "Liveness challenge failed" alone does not say whether a turn was too small, the
// laptop too slow or the frames a print. Pure: names only, never scores or biometric data.
import { livenessStepLabels, type LivenessStep } from "@/lib/face/core/liveness-rules";

export interface FailedCheck {
  /** Who decided it: the browser's rules (a claim the server re-checks) or the server's own measurements. */
  by: "browser" | "server";
  rule: string;
  label: string;
}

const labels: Readonly<Record<string, string>> = Object.freeze({
  // the browser's transcript rules, re-checked on the server
  "transcript-shape": "liveness record malformed",
  challenge: "unknown challenge",
  "steps-match": "asked steps not all done",
  "steps-order": "steps out of order",
  "session-duration": "session too long",
  frames: "too few frames",
  "frame-rate": "too few frames per second",
  "antispoof-frames": "too few anti-spoofing scores",
  "antispoof-score": "looked like a photo or screen",
  "best-frame-yaw": "photo not facing the camera",
  "best-frame-pitch": "photo tilted up or down",
  "face-motion": "face did not move",
  // the server's rules on the evidence frames
  "face-present": "face missing from a frame",
  "start-frontal": "did not start facing the camera",
  antispoof: "frames looked like a print",
  "same-person": "not one face throughout",
  "distinct-frames": "repeated frames",
  "context-face": "photo not of the person in the frames",
  "claimed-face": "face data not of the person in the frames",
});

const STEP_RULE = /^step-(\d+)-(blink|turn-left|turn-right)$/;

/** A rule's words for an admin ("step 2 (Turn right) not seen"); an unknown name with its hyphens as spaces. */
export function checkLabel(rule: string): string {
  const step = STEP_RULE.exec(rule);
  if (step) return `step ${step[1]} (${livenessStepLabels[step[2] as LivenessStep]}) not seen`;
  return labels[rule] ?? rule.replace(/-/g, " ");
}

const names = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** The failed checks recorded with an attempt, the browser's first, each rule once per side. */
export function failedChecks(liveness: unknown): FailedCheck[] {
  if (!liveness || typeof liveness !== "object") return [];
  const l = liveness as { failed?: unknown; server?: { failed?: unknown } };
  const out: FailedCheck[] = [];
  const add = (by: FailedCheck["by"], rules: string[]) => {
    for (const rule of new Set(rules)) out.push({ by, rule, label: checkLabel(rule) });
  };
  add("browser", names(l.failed));
  add("server", names(l.server && typeof l.server === "object" ? l.server.failed : undefined));
  return out;
}
