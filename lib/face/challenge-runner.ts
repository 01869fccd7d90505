// The liveness challenge as a state machine: fed one analysed frame at a time (from the face worker), it
// decides what the person is asked to do, which frames get anti-spoof scoring or are capture candidates,
// when each step passes or times out, and produces the LivenessTranscript the server re-checks.
// Pure: no DOM, no clock of its own (times come with the frames), so it is unit-tested with synthetic frames.
//
// Phases: positioning (quality gate must hold for a few frames) → one phase per step (blink / turn-left /
// turn-right, each with its own timeout) → finishing (look straight: enough anti-spoof frames and a frontal,
// sharp, eyes-open capture) → done | failed.
// A still photo cannot pass a blink step: the blink detector needs the eye aspect ratio to drop and recover
// within a blink's duration; a photo's EAR only jitters. It also fails the face-motion rule.
// How a session ends without a capture is one of a few reasons, each with its own message (lib/checkin/reasons.ts,
// shared with the server): nobody in front of the camera (no-face, after noFaceTimeoutMs), a face never clearly in
// view (unclear-view), a step not done in time — said as a suspected photo or screen (spoof-suspected) when the
// face did not move or anti-spoofing scored it as not live —, the face leaving, no clear photo at the end.

import { reasonMessages } from "@/lib/checkin/reasons";
import { aggregateScores } from "@/lib/face/core/antispoof";
import { BlinkDetector } from "@/lib/face/core/blink";
import {
  defaultLivenessOptions,
  faceMotion,
  stepValuePasses,
  type LivenessOptions,
  type LivenessStep,
  type LivenessStepResult,
  type LivenessTranscript,
} from "@/lib/face/core/liveness-rules";
import { assessQuality, qualityMessages, type QualityIssue, type QualityOptions } from "@/lib/face/core/quality";
import type { FrameAnalysis, FrameOptions } from "@/lib/face/worker/protocol";

export interface RunnerOptions {
  liveness: LivenessOptions;
  quality: Partial<QualityOptions>;
  /** Consecutive good frames needed before the first step starts (count). */
  settleFrames: number;
  /** Time to get into position before giving up (ms). */
  positioningTimeoutMs: number;
  /** Time with no face at all while positioning before giving up with its own message (ms). */
  noFaceTimeoutMs: number;
  /** Anti-spoof scoring on every Nth frame that shows one good face (count). */
  antispoofEvery: number;
  /** Stop scoring anti-spoof after this many frames (count); the aggregate needs far fewer. */
  maxAntispoofFrames: number;
  /** Time allowed after the last step to look straight and be captured (ms). */
  finishTimeoutMs: number;
  /** Longest time without exactly one face during the steps before the session restarts (ms). */
  maxFaceGapMs: number;
}

export const defaultRunnerOptions: Readonly<RunnerOptions> = Object.freeze({
  liveness: defaultLivenessOptions,
  quality: {},
  settleFrames: 5,
  positioningTimeoutMs: 20_000,
  noFaceTimeoutMs: 8_000,
  antispoofEvery: 3,
  maxAntispoofFrames: 30,
  finishTimeoutMs: 6_000,
  maxFaceGapMs: 1_500,
});

export type RunnerPhase = "positioning" | "step" | "finishing" | "done" | "failed";

export const failureReasons = ["no-face", "unclear-view", "step-timeout", "spoof-suspected", "face-lost", "no-capture", "session-timeout"] as const;
export type FailureReason = (typeof failureReasons)[number];

/** What the person reads for each failure: the same words the server uses for that code. */
export const failureMessages: Readonly<Record<FailureReason, string>> = Object.freeze(
  Object.fromEntries(failureReasons.map((r) => [r, reasonMessages[r]])) as Record<FailureReason, string>,
);

export const stepPrompts: Readonly<Record<LivenessStep, string>> = Object.freeze({
  blink: "Blink your eyes.",
  "turn-left": "Slowly turn your head to your left.",
  "turn-right": "Slowly turn your head to your right.",
});

export const FINISH_PROMPT = "Now look straight at the camera and hold still.";

/** The last prompt: look straight, or — for enrolment's side captures — turn slightly and hold (+ yaw = own left). */
export function finishPrompt(captureYawDeg: number): string {
  if (captureYawDeg === 0) return FINISH_PROMPT;
  return `Now turn your head slightly to your ${captureYawDeg > 0 ? "left" : "right"} and hold still.`;
}

export interface RunnerState {
  phase: RunnerPhase;
  /** Index into the steps while phase is 'step'. */
  stepIndex: number;
  step?: LivenessStep;
  /** What to show the person now. */
  prompt: string;
  /** The quality problem behind the prompt, if any. */
  issue?: QualityIssue;
  /** 0..1 overall progress (for a bar). */
  progress: number;
  /** Time left in the current step or phase (ms). */
  remainingMs?: number;
  failure?: FailureReason;
}

const STEP_DIRECTION: Record<Exclude<LivenessStep, "blink">, 1 | -1> = { "turn-left": 1, "turn-right": -1 };

export class ChallengeRunner {
  private readonly o: RunnerOptions;
  private readonly blink: BlinkDetector;
  private phase: RunnerPhase = "positioning";
  private stepIndex = 0;
  private goodStreak = 0;
  private startMs: number | undefined;
  private lastMs = 0;
  private phaseStartMs = 0;
  private lastFaceMs = 0;
  private frames = 0;
  private faceFrames = 0;
  private readonly results: LivenessStepResult[] = [];
  private blinksInStep = 0;
  private peakYaw = 0;
  private readonly antispoofScores: number[] = [];
  private readonly centres: { x: number; y: number }[] = [];
  private readonly widths: number[] = [];
  private haveCandidate = false;
  private failure: FailureReason | undefined;
  private issue: QualityIssue | undefined;
  /** Since when no face has been seen while positioning (ms; undefined while one is seen). */
  private noFaceSinceMs: number | undefined = 0;

  constructor(
    readonly steps: readonly LivenessStep[],
    opts: Partial<RunnerOptions> = {},
  ) {
    if (steps.length === 0) throw new Error("ChallengeRunner: no steps");
    this.o = { ...defaultRunnerOptions, ...opts, liveness: { ...defaultLivenessOptions, ...opts.liveness } };
    this.blink = new BlinkDetector(this.o.liveness.blink);
  }

  /** The merged options (defaults + overrides) this runner uses. */
  get options(): Readonly<RunnerOptions> {
    return this.o;
  }

  /** Options for the next frame sent to the worker. */
  frameOptions(): FrameOptions {
    const active = this.phase !== "done" && this.phase !== "failed";
    const wantSpoof =
      active &&
      this.phase !== "positioning" &&
      this.antispoofScores.length < this.o.maxAntispoofFrames &&
      this.faceFrames % this.o.antispoofEvery === 0;
    return {
      antispoof: wantSpoof,
      candidate: active && this.phase !== "positioning",
      wantLandmarks: true,
      targetYawDeg: this.o.liveness.captureYawDeg,
    };
  }

  get finished(): boolean {
    return this.phase === "done" || this.phase === "failed";
  }

  /** Feeds one analysed frame; `tMs` is the page's clock (ms). Returns the new state. */
  onFrame(a: FrameAnalysis, tMs: number): RunnerState {
    if (this.finished) return this.state();
    this.startMs ??= tMs;
    const t = tMs - this.startMs;
    this.lastMs = t;
    this.frames++;
    const f = a.face;
    const oneFace = a.faceCount === 1 && f !== undefined;

    if (oneFace) {
      this.faceFrames++;
      this.lastFaceMs = t;
      this.centres.push({ x: f.box.x + f.box.width / 2, y: f.box.y + f.box.height / 2 });
      this.widths.push(f.box.width);
      const ev = this.blink.push({
        tMs: t,
        ear: f.ear.mean,
        blendshape: Number.isFinite(f.blinkBlendshape) ? f.blinkBlendshape : undefined,
        yawDeg: f.pose.yaw,
      });
      if (ev?.kind === "blink" && this.phase === "step" && ev.startMs >= this.currentStepStart()) this.blinksInStep++;
      if (a.antispoof && this.phase !== "positioning") this.antispoofScores.push(a.antispoof.score);
      if (a.bestSoFar) this.haveCandidate = true;
    }

    const q = assessQuality(
      {
        faces: a.faceCount,
        box: f?.box,
        frameWidth: a.width,
        frameHeight: a.height,
        luma: f?.luma,
        sharpness: f?.sharpness,
        yaw: f?.pose.yaw,
        pitch: f?.pose.pitch,
      },
      this.o.quality,
    );
    this.issue = q.issues[0];

    if (t > this.o.liveness.maxSessionMs) return this.fail("session-timeout");

    switch (this.phase) {
      case "positioning":
        this.goodStreak = q.ok ? this.goodStreak + 1 : 0;
        this.noFaceSinceMs = a.faceCount > 0 ? undefined : (this.noFaceSinceMs ?? t);
        if (this.goodStreak >= this.o.settleFrames) this.startStep(0, t);
        else if (this.noFaceSinceMs !== undefined && t - this.noFaceSinceMs > this.o.noFaceTimeoutMs) return this.fail("no-face");
        else if (t - this.phaseStartMs > this.o.positioningTimeoutMs) return this.fail("unclear-view");
        break;
      case "step": {
        // During a turn the face is meant to be off-frontal: only presence matters.
        this.issue = oneFace ? undefined : q.issues[0];
        if (t - this.lastFaceMs > this.o.maxFaceGapMs) return this.fail("face-lost");
        const step = this.steps[this.stepIndex]!;
        let value: number;
        if (step === "blink") value = this.blinksInStep;
        else {
          const dir = STEP_DIRECTION[step];
          if (oneFace && Number.isFinite(f.pose.yaw) && f.pose.yaw * dir > this.peakYaw * dir) this.peakYaw = f.pose.yaw;
          value = this.peakYaw;
        }
        if (stepValuePasses(step, value, this.o.liveness)) {
          this.results.push({ step, passed: true, startedMs: this.phaseStartMs, endedMs: t, value });
          if (this.stepIndex + 1 < this.steps.length) this.startStep(this.stepIndex + 1, t);
          else {
            this.phase = "finishing";
            this.phaseStartMs = t;
          }
        } else if (t - this.phaseStartMs > this.o.liveness.stepTimeoutMs) {
          this.results.push({ step, passed: false, startedMs: this.phaseStartMs, endedMs: t, value });
          return this.fail(this.looksLikePhoto() ? "spoof-suspected" : "step-timeout");
        }
        break;
      }
      case "finishing":
        if (t - this.lastFaceMs > this.o.maxFaceGapMs) return this.fail("face-lost");
        if (this.haveCandidate && this.antispoofScores.length >= this.o.liveness.minAntispoofFrames && this.frames >= this.o.liveness.minFrames) {
          this.phase = "done";
        } else if (t - this.phaseStartMs > this.o.finishTimeoutMs) {
          return this.fail("no-capture");
        }
        break;
      default:
        break;
    }
    return this.state();
  }

  /**
   * Whether what failed to perform a step looks like a photo or a screen: the face did not move more than landmark
   * jitter (the face-motion rule), or anti-spoofing, with enough frames scored, found it not live (the
   * antispoof-score rule). The rule table decides the same on the transcript; this only picks the message.
   */
  private looksLikePhoto(): boolean {
    const l = this.o.liveness;
    const motion = faceMotion(this.centres, this.widths);
    if (Number.isFinite(motion) && motion < l.minFaceMotion) return true;
    const agg = aggregateScores(this.antispoofScores, l.antispoof);
    return agg.frames >= l.minAntispoofFrames && agg.score < l.minAntispoofScore;
  }

  private currentStepStart(): number {
    return this.phaseStartMs;
  }

  private startStep(i: number, t: number): void {
    this.phase = "step";
    this.stepIndex = i;
    this.phaseStartMs = t;
    this.blinksInStep = 0;
    this.peakYaw = 0;
  }

  private fail(reason: FailureReason): RunnerState {
    this.phase = "failed";
    this.failure = reason;
    return this.state();
  }

  state(): RunnerState {
    const n = this.steps.length;
    const base = { stepIndex: this.stepIndex, issue: this.issue };
    switch (this.phase) {
      case "positioning":
        return {
          ...base,
          phase: "positioning",
          prompt: this.issue ? qualityMessages[this.issue] : "Hold still…",
          progress: 0,
          remainingMs: Math.max(0, this.o.positioningTimeoutMs - (this.lastMs - this.phaseStartMs)),
        };
      case "step": {
        const step = this.steps[this.stepIndex]!;
        return {
          ...base,
          phase: "step",
          step,
          prompt: this.issue === "no-face" || this.issue === "many-faces" ? qualityMessages[this.issue] : stepPrompts[step],
          progress: (this.stepIndex + 1) / (n + 2),
          remainingMs: Math.max(0, this.o.liveness.stepTimeoutMs - (this.lastMs - this.phaseStartMs)),
        };
      }
      case "finishing":
        return {
          ...base,
          phase: "finishing",
          prompt: this.issue ? qualityMessages[this.issue] : finishPrompt(this.o.liveness.captureYawDeg),
          progress: (n + 1) / (n + 2),
          remainingMs: Math.max(0, this.o.finishTimeoutMs - (this.lastMs - this.phaseStartMs)),
        };
      case "done":
        return { ...base, phase: "done", prompt: "Done.", progress: 1 };
      case "failed":
        return { ...base, phase: "failed", prompt: failureMessages[this.failure!], progress: 0, failure: this.failure };
    }
  }

  /** The transcript so far (complete once finished). bestFrame comes from the capture. */
  transcript(bestFrame?: { yaw: number; pitch: number }): LivenessTranscript {
    const motion = faceMotion(this.centres, this.widths);
    return {
      steps: this.results.map((r) => ({ ...r })),
      antispoofScores: [...this.antispoofScores],
      frames: this.frames,
      durationMs: this.lastMs,
      ...(bestFrame ? { bestFrame } : {}),
      ...(Number.isFinite(motion) ? { faceMotion: motion } : {}),
    };
  }
}
