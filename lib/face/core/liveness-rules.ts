/**
 * Liveness verdict as a table of named rules, every one of which must pass. The browser evaluates it to
 * guide the person; the server re-evaluates the SAME function on the submitted transcript, so it is
 * deterministic (no clock, no randomness), strict about the transcript's shape, and every threshold lives
 * in one typed options object.
 */
import { aggregateScores, DEFAULT_AGGREGATE_OPTIONS, type AggregateOptions } from "./antispoof";
import { DEFAULT_BLINK_OPTIONS, type BlinkOptions } from "./blink";

export const LIVENESS_STEPS = ["blink", "turn-left", "turn-right"] as const;
export type LivenessStep = (typeof LIVENESS_STEPS)[number];

/** Each step's name for people (the capture's step list, Settings, the Check-ins page). */
export const livenessStepLabels: Readonly<Record<LivenessStep, string>> = Object.freeze({
  blink: "Blink",
  "turn-left": "Turn left",
  "turn-right": "Turn right",
});

export interface LivenessOptions {
  /** Longest time one challenge step may take, from its prompt to its success (ms). */
  stepTimeoutMs: number;
  /** Longest whole session, first frame to last (ms). */
  maxSessionMs: number;
  /** Blink detector settings used by the blink step. */
  blink: BlinkOptions;
  /** Blinks needed to pass a blink step (count). */
  minBlinks: number;
  /** |yaw| the head must reach for a turn step (degrees; + = the subject's own left, see pose.ts). */
  turnYawDeg: number;
  /** Largest |yaw − captureYawDeg| of the best (embedded) frame (degrees). */
  maxFrontalYawDeg: number;
  /** The yaw the best frame is taken at: 0 (frontal), or ± a slight turn for enrolment's side captures (degrees). */
  captureYawDeg: number;
  /** Largest |pitch| of the best frame (degrees). */
  maxFrontalPitchDeg: number;
  /** Lowest aggregated anti-spoof real score (0..1, see antispoof.aggregateScores). */
  minAntispoofScore: number;
  /** How per-frame anti-spoof scores are aggregated. */
  antispoof: AggregateOptions;
  /** Fewest frames with an anti-spoof score (count). */
  minAntispoofFrames: number;
  /** Fewest analysed frames in the session (count). */
  minFrames: number;
  /** Lowest analysed frame rate (frames per second): blinks last a few frames only. */
  minFps: number;
  /**
   * Least face motion over the session (RMS distance of the face centre from its mean, as a fraction of
   * the face width; see faceMotion()). A still photo or a frozen injected frame moves less than the
   * landmark jitter of a live person; set low because a cooperative person holds still.
   */
  minFaceMotion: number;
  /** Most challenge steps accepted in one transcript (bounds work on the server). */
  maxSteps: number;
  /** Most anti-spoof scores accepted in one transcript (bounds work on the server). */
  maxAntispoofScores: number;
}

/**
 * Defaults. stepTimeoutMs 8 s: enough to read a prompt and act, short enough that a printed photo cannot be
 * fumbled into position. turnYawDeg 20°: a clear turn that frontal jitter (±3–5°) never reaches, while
 * MediaPipe still tracks the face. Frontal best frame within 15°/15° for good alignment. minAntispoofScore
 * 0.5: the averaged real probability beats the two spoof classes together; calibrate with `npm run
 * eval:pad`. minFps 8: a 150 ms blink still spans 2 frames (the detector's minimum).
 */
export const defaultLivenessOptions: Readonly<LivenessOptions> = Object.freeze({
  stepTimeoutMs: 8000,
  maxSessionMs: 45_000,
  blink: DEFAULT_BLINK_OPTIONS,
  minBlinks: 1,
  turnYawDeg: 20,
  maxFrontalYawDeg: 15,
  captureYawDeg: 0,
  maxFrontalPitchDeg: 15,
  minAntispoofScore: 0.5,
  antispoof: DEFAULT_AGGREGATE_OPTIONS,
  minAntispoofFrames: 5,
  minFrames: 20,
  minFps: 8,
  minFaceMotion: 0.002,
  maxSteps: 5,
  maxAntispoofScores: 600,
});

export interface LivenessStepResult {
  step: LivenessStep;
  /** The browser's own verdict for the step; the rules re-check `value` against the threshold too. */
  passed: boolean;
  /** When the prompt was shown, ms since the session start. */
  startedMs: number;
  /** When the step succeeded (or gave up), ms since the session start. */
  endedMs: number;
  /** blink: number of blinks detected in the step; turn-left / turn-right: peak signed yaw in degrees. */
  value: number;
}

export interface BestFrame {
  /** Degrees (pose.ts convention). */
  yaw: number;
  pitch: number;
}

export interface LivenessTranscript {
  steps: LivenessStepResult[];
  /** Per-frame real scores 0..1 (antispoof.realScore). */
  antispoofScores: number[];
  /** Analysed frames. */
  frames: number;
  /** Session length, ms. */
  durationMs: number;
  /** Pose of the frame that was embedded (checked when given; required by default, see evaluateLiveness). */
  bestFrame?: BestFrame;
  /** Face motion over the session (see faceMotion); checked when given, required by default. */
  faceMotion?: number;
}

export type RuleStatus = "pass" | "fail";
export interface LivenessRule {
  name: string;
  status: RuleStatus;
  value: number | string;
  threshold: number | string;
}
export interface LivenessVerdict {
  passed: boolean;
  rules: LivenessRule[];
}

/** RMS distance of face centres from their mean, divided by the mean face width (unitless). */
export function faceMotion(centres: readonly { x: number; y: number }[], faceWidths: readonly number[]): number {
  if (centres.length === 0 || centres.length !== faceWidths.length) return Number.NaN;
  const n = centres.length;
  let mx = 0;
  let my = 0;
  let mw = 0;
  for (let i = 0; i < n; i++) {
    mx += centres[i]!.x;
    my += centres[i]!.y;
    mw += faceWidths[i]!;
  }
  mx /= n;
  my /= n;
  mw /= n;
  let s = 0;
  for (const c of centres) s += (c.x - mx) ** 2 + (c.y - my) ** 2;
  return mw > 0 ? Math.sqrt(s / n) / mw : Number.NaN;
}

/** The threshold a step's value must reach, as shown in the rule table. */
export function stepThreshold(step: LivenessStep, opts: LivenessOptions = defaultLivenessOptions): number {
  switch (step) {
    case "blink":
      return opts.minBlinks;
    case "turn-left":
      return opts.turnYawDeg;
    case "turn-right":
      return -opts.turnYawDeg;
  }
}

/** Whether a step's measured value meets its threshold (turn-right: yaw at or below −turnYawDeg). */
export function stepValuePasses(step: LivenessStep, value: number, opts: LivenessOptions = defaultLivenessOptions): boolean {
  if (!Number.isFinite(value)) return false;
  const t = stepThreshold(step, opts);
  return step === "turn-right" ? value <= t : value >= t;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/**
 * Shape check of an untrusted transcript: returns null when valid, else the first problem found.
 * Unknown keys are rejected, numbers must be finite, times and counts non-negative, scores in [0, 1].
 */
export function transcriptProblem(t: unknown, opts: LivenessOptions = defaultLivenessOptions): string | null {
  if (!isObj(t)) return "transcript is not an object";
  const allowed = new Set(["steps", "antispoofScores", "frames", "durationMs", "bestFrame", "faceMotion"]);
  for (const k of Object.keys(t)) if (!allowed.has(k)) return `unknown field ${k}`;
  if (!Array.isArray(t.steps)) return "steps is not an array";
  if (t.steps.length > opts.maxSteps) return `more than ${opts.maxSteps} steps`;
  for (const [i, s] of t.steps.entries()) {
    if (!isObj(s)) return `step ${i} is not an object`;
    for (const k of Object.keys(s)) {
      if (!["step", "passed", "startedMs", "endedMs", "value"].includes(k)) return `step ${i}: unknown field ${k}`;
    }
    if (!(LIVENESS_STEPS as readonly unknown[]).includes(s.step)) return `step ${i}: unknown step`;
    if (typeof s.passed !== "boolean") return `step ${i}: passed is not a boolean`;
    if (!isNum(s.startedMs) || s.startedMs < 0) return `step ${i}: bad startedMs`;
    if (!isNum(s.endedMs) || s.endedMs < 0) return `step ${i}: bad endedMs`;
    if (!isNum(s.value)) return `step ${i}: bad value`;
  }
  if (!Array.isArray(t.antispoofScores)) return "antispoofScores is not an array";
  if (t.antispoofScores.length > opts.maxAntispoofScores) return `more than ${opts.maxAntispoofScores} anti-spoof scores`;
  for (const [i, s] of t.antispoofScores.entries()) {
    if (!isNum(s) || s < 0 || s > 1) return `antispoofScores[${i}] is not in [0, 1]`;
  }
  if (!isNum(t.frames) || !Number.isInteger(t.frames) || t.frames < 0) return "frames is not a non-negative integer";
  if (!isNum(t.durationMs) || t.durationMs < 0) return "bad durationMs";
  if (t.bestFrame !== undefined) {
    const b = t.bestFrame;
    if (!isObj(b) || !isNum(b.yaw) || !isNum(b.pitch) || Object.keys(b).some((k) => k !== "yaw" && k !== "pitch")) {
      return "bad bestFrame";
    }
  }
  if (t.faceMotion !== undefined && (!isNum(t.faceMotion) || t.faceMotion < 0)) return "bad faceMotion";
  return null;
}

function parseRequired(requiredSteps: readonly string[]): LivenessStep[] | null {
  if (!Array.isArray(requiredSteps) || requiredSteps.length === 0) return null;
  for (const s of requiredSteps) if (!(LIVENESS_STEPS as readonly string[]).includes(s)) return null;
  return requiredSteps as LivenessStep[];
}

const fmt = (x: number) => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : x);

/**
 * Evaluate a transcript against the challenge's required steps. Rules (all must pass):
 *  - transcript-shape: the transcript is well formed (transcriptProblem); if not, only this rule and
 *    `challenge` are reported, as nothing else can be trusted.
 *  - challenge: requiredSteps is a non-empty list of known steps.
 *  - steps-match: the transcript's steps are exactly the required steps, in the same order.
 *  - step-N-<step>: step N was passed by the browser AND its value meets the threshold (stepValuePasses).
 *  - step-N-<step>-time: 0 ≤ endedMs − startedMs ≤ stepTimeoutMs.
 *  - steps-order: each step starts no earlier than the previous one ended, and ends within the session.
 *  - session-duration: durationMs ≤ maxSessionMs.
 *  - frames: frames ≥ minFrames.   - frame-rate: frames / duration ≥ minFps.
 *  - antispoof-frames: at least minAntispoofFrames scores.
 *  - antispoof-score: aggregated score ≥ minAntispoofScore.
 *  - best-frame-yaw / best-frame-pitch: |yaw − captureYawDeg|, |pitch| ≤ max (fails when bestFrame is missing).
 *  - face-motion: faceMotion ≥ minFaceMotion (fails when missing).
 */
export function evaluateLiveness(
  t: LivenessTranscript,
  requiredSteps: readonly string[],
  opts?: Partial<LivenessOptions>,
): LivenessVerdict {
  const o: LivenessOptions = { ...defaultLivenessOptions, ...opts };
  const rules: LivenessRule[] = [];
  const add = (name: string, ok: boolean, value: number | string, threshold: number | string) =>
    rules.push({ name, status: ok ? "pass" : "fail", value: typeof value === "number" ? fmt(value) : value, threshold });

  const required = parseRequired(requiredSteps);
  const problem = transcriptProblem(t, o);
  add("transcript-shape", problem === null, problem ?? "valid", "valid");
  add("challenge", required !== null, Array.isArray(requiredSteps) ? requiredSteps.join(",") : "invalid", "known steps");
  if (problem !== null) return { passed: false, rules };

  const req = required ?? [];
  const done = t.steps.map((s) => s.step);
  add("steps-match", required !== null && done.join(",") === req.join(","), done.join(","), req.join(","));

  let prevEnd = 0;
  let ordered = true;
  for (const [i, s] of t.steps.entries()) {
    const n = i + 1;
    add(`step-${n}-${s.step}`, s.passed && stepValuePasses(s.step, s.value, o), s.value, stepThreshold(s.step, o));
    const took = s.endedMs - s.startedMs;
    add(`step-${n}-${s.step}-time`, took >= 0 && took <= o.stepTimeoutMs, took, o.stepTimeoutMs);
    if (s.startedMs < prevEnd || s.endedMs > t.durationMs) ordered = false;
    prevEnd = Math.max(prevEnd, s.endedMs);
  }
  add("steps-order", ordered, ordered ? "ordered" : "overlapping or outside the session", "ordered");
  add("session-duration", t.durationMs <= o.maxSessionMs, t.durationMs, o.maxSessionMs);
  add("frames", t.frames >= o.minFrames, t.frames, o.minFrames);
  const fps = t.durationMs > 0 ? (t.frames * 1000) / t.durationMs : 0;
  add("frame-rate", fps >= o.minFps, fps, o.minFps);

  const agg = aggregateScores(t.antispoofScores, o.antispoof);
  add("antispoof-frames", agg.frames >= o.minAntispoofFrames, agg.frames, o.minAntispoofFrames);
  add("antispoof-score", agg.score >= o.minAntispoofScore, agg.frames > 0 ? agg.score : "none", o.minAntispoofScore);

  const bf = t.bestFrame;
  add("best-frame-yaw", bf !== undefined && Math.abs(bf.yaw - o.captureYawDeg) <= o.maxFrontalYawDeg, bf ? bf.yaw : "missing", o.maxFrontalYawDeg);
  add("best-frame-pitch", bf !== undefined && Math.abs(bf.pitch) <= o.maxFrontalPitchDeg, bf ? bf.pitch : "missing", o.maxFrontalPitchDeg);
  const fm = t.faceMotion;
  add("face-motion", fm !== undefined && fm >= o.minFaceMotion, fm ?? "missing", o.minFaceMotion);

  return { passed: rules.every((r) => r.status === "pass"), rules };
}
