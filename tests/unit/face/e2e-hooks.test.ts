// The capture's test hooks (lib/face/e2e-hooks.ts): the hand-written transcript an attacker's client sends passes
// the browser's and the server's rule table, and the bypassed burst is what the camera showed, in the limits.
import { afterEach, describe, expect, it, vi } from "vitest";
import { evidenceLimits } from "@/lib/checkin/evidence";
import { defaultLivenessOptions, evaluateLiveness, type LivenessStep } from "@/lib/face/core/liveness-rules";
import { bypassEvidence, e2eHooks, forgedTranscript } from "@/lib/face/e2e-hooks";
import type { EvidenceCandidate } from "@/lib/face/evidence-select";

/** 10 frames/s for `ms`: frontal, with a turn of `peak` degrees centred at each of `turns` (ms). */
function frames(ms: number, turns: [number, number][] = []): EvidenceCandidate[] {
  const out: EvidenceCandidate[] = [];
  for (let t = 0; t <= ms; t += 100) out.push({ tMs: t, yaw: turns.reduce((y, [at, peak]) => y + peak * Math.exp(-(((t - at) / 300) ** 2)), 0), ear: 0.3 });
  return out;
}

describe("forgedTranscript", () => {
  it("passes the rule table for every step order, whatever the real session did", () => {
    const real = { steps: [], antispoofScores: [0.1], frames: 3, durationMs: 9000, bestFrame: { yaw: 2, pitch: 1 }, faceMotion: 0 };
    for (const steps of [["blink", "turn-left"], ["turn-right", "turn-left"], ["turn-left", "blink"]] as LivenessStep[][]) {
      const v = evaluateLiveness(forgedTranscript(steps, real, defaultLivenessOptions), steps, defaultLivenessOptions);
      expect(v.rules.filter((r) => r.status === "fail")).toEqual([]);
    }
  });
});

describe("bypassEvidence", () => {
  it("sends the movements in the order the camera showed them when the asked order is not there", () => {
    const f = frames(6000, [[2000, 30], [4000, -30]]); // left, then right
    const idx = bypassEvidence(f, ["turn-right", "turn-left"], []);
    const left = idx.findIndex((i) => f[i]!.yaw >= 20);
    const right = idx.findIndex((i) => f[i]!.yaw <= -20);
    expect(left).toBeGreaterThanOrEqual(0);
    expect(right).toBeGreaterThan(left);
  });

  it("spreads frames over a session without movements, repeating the last one up to the minimum", () => {
    expect(bypassEvidence(frames(3000), ["blink", "turn-left"], [])).toEqual([0, 3, 7, 10, 13, 17, 20, 23, 27, 30]);
    const few = bypassEvidence(frames(300), ["blink"], []);
    expect(few).toEqual([0, 1, 2, 3, 3, 3]);
    expect(few.length).toBe(evidenceLimits.minFrames);
  });
});

describe("e2eHooks", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    delete (globalThis as { __clockfaceE2E?: unknown }).__clockfaceE2E;
  });

  it("is undefined unless the build compiled the hooks in, even when a page defines them", () => {
    (globalThis as { __clockfaceE2E?: unknown }).__clockfaceE2E = { bypassLiveness: true };
    vi.stubEnv("NEXT_PUBLIC_CLOCKFACE_E2E_HOOKS", "");
    expect(e2eHooks()).toBeUndefined();
    vi.stubEnv("NEXT_PUBLIC_CLOCKFACE_E2E_HOOKS", "1");
    expect(e2eHooks()).toEqual({ bypassLiveness: true });
  });
});
