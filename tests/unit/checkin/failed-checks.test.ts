import { describe, expect, it } from "vitest";
import { checkLabel, failedChecks } from "@/lib/checkin/failed-checks";
import { evaluateLiveness, type LivenessTranscript } from "@/lib/face/core/liveness-rules";
import { evaluateServerLiveness, type ServerFrameMeasure } from "@/lib/face/core/server-liveness";

const frame = (yaw: number): ServerFrameMeasure => ({ presence: 1, yaw, ear: 0.3, antispoof: 0.9, embedding: [1, 0], appearance: [0, 0] });

describe("failed checks of a recorded attempt", () => {
  it("every rule either side can fail has its own words (none falls back to its name)", () => {
    const transcript: LivenessTranscript = { steps: [], antispoofScores: [], frames: 0, durationMs: 0, bestFrame: { yaw: 0, pitch: 0 }, faceMotion: 0 };
    const browser = evaluateLiveness(transcript, ["blink", "turn-left"]).rules.map((r) => r.name);
    const server = evaluateServerLiveness([frame(0), frame(0)], ["turn-left", "turn-right", "blink"]).rules.map((r) => r.name);
    expect(browser.length).toBeGreaterThan(8);
    expect(server).toContain("step-2-turn-right");
    for (const rule of [...browser, ...server, "context-face", "claimed-face"]) expect(checkLabel(rule), rule).not.toBe(rule.replace(/-/g, " "));
    expect(checkLabel("step-2-turn-right")).toBe("step 2 (Turn right) not seen");
    expect(checkLabel("some-new-rule")).toBe("some new rule");
  });

  it("reads the browser's and the server's failures, each rule once, and nothing else", () => {
    const liveness = { passed: false, failed: ["best-frame-yaw", "best-frame-yaw"], clientAntispoof: 0.9, server: { passed: false, failed: ["step-1-turn-left", "antispoof"], contextCosine: 0.8 } };
    expect(failedChecks(liveness)).toEqual([
      { by: "browser", rule: "best-frame-yaw", label: "photo not facing the camera" },
      { by: "server", rule: "step-1-turn-left", label: "step 1 (Turn left) not seen" },
      { by: "server", rule: "antispoof", label: "frames looked like a print" },
    ]);
    expect(failedChecks({ passed: true, failed: [], server: { passed: true, failed: [] } })).toEqual([]);
    expect(failedChecks(null)).toEqual([]);
    expect(failedChecks({ failed: "antispoof", server: "x" })).toEqual([]);
    expect(failedChecks({ failed: [1, "frame-rate"] })).toEqual([{ by: "browser", rule: "frame-rate", label: "too few frames per second" }]);
  });
});
