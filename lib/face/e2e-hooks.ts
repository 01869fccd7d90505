// Test-build-only hooks of the capture session, for the end-to-end specs that play an attacker (issue 14): with
// `bypassLiveness` the browser's own liveness gate is switched off — a session whose steps were not done still ends
// with a capture, a transcript written by hand that passes the rule table (as the attacker wrote one), and
// an evidence burst of whatever the camera showed — so that the SERVER's decision on the frames is what is tested.
//
// Compiled in only when NEXT_PUBLIC_CLOCKFACE_E2E_HOOKS=1 at build time (scripts/e2e-server.mjs sets it for the
// Playwright build): Next inlines NEXT_PUBLIC_ variables into client bundles at build time, so in any other build
// e2eHooks() is `return undefined` and the rest is dead code. Even then nothing happens unless the page defines
// window.__clockfaceE2E (the spec does, with an init script). Pure apart from that one global.
import { evidenceLimits } from "@/lib/checkin/evidence";
import { selectEvidence, type EvidenceCandidate } from "@/lib/face/evidence-select";
import { stepThreshold, type LivenessOptions, type LivenessStep, type LivenessTranscript } from "@/lib/face/core/liveness-rules";

export interface E2EHooks {
  /** Ignore the browser's liveness gate (see the module comment). */
  bypassLiveness?: boolean;
  /** Written by the session when it bypassed the gate: the browser's yaw and EAR of each frame it sent. */
  sent?: { tMs: number; yaw: number; ear: number }[];
}

/** The page's hooks in a test build (NEXT_PUBLIC_CLOCKFACE_E2E_HOOKS=1); undefined in every other build. */
export function e2eHooks(): E2EHooks | undefined {
  // Read here, not through lib/env.ts: this exact expression is what Next replaces at build time.
  if (process.env.NEXT_PUBLIC_CLOCKFACE_E2E_HOOKS !== "1") return undefined;
  return (globalThis as { __clockfaceE2E?: E2EHooks }).__clockfaceE2E;
}

/**
 * A transcript that passes the rule table whatever the camera showed: every step done at twice its threshold, a
 * second apart; live anti-spoof scores; enough frames and face motion. The real session's length and best frame
 * are kept.
 */
export function forgedTranscript(steps: readonly LivenessStep[], real: LivenessTranscript, o: LivenessOptions): LivenessTranscript {
  return {
    steps: steps.map((step, i) => ({ step, passed: true, startedMs: 1000 * i, endedMs: 1000 * i + 800, value: 2 * stepThreshold(step, o) })),
    antispoofScores: Array.from({ length: 2 * o.minAntispoofFrames }, () => 0.95),
    frames: Math.max(real.frames, o.minFrames, Math.ceil((o.minFps * real.durationMs) / 1000) + 1),
    durationMs: real.durationMs,
    ...(real.bestFrame ? { bestFrame: real.bestFrame } : {}),
    faceMotion: Math.max(real.faceMotion ?? 0, 10 * o.minFaceMotion),
  };
}

/**
 * The burst a client with its gate switched off sends: the frames the browser would pick for the asked steps, else
 * for the movements in the order the camera showed them (the steps reversed), else frames spread over the session;
 * a camera that gave fewer distinct frames than the minimum has its last frame sent again (with a later time).
 * Indices into `frames`, ascending (repeats allowed at the end).
 */
export function bypassEvidence(frames: readonly EvidenceCandidate[], steps: readonly LivenessStep[], keep: number[]): number[] {
  const picked = selectEvidence(frames, steps, keep) ?? selectEvidence(frames, [...steps].reverse(), keep);
  if (picked) return picked;
  const n = Math.min(frames.length, evidenceLimits.maxFrames);
  const spread = [...new Set(Array.from({ length: n }, (_, k) => Math.round((k * (frames.length - 1)) / Math.max(1, n - 1))))];
  while (spread.length > 0 && spread.length < evidenceLimits.minFrames) spread.push(spread.at(-1)!);
  return spread;
}
