// Drives one liveness + capture session: camera frames → face worker → challenge runner, one frame in
// flight at a time (no backlog, the page stays responsive), then the best frame → aligned crop,
// embedding and JPEGs. Browser only (HTMLVideoElement, createImageBitmap).

import { selectEvidence, type EvidenceCandidate } from "@/lib/face/evidence-select";
import { bypassEvidence, e2eHooks, forgedTranscript } from "@/lib/face/e2e-hooks";
import { aggregateScores, type AggregateResult } from "@/lib/face/core/antispoof";
import { evaluateLiveness, type LivenessStep, type LivenessTranscript, type LivenessVerdict } from "@/lib/face/core/liveness-rules";
import type { Box } from "@/lib/face/core/types";
import { ChallengeRunner, failureMessages, type FailureReason, type RunnerOptions, type RunnerState } from "@/lib/face/challenge-runner";
import { EMBEDDING_MODEL_ID } from "@/lib/face/models";
import { markCheckin } from "@/lib/checkin/client/timeline";
import { livenessFailureReason, type BrowserFailureReason } from "@/lib/checkin/attempt";
import { reasonMessages } from "@/lib/checkin/reasons";
import { FaceWorkerStalled, type FaceWorkerClient } from "@/lib/face/worker/client";
import type { EngineInfo, FrameAnalysis } from "@/lib/face/worker/protocol";

/** Longest side of the frames sent to the landmarker (pixels); larger camera frames are downscaled. */
const MAX_FRAME_SIDE = 640;

/**
 * Longest wait for one answer of the face worker (ms). A frame takes 30–100 ms and a fresh worker's first
 * frame about a second; a worker that has not answered in 20 s is stuck, and the session ends as 'stalled'
 * (the component then replaces the worker) instead of waiting forever with a frozen prompt.
 */
export const WORKER_STALL_MS = 20_000;

export const STALLED_MESSAGE = reasonMessages["capture-stalled"];

/**
 * `p`, or a FaceCaptureError('stalled') when it has not settled within `ms` or the worker client's own watchdog
 * gave up on it (FaceWorkerStalled).
 */
export async function stallGuard<T>(p: Promise<T>, ms = WORKER_STALL_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FaceCaptureError("stalled", STALLED_MESSAGE)), ms);
  });
  try {
    return await Promise.race([p, stalled]);
  } catch (e) {
    throw e instanceof FaceWorkerStalled ? new FaceCaptureError("stalled", STALLED_MESSAGE) : e;
  } finally {
    clearTimeout(timer);
  }
}

/** When the frames do not show the challenge's movements clearly enough for the server (lib/face/evidence-select.ts). */
export const EVIDENCE_MISSING_MESSAGE = "We could not see the movements clearly. Try again: follow each prompt, one movement at a time.";

/** Positioning frames kept as evidence candidates (the latest): a frontal start for the burst. */
const POSITIONING_EVIDENCE = 3;

/** A crop's identity for the burst's "no picture twice" (FNV-1a of its bytes, and its length). */
function pictureKey(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return `${bytes.length}:${(h >>> 0).toString(16)}`;
}

export interface StageStats {
  p50: number;
  p95: number;
  n: number;
}

export interface FaceCaptureResult {
  /** Embedding model id (the server rejects any other). */
  modelId: string;
  steps: LivenessStep[];
  transcript: LivenessTranscript;
  /** The evidence burst (lib/face/evidence-select.ts): face crops with their times (ms since the session started). */
  evidence: { jpeg: Uint8Array; tMs: number }[];
  /** The rule table as the browser evaluated it (the server re-evaluates the transcript). */
  verdict: LivenessVerdict;
  antispoof: AggregateResult;
  /** L2-normalised MobileFaceNet embedding, 128 floats. */
  embedding: Float32Array;
  /** Aligned 112x112 RGBA crop (for previews; the server gets the JPEG). */
  aligned: Uint8ClampedArray;
  /** Aligned crop as JPEG (≤ 50 kB): strict mode re-embeds it. */
  alignedJpeg: Uint8Array;
  /** Context crop JPEG (face box x4, ~224 px): anti-spoof re-scoring and the audit photo. */
  contextJpeg: Uint8Array;
  contextSize: { width: number; height: number };
  /** Face box within the context crop (pixels of the crop). */
  contextFaceBox: Box;
  provider: EngineInfo["provider"];
  threads: number;
  delegate?: EngineInfo["delegate"];
  timings: {
    sessionMs: number;
    fps: number;
    landmarks: StageStats;
    antispoof: StageStats;
    measure: StageStats;
    frame: StageStats;
    alignMs: number;
    embedMs: number;
    encodeMs: number;
    load: EngineInfo["load"];
  };
}

export type CaptureErrorCode = FailureReason | "liveness-rejected" | "aborted" | "stalled";

export class FaceCaptureError extends Error {
  constructor(
    public readonly code: CaptureErrorCode,
    message: string,
    public readonly transcript?: LivenessTranscript,
    public readonly verdict?: LivenessVerdict,
  ) {
    super(message);
    this.name = "FaceCaptureError";
  }

  /** The liveness rules that failed (a refused verdict), by name. */
  get failedRules(): string[] {
    return this.verdict?.rules.filter((r) => r.status === "fail").map((r) => r.name) ?? [];
  }

  /** The code this failure is reported under (lib/checkin/attempt.ts); null for a cancelled session. */
  get reason(): BrowserFailureReason | null {
    switch (this.code) {
      case "aborted":
        return null;
      case "stalled":
        return "capture-stalled";
      case "liveness-rejected":
        return livenessFailureReason(this.failedRules);
      default:
        return this.code;
    }
  }
}

export interface CaptureSessionOptions {
  /** A playing <video> showing the camera (see camera.ts). */
  video: HTMLVideoElement;
  /** A loaded face worker client (client.load() resolved). */
  client: FaceWorkerClient;
  engine: EngineInfo;
  steps: LivenessStep[];
  runner?: Partial<RunnerOptions>;
  /**
   * The worker's landmarker is built already (a warmed worker, lib/face/worker/warm.ts, or one that ran a session):
   * the first camera frame counts. Otherwise it is analysed before the session's clock starts (see below).
   */
  warm?: boolean;
  /** Called after every analysed frame (prompt, overlay). Keep it cheap. */
  onFrame?: (state: RunnerState, frame: FrameAnalysis) => void;
  signal?: AbortSignal;
}

function stageStats(xs: number[]): StageStats {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  const q = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]! : Number.NaN);
  return { p50: q(0.5), p95: q(0.95), n: s.length };
}

/**
 * Tracks the camera's newest frame (requestVideoFrameCallback where available, else animation frames) so
 * the loop never waits for a frame that has already arrived while the worker was busy.
 */
export class VideoFrames {
  private seq = 0;
  private waiters: (() => void)[] = [];
  private stopped = false;

  constructor(private readonly video: HTMLVideoElement) {
    this.tick();
  }

  private tick = (): void => {
    if (this.stopped) return;
    this.seq++;
    for (const w of this.waiters.splice(0)) w();
    if ("requestVideoFrameCallback" in this.video) this.video.requestVideoFrameCallback(this.tick);
    else requestAnimationFrame(this.tick);
  };

  /** Resolves as soon as a frame newer than `after` exists; returns its sequence number. */
  async next(after: number): Promise<number> {
    if (this.seq > after) return this.seq;
    await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.seq;
  }

  stop(): void {
    this.stopped = true;
    for (const w of this.waiters.splice(0)) w();
  }
}

export async function grabFrame(video: HTMLVideoElement): Promise<ImageBitmap> {
  const w = video.videoWidth;
  const h = video.videoHeight;
  const k = Math.min(1, MAX_FRAME_SIDE / Math.max(w, h));
  return k < 1
    ? createImageBitmap(video, { resizeWidth: Math.round(w * k), resizeHeight: Math.round(h * k), resizeQuality: "medium" })
    : createImageBitmap(video);
}

/** Runs the challenge to the end. Resolves with the capture, or throws FaceCaptureError. */
export async function runCaptureSession(o: CaptureSessionOptions): Promise<FaceCaptureResult> {
  const runner = new ChallengeRunner(o.steps, o.runner);
  await stallGuard(o.client.resetCapture());
  const frames: FrameAnalysis[] = [];
  const evidence: (EvidenceCandidate & { jpeg: Uint8Array; pageMs: number })[] = [];
  let state = runner.state();
  const clock = new VideoFrames(o.video);
  let seen = 0;
  let t0: number | undefined = o.warm ? performance.now() : undefined;
  try {
    while (!runner.finished) {
      if (o.signal?.aborted) throw new FaceCaptureError("aborted", "Cancelled.");
      seen = await clock.next(seen);
      if (o.video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || o.video.videoWidth === 0) continue;
      const tMs = performance.now();
      const bitmap = await grabFrame(o.video);
      if (t0 === undefined) {
        // On a fresh worker the first frame builds MediaPipe's VIDEO graph and measures the delegates
        // (about a second on a 2-core laptop). Analyse it before the session's clock starts, so start-up
        // is not counted against the person's frame rate (the liveness rules require minFps).
        await stallGuard(o.client.frame(bitmap, tMs, { antispoof: false, candidate: false, wantLandmarks: false }));
        t0 = performance.now();
        markCheckin("first-frame");
        continue;
      }
      // Evidence crops from the challenge's own frames (the steps and the capture), and from the last few frames of
      // positioning: the burst must start frontal, and a person may already be turning when the first prompt shows.
      const fo = runner.frameOptions();
      const positioning = state.phase === "positioning";
      const analysis = await stallGuard(o.client.frame(bitmap, tMs, { ...fo, evidence: fo.candidate || positioning }));
      if (frames.length === 0 && o.warm) markCheckin("first-frame");
      frames.push(analysis);
      // The same camera frame analysed twice (a camera slower than the analysis) is one piece of evidence.
      const { evidenceJpeg: jpeg, face } = analysis;
      const picture = jpeg && face ? pictureKey(jpeg) : undefined;
      if (jpeg && face && picture !== evidence.at(-1)?.picture) {
        evidence.push({ tMs: tMs - t0, pageMs: tMs, yaw: face.pose.yaw, ear: face.ear.mean, jpeg, picture });
        if (positioning) evidence.splice(0, Math.max(0, evidence.length - POSITIONING_EVIDENCE));
      }
      const before = state.phase;
      state = runner.onFrame(analysis, tMs);
      if (before === "step" && (state.phase === "finishing" || state.phase === "done")) {
        const steps = runner.transcript().steps;
        markCheckin("last-step", Object.fromEntries(steps.map((s, i) => [`step${i}Ms`, s.endedMs - s.startedMs])));
      }
      o.onFrame?.(state, analysis);
    }
  } finally {
    clock.stop();
  }
  const sessionMs = performance.now() - (t0 ?? 0);
  // Test builds only (lib/face/e2e-hooks.ts): the browser's gate switched off, as an attacker's client would.
  const bypass = e2eHooks()?.bypassLiveness === true;
  if (state.phase === "failed" && !bypass) {
    markCheckin("failed", { reason: state.failure! });
    throw new FaceCaptureError(state.failure!, failureMessages[state.failure!], runner.transcript());
  }
  markCheckin("session-done");
  const capture = await stallGuard(o.client.capture());
  if (!capture) throw new FaceCaptureError("no-capture", failureMessages["no-capture"], runner.transcript());
  const real = runner.transcript({ yaw: capture.pose.yaw, pitch: capture.pose.pitch });
  const transcript = bypass ? forgedTranscript(o.steps, real, runner.options.liveness) : real;
  const verdict = evaluateLiveness(transcript, o.steps, runner.options.liveness);
  // The burst the server decides from, with the capture photo's frame in it; chosen as the server reads it.
  const keep = [evidence.findLastIndex((e) => e.pageMs <= capture.frameTMs)];
  const picked = verdict.passed ? (bypass ? bypassEvidence(evidence, o.steps, keep) : selectEvidence(evidence, o.steps, keep)) : null;
  if (verdict.passed && !picked) throw new FaceCaptureError("liveness-rejected", EVIDENCE_MISSING_MESSAGE, transcript, verdict);
  if (!verdict.passed) {
    const failed = verdict.rules.filter((r) => r.status === "fail").map((r) => r.name);
    markCheckin("failed", { reason: livenessFailureReason(failed) });
    throw new FaceCaptureError("liveness-rejected", reasonMessages[livenessFailureReason(failed)], transcript, verdict);
  }
  markCheckin("captured");
  // Capture times strictly increase (a frame sent twice by the bypass gets a later time).
  const times: number[] = [];
  for (const i of picked!) times.push(Math.max(Math.round(evidence[i]!.tMs), (times.at(-1) ?? -1) + 1));
  if (bypass) e2eHooks()!.sent = picked!.map((i, k) => ({ tMs: times[k]!, yaw: evidence[i]!.yaw, ear: evidence[i]!.ear }));
  return {
    modelId: EMBEDDING_MODEL_ID,
    steps: [...o.steps],
    transcript,
    evidence: picked!.map((i, k) => ({ jpeg: evidence[i]!.jpeg, tMs: Math.max(0, times[k]!) })),
    verdict,
    antispoof: aggregateScores(transcript.antispoofScores, runner.options.liveness.antispoof),
    embedding: capture.embedding,
    aligned: capture.aligned,
    alignedJpeg: capture.alignedJpeg,
    contextJpeg: capture.contextJpeg,
    contextSize: capture.contextSize,
    contextFaceBox: capture.contextFaceBox,
    provider: o.engine.provider,
    threads: o.engine.threads,
    delegate: o.engine.delegate,
    timings: {
      sessionMs,
      fps: frames.length / (sessionMs / 1000),
      landmarks: stageStats(frames.map((f) => f.timings.landmarksMs)),
      antispoof: stageStats(frames.map((f) => f.timings.antispoofMs ?? Number.NaN)),
      measure: stageStats(frames.map((f) => f.timings.measureMs)),
      frame: stageStats(frames.map((f) => f.timings.totalMs)),
      alignMs: capture.timings.alignMs,
      embedMs: capture.timings.embedMs,
      encodeMs: capture.timings.encodeMs,
      load: o.engine.load,
    },
  };
}
