import { describe, expect, it } from "vitest";
import { ChallengeRunner, FINISH_PROMPT, finishPrompt, stepPrompts } from "@/lib/face/challenge-runner";
import { defaultLivenessOptions } from "@/lib/face/core/liveness-rules";
import { evaluateLiveness } from "@/lib/face/core/liveness-rules";
import { qualityMessages } from "@/lib/face/core/quality";
import type { FrameAnalysis } from "@/lib/face/worker/protocol";

const FPS = 30;
const DT = 1000 / FPS;

interface Face {
  ear?: number;
  yaw?: number;
  blink?: number;
  dx?: number;
  faces?: number;
}

function frame(t: number, face: Face | null, opts: { antispoof?: number; best?: boolean } = {}): FrameAnalysis {
  const timings = { landmarksMs: 10, pixelsMs: 0, measureMs: 1, totalMs: 12 };
  if (!face) return { tMs: t, width: 640, height: 480, faceCount: 0, bestSoFar: false, timings };
  const ear = face.ear ?? 0.32;
  return {
    tMs: t,
    width: 640,
    height: 480,
    faceCount: face.faces ?? 1,
    face: {
      box: { x: 220 + (face.dx ?? 0), y: 120, width: 200, height: 240 },
      ear: { left: ear, right: ear, mean: ear },
      blinkBlendshape: face.blink ?? (ear < 0.15 ? 0.7 : 0.06),
      pose: { yaw: face.yaw ?? 0, pitch: 0, roll: 0 },
      luma: 120,
      sharpness: 150,
    },
    antispoof: opts.antispoof !== undefined ? { score: opts.antispoof, v2Logits: [], v1seLogits: [] } : undefined,
    bestSoFar: opts.best ?? false,
    timings,
  };
}

/** Drives the runner with a face generator until it finishes or time runs out. */
function drive(runner: ChallengeRunner, faceAt: (t: number, r: ChallengeRunner) => Face | null, maxMs = 60_000, spoof = 0.95) {
  let state = runner.state();
  for (let t = 0; t < maxMs && !runner.finished; t += DT) {
    const o = runner.frameOptions();
    const f = faceAt(t, runner);
    state = runner.onFrame(frame(t, f, { antispoof: o.antispoof && f ? spoof : undefined, best: o.candidate && !!f && Math.abs(f.yaw ?? 0) < 5 }), t);
  }
  return state;
}

/** A cooperative live person: small head jitter; blinks when asked; turns when asked. */
function livePerson() {
  let askedAt = -1;
  let lastStep: string | undefined;
  return (t: number, r: ChallengeRunner): Face => {
    const s = r.state();
    const jitter = 3 * Math.sin(t / 300);
    if (s.phase === "step" && s.step !== lastStep) {
      lastStep = s.step;
      askedAt = t;
    }
    const since = t - askedAt;
    if (s.phase === "step" && s.step === "blink") {
      // Reaction 600 ms, then a 150 ms closure.
      const closed = since > 600 && since < 750;
      return { ear: closed ? 0.05 : 0.32 + 0.005 * Math.sin(t), dx: jitter };
    }
    if (s.phase === "step" && (s.step === "turn-left" || s.step === "turn-right")) {
      const dir = s.step === "turn-left" ? 1 : -1;
      return { yaw: dir * Math.min(30, Math.max(0, (since - 400) / 30)), dx: jitter };
    }
    return { dx: jitter, ear: 0.32 + 0.005 * Math.sin(t) };
  };
}

describe("ChallengeRunner", () => {
  it("a live person passes blink + turn-left, and the transcript passes the rule table", () => {
    const steps = ["blink", "turn-left"] as const;
    const r = new ChallengeRunner(steps);
    const prompts = new Set<string>();
    const gen = livePerson();
    const end = drive(r, (t, rr) => {
      prompts.add(rr.state().prompt);
      return gen(t, rr);
    });
    expect(end.phase).toBe("done");
    expect(prompts).toContain(stepPrompts.blink);
    expect(prompts).toContain(stepPrompts["turn-left"]);
    expect(prompts).toContain(FINISH_PROMPT);
    const tr = r.transcript({ yaw: 1, pitch: 0 });
    expect(tr.steps.map((s) => [s.step, s.passed])).toEqual([
      ["blink", true],
      ["turn-left", true],
    ]);
    expect(tr.steps[1]!.value).toBeGreaterThanOrEqual(20);
    const verdict = evaluateLiveness(tr, [...steps]);
    expect(verdict.rules.filter((x) => x.status === "fail")).toEqual([]);
    expect(verdict.passed).toBe(true);
  });

  it("turn-right needs a negative yaw (the subject's own right)", () => {
    const r = new ChallengeRunner(["turn-right"]);
    const end = drive(r, (t, rr) => (rr.state().phase === "step" ? { yaw: Math.min(40, t / 50) } : {}));
    expect(end.phase).toBe("failed");
    expect(end.failure).toBe("step-timeout");
    const r2 = new ChallengeRunner(["turn-right"]);
    expect(drive(r2, livePerson()).phase).toBe("done");
  });

  it("a still photo never passes a blink step", () => {
    const r = new ChallengeRunner(["blink"]);
    // A photo: constant pose, EAR with only landmark jitter.
    const end = drive(r, (t) => ({ ear: 0.3 + 0.004 * Math.sin(t * 7.3), yaw: 2 }));
    expect(end.phase).toBe("failed");
    expect(end.failure).toBe("step-timeout");
    const verdict = evaluateLiveness(r.transcript({ yaw: 2, pitch: 0 }), ["blink"]);
    expect(verdict.passed).toBe(false);
    expect(verdict.rules.find((x) => x.name === "step-1-blink")?.status).toBe("fail");
    expect(verdict.rules.find((x) => x.name === "face-motion")?.status).toBe("fail");
  });

  it("a long eye closure is not a blink", () => {
    const r = new ChallengeRunner(["blink"]);
    let start = -1;
    const end = drive(r, (t, rr) => {
      const s = rr.state();
      if (s.phase === "step" && start < 0) start = t;
      const closed = start >= 0 && t - start > 500 && t - start < 3000;
      return { ear: closed ? 0.05 : 0.32, dx: 3 * Math.sin(t / 300) };
    });
    expect(end.failure).toBe("step-timeout");
  });

  it("no face: shows the no-face prompt and gives up after the positioning timeout", () => {
    const r = new ChallengeRunner(["blink"]);
    const first = r.onFrame(frame(0, null), 0);
    expect(first.prompt).toBe(qualityMessages["no-face"]);
    const end = drive(r, () => null);
    expect(end.failure).toBe("positioning-timeout");
  });

  it("two faces: asks for one person only", () => {
    const r = new ChallengeRunner(["blink"]);
    expect(r.onFrame(frame(0, { faces: 2 }), 0).prompt).toBe(qualityMessages["many-faces"]);
  });

  it("the face leaving during a step ends the session (no swapping faces mid-challenge)", () => {
    const r = new ChallengeRunner(["turn-left", "blink"]);
    let stepAt = -1;
    const end = drive(r, (t, rr) => {
      if (rr.state().phase === "step" && stepAt < 0) stepAt = t;
      if (stepAt >= 0 && t - stepAt > 1000) return null;
      return { dx: 3 * Math.sin(t / 300) };
    });
    expect(end.failure).toBe("face-lost");
  });

  it("requests anti-spoof on every Nth face frame after positioning, and candidates only after positioning", () => {
    const r = new ChallengeRunner(["blink"], { antispoofEvery: 3 });
    expect(r.frameOptions().antispoof).toBe(false); // positioning
    expect(r.frameOptions().candidate).toBe(false);
    for (let i = 0; i < 6; i++) r.onFrame(frame(i * DT, {}), i * DT);
    expect(r.state().phase).toBe("step");
    const asks: boolean[] = [];
    for (let i = 6; i < 12; i++) {
      asks.push(r.frameOptions().antispoof);
      r.onFrame(frame(i * DT, {}), i * DT);
    }
    expect(asks.filter(Boolean).length).toBe(2);
    expect(r.frameOptions().candidate).toBe(true);
  });

  it("an enrolment side capture asks for the slight turn at the end and sends its target yaw with every frame", () => {
    const r = new ChallengeRunner(["blink", "turn-right"], { liveness: { ...defaultLivenessOptions, captureYawDeg: 12 } });
    expect(r.frameOptions().targetYawDeg).toBe(12);
    expect(finishPrompt(12)).toBe("Now turn your head slightly to your left and hold still.");
    expect(finishPrompt(-12)).toContain("right");
    expect(finishPrompt(0)).toBe(FINISH_PROMPT);
    const prompts = new Set<string>();
    const gen = livePerson();
    const end = drive(r, (t, rr) => {
      prompts.add(rr.state().prompt);
      const f = gen(t, rr);
      return rr.state().phase === "finishing" ? { ...f, yaw: 12 } : f;
    });
    expect(prompts).toContain(finishPrompt(12));
    expect(end.phase).not.toBe("failed");
  });
});
