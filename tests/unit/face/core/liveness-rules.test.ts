import { describe, expect, it } from "vitest";
import {
  defaultLivenessOptions,
  evaluateLiveness,
  faceMotion,
  stepValuePasses,
  transcriptProblem,
  type LivenessTranscript,
} from "@/lib/face/core/liveness-rules";

const REQUIRED = ["blink", "turn-left"];

/** A transcript that passes every rule with the default options. */
function good(): LivenessTranscript {
  return {
    steps: [
      { step: "blink", passed: true, startedMs: 500, endedMs: 2100, value: 1 },
      { step: "turn-left", passed: true, startedMs: 2200, endedMs: 4000, value: 27.5 },
    ],
    antispoofScores: [0.91, 0.88, 0.93, 0.9, 0.2, 0.95, 0.89, 0.92, 0.9, 0.87],
    frames: 120,
    durationMs: 4500,
    bestFrame: { yaw: 2.1, pitch: -3.4 },
    faceMotion: 0.01,
  };
}

function failing(t: LivenessTranscript, required = REQUIRED, opts = {}) {
  const v = evaluateLiveness(t, required, opts);
  return { passed: v.passed, failed: v.rules.filter((r) => r.status === "fail").map((r) => r.name) };
}

describe("evaluateLiveness", () => {
  it("passes a good transcript and reports every rule", () => {
    const v = evaluateLiveness(good(), REQUIRED);
    expect(v.passed).toBe(true);
    expect(v.rules.map((r) => r.name)).toEqual([
      "transcript-shape",
      "challenge",
      "steps-match",
      "step-1-blink",
      "step-1-blink-time",
      "step-2-turn-left",
      "step-2-turn-left-time",
      "steps-order",
      "session-duration",
      "frames",
      "frame-rate",
      "antispoof-frames",
      "antispoof-score",
      "best-frame-yaw",
      "best-frame-pitch",
      "face-motion",
    ]);
    const spoof = v.rules.find((r) => r.name === "antispoof-score")!;
    expect(spoof.value).toBeCloseTo(0.9, 2); // trimmed mean ignores the 0.2 frame
    expect(spoof.threshold).toBe(defaultLivenessOptions.minAntispoofScore);
    expect(v.rules.find((r) => r.name === "step-2-turn-left")).toEqual({
      name: "step-2-turn-left",
      status: "pass",
      value: 27.5,
      threshold: 20,
    });
  });

  it("is deterministic", () => {
    expect(evaluateLiveness(good(), REQUIRED)).toEqual(evaluateLiveness(good(), REQUIRED));
  });

  // each case breaks exactly one rule
  const cases: [string, (t: LivenessTranscript) => void][] = [
    ["steps-match", (t) => ((t.steps[0]!.step = "turn-left"), (t.steps[0]!.value = 30), (t.steps[1]!.step = "blink"), (t.steps[1]!.value = 2))],
    ["steps-match", (t) => t.steps.pop()],
    ["step-1-blink", (t) => (t.steps[0]!.passed = false)],
    ["step-1-blink", (t) => (t.steps[0]!.value = 0)],
    ["step-2-turn-left", (t) => (t.steps[1]!.value = 12)],
    ["step-2-turn-left", (t) => (t.steps[1]!.value = -27.5)],
    ["step-1-blink-time", (t) => {
      t.steps[0] = { ...t.steps[0]!, startedMs: 0, endedMs: 8001 };
      t.steps[1] = { ...t.steps[1]!, startedMs: 8100, endedMs: 9000 };
      t.durationMs = 9500;
    }],
    ["step-2-turn-left-time", (t) => (t.steps[1]!.endedMs = t.steps[1]!.startedMs - 1)],
    ["steps-order", (t) => (t.steps[1]!.startedMs = 1500)],
    ["steps-order", (t) => (t.durationMs = 3900)],
    ["session-duration", (t) => ((t.durationMs = 50_000), (t.frames = 1000))],
    ["frames", (t) => {
      t.steps[0] = { ...t.steps[0]!, startedMs: 0, endedMs: 900 };
      t.steps[1] = { ...t.steps[1]!, startedMs: 1000, endedMs: 1900 };
      t.durationMs = 2000;
      t.frames = 19; // 9.5 fps: the frame rate is fine, the count is not
    }],
    ["frame-rate", (t) => (t.frames = 30)],
    ["antispoof-frames", (t) => (t.antispoofScores = [0.9, 0.9, 0.9, 0.9])],
    ["antispoof-score", (t) => (t.antispoofScores = t.antispoofScores.map((s) => s * 0.4))],
    ["best-frame-yaw", (t) => (t.bestFrame!.yaw = -16)],
    ["best-frame-pitch", (t) => (t.bestFrame!.pitch = 15.5)],
    ["face-motion", (t) => (t.faceMotion = 0.0005)],
    ["face-motion", (t) => delete t.faceMotion],
  ];
  for (const [i, [rule, breakIt]] of cases.entries()) {
    it(`fails ${rule} alone (case ${i + 1})`, () => {
      const t = good();
      breakIt(t);
      const r = failing(t);
      expect(r.passed).toBe(false);
      expect(r.failed).toEqual([rule]);
    });
  }

  it("fails both best-frame rules when the best frame is missing", () => {
    const t = good();
    delete t.bestFrame;
    expect(failing(t).failed).toEqual(["best-frame-yaw", "best-frame-pitch"]);
  });

  it("measures the best frame's yaw from the capture's target yaw (enrolment side captures)", () => {
    const t = good();
    t.bestFrame = { yaw: 25, pitch: 0 };
    expect(failing(t).failed).toEqual(["best-frame-yaw"]);
    expect(evaluateLiveness(t, ["blink", "turn-left"], { captureYawDeg: 12 }).passed).toBe(true);
    t.bestFrame = { yaw: -5, pitch: 0 };
    expect(evaluateLiveness(t, ["blink", "turn-left"], { captureYawDeg: 12 }).rules.filter((r) => r.status === "fail").map((r) => r.name)).toEqual(["best-frame-yaw"]);
  });

  it("checks turn-right against a negative yaw", () => {
    const t = good();
    t.steps[1] = { step: "turn-right", passed: true, startedMs: 2200, endedMs: 4000, value: -24 };
    expect(failing(t, ["blink", "turn-right"]).passed).toBe(true);
    t.steps[1]!.value = 24;
    expect(failing(t, ["blink", "turn-right"]).failed).toEqual(["step-2-turn-right"]);
  });

  it("rejects a bad challenge", () => {
    expect(failing(good(), []).failed).toEqual(["challenge", "steps-match"]);
    expect(failing(good(), ["blink", "smile"]).failed).toEqual(["challenge", "steps-match"]);
  });

  it("rejects a malformed transcript with only the shape rule", () => {
    const bad: unknown[] = [
      null,
      { ...good(), extra: 1 },
      { ...good(), frames: 12.5 },
      { ...good(), durationMs: Number.NaN },
      { ...good(), antispoofScores: [0.5, 1.5] },
      { ...good(), antispoofScores: "0.9" },
      { ...good(), steps: [{ step: "blink", passed: "yes", startedMs: 0, endedMs: 1, value: 1 }] },
      { ...good(), steps: [{ step: "jump", passed: true, startedMs: 0, endedMs: 1, value: 1 }] },
      { ...good(), steps: [{ step: "blink", passed: true, startedMs: -1, endedMs: 1, value: 1 }] },
      { ...good(), steps: [{ step: "blink", passed: true, startedMs: 0, endedMs: 1, value: 1, x: 1 }] },
      { ...good(), bestFrame: { yaw: 0 } },
      { ...good(), faceMotion: -1 },
      { ...good(), antispoofScores: new Array(601).fill(0.9) },
      { ...good(), steps: new Array(6).fill(good().steps[0]) },
    ];
    for (const t of bad) {
      const v = evaluateLiveness(t as LivenessTranscript, REQUIRED);
      expect(v.passed).toBe(false);
      expect(v.rules.map((r) => [r.name, r.status])).toEqual([
        ["transcript-shape", "fail"],
        ["challenge", "pass"],
      ]);
      expect(typeof transcriptProblem(t)).toBe("string");
    }
    expect(transcriptProblem(good())).toBeNull();
  });

  it("honours options", () => {
    const t = good();
    t.steps[1]!.value = 17;
    expect(failing(t).passed).toBe(false);
    expect(failing(t, REQUIRED, { turnYawDeg: 15 }).passed).toBe(true);
    expect(failing(good(), REQUIRED, { minAntispoofScore: 0.95 }).failed).toEqual(["antispoof-score"]);
  });
});

describe("helpers", () => {
  it("stepValuePasses", () => {
    expect(stepValuePasses("blink", 1)).toBe(true);
    expect(stepValuePasses("blink", 0)).toBe(false);
    expect(stepValuePasses("turn-left", 20)).toBe(true);
    expect(stepValuePasses("turn-right", -20)).toBe(true);
    expect(stepValuePasses("turn-right", -19)).toBe(false);
    expect(stepValuePasses("turn-left", Number.NaN)).toBe(false);
  });

  it("faceMotion is the RMS centre displacement in face widths", () => {
    // centres at ±3 px around the mean in x, face width 200 → RMS 3 / 200
    const centres = [
      { x: 97, y: 50 },
      { x: 103, y: 50 },
    ];
    expect(faceMotion(centres, [200, 200])).toBeCloseTo(0.015, 12);
    expect(faceMotion([{ x: 1, y: 1 }, { x: 1, y: 1 }], [100, 100])).toBe(0);
    expect(faceMotion([], [])).toBeNaN();
  });
});
