import { describe, expect, it } from "vitest";
import { APPEARANCE_SIZE, appearanceDiff, FRAME_ANTISPOOF_FLOOR, evaluateServerLiveness, locateSteps, lowestTemplateCosine, type ServerFrameMeasure } from "@/lib/face/core/server-liveness";
import type { LivenessStep } from "@/lib/face/core/liveness-rules";

const PERSON = [1, 0, 0];
/** A frame of one person: yaw, EAR; each frame's appearance differs (a live face is never pixel-identical). */
let seq = 0;
function frame(yaw: number, ear = 0.3, embedding: number[] = PERSON): ServerFrameMeasure {
  const k = seq++;
  return { presence: 0.99, yaw, ear, antispoof: 0.99, embedding, appearance: Array.from({ length: APPEARANCE_SIZE ** 2 }, (_, i) => 100 + ((i * 7 + k * 13) % 9)) };
}
const failed = (frames: ServerFrameMeasure[], steps: LivenessStep[]) =>
  evaluateServerLiveness(frames, steps)
    .rules.filter((r) => r.status === "fail")
    .map((r) => r.name);

describe("server liveness rules", () => {
  it("a turn to the left, then to the right, in that order: accepted, every rule reported", () => {
    const frames = [frame(0), frame(12), frame(28), frame(5), frame(-25), frame(-2)];
    const v = evaluateServerLiveness(frames, ["turn-left", "turn-right"]);
    expect(v.passed).toBe(true);
    expect(v.rules.map((r) => r.name)).toEqual(["frames", "face-present", "start-frontal", "step-1-turn-left", "step-2-turn-right", "antispoof", "same-person", "distinct-frames"]);
    expect(locateSteps(frames, ["turn-left", "turn-right"])).toEqual([2, 4]);
  });

  it("frames that anti-spoofing reads as a print are refused; one low frame is trimmed away, as in the browser", () => {
    const steps: LivenessStep[] = ["turn-left", "turn-right"];
    const frames = [frame(0), frame(12), frame(28), frame(5), frame(-25), frame(-2)];
    expect(failed(frames.map((f) => ({ ...f, antispoof: 0.01 })), steps)).toEqual(["antispoof"]);
    expect(failed(frames.map((f, i) => ({ ...f, antispoof: i === 2 ? 0 : 0.3 })), steps)).toEqual([]);
    const rule = evaluateServerLiveness(frames.map((f) => ({ ...f, antispoof: 0.05 })), steps).rules.find((r) => r.name === "antispoof")!;
    expect(rule).toMatchObject({ status: "fail", value: 0.05, threshold: FRAME_ANTISPOOF_FLOOR });
  });

  it("the same movements in the wrong order are refused", () => {
    const frames = [frame(0), frame(-25), frame(0), frame(28), frame(0)];
    expect(failed(frames, ["turn-left", "turn-right"])).toEqual(["step-2-turn-right"]);
    expect(evaluateServerLiveness(frames, ["turn-right", "turn-left"]).passed).toBe(true);
  });

  it("a movement the challenge did not ask for is passed over, as the browser passes over it; a turn held over frames is one movement", () => {
    // she turns the wrong way first (the mirrored preview), then right, then left: the asked order is there
    const wrongWayFirst = [frame(0), frame(25), frame(0), frame(-25), frame(0), frame(25)];
    expect(evaluateServerLiveness(wrongWayFirst, ["turn-right", "turn-left"]).passed).toBe(true);
    expect(locateSteps(wrongWayFirst, ["turn-right", "turn-left"])).toEqual([3, 5]);
    // a turn held over three frames is one movement; the next step is searched after it
    expect(locateSteps([frame(0), frame(25), frame(30), frame(26), frame(0), frame(-22)], ["turn-left", "turn-right"])).toEqual([1, 5]);
    // …but only what the burst shows in order counts: left then right is not right then left
    expect(failed([frame(0), frame(25), frame(0), frame(-25), frame(0)], ["turn-right", "turn-left"])).toEqual(["step-2-turn-left"]);
  });

  it("a blink needs a closed frame between open ones, after the previous step; unasked blinks are ignored", () => {
    const ok = [frame(0, 0.3), frame(1, 0.05), frame(0, 0.31), frame(24, 0.3), frame(0, 0.3)];
    expect(evaluateServerLiveness(ok, ["blink", "turn-left"]).passed).toBe(true);
    expect(evaluateServerLiveness([frame(0, 0.3), frame(0, 0.08), frame(0, 0.3), frame(25), frame(0, 0.3), frame(0, 0.06), frame(0, 0.29)], ["turn-left", "blink"]).passed).toBe(true);
    // closed at the end, never open again
    expect(failed([frame(0, 0.3), frame(25), frame(0, 0.3), frame(0, 0.05)], ["turn-left", "blink"])).toEqual(["step-2-blink"]);
    // the blink happened before the turn, but the challenge asked for it after
    expect(failed([frame(0, 0.3), frame(0, 0.05), frame(0, 0.3), frame(25), frame(0, 0.3)], ["turn-left", "blink"])).toEqual(["step-2-blink"]);
    // relative to the burst's open eyes (0.3 here): closed ≤ 0.7 × 0.3 = 0.21, open ≥ 0.24; 0.23 is neither
    expect(failed([frame(0, 0.3), frame(0, 0.23), frame(0, 0.3)], ["blink"])).toEqual(["step-1-blink"]);
    expect(evaluateServerLiveness([frame(0, 0.3), frame(0, 0.2), frame(0, 0.3)], ["blink"]).passed).toBe(true);
    // someone whose eyes are narrower (open 0.22): a closure to 0.12 is a blink for them
    expect(evaluateServerLiveness([frame(0, 0.22), frame(0, 0.12), frame(0, 0.22)], ["blink"]).passed).toBe(true);
  });

  it("a burst that starts turned, has a frame without a face, or shows two people is refused with that rule", () => {
    expect(failed([frame(-30), frame(0), frame(-25), frame(0)], ["turn-right"])).toEqual(["start-frontal"]);
    const noFace = [frame(0), frame(25), frame(0)];
    noFace[1] = { ...noFace[1]!, presence: 0.2 };
    expect(failed(noFace, ["turn-left"])).toEqual(["face-present"]);
    expect(failed([frame(0), frame(25, 0.3, [0, 1, 0]), frame(0)], ["turn-left"])).toEqual(["same-person"]);
  });

  it("the same frame twice is refused (distinct-frames); fewer than two frames is refused", () => {
    const a = frame(0);
    expect(failed([a, frame(25), { ...a }], ["turn-left"])).toEqual(["distinct-frames"]);
    expect(evaluateServerLiveness([frame(25)], ["turn-left"]).passed).toBe(false);
    expect(evaluateServerLiveness([], ["turn-left"]).passed).toBe(false);
    expect(appearanceDiff([1, 2, 3], [2, 2, 5])).toBe(1);
    expect(appearanceDiff([1], [1, 2])).toBeNaN();
  });

  it("every frame against the person's templates: the lowest of each frame's best template cosine", () => {
    const templates = [[1, 0, 0], [0.8, 0.6, 0]];
    expect(lowestTemplateCosine([[1, 0, 0], [0.6, 0.8, 0]], templates)).toBeCloseTo(0.96, 6); // 2nd frame: 0.6 vs 0.96
    expect(lowestTemplateCosine([[1, 0, 0], [0, 0, 1]], templates)).toBe(0); // one frame of someone else
    expect(lowestTemplateCosine([], templates)).toBeNaN();
    expect(lowestTemplateCosine([[1, 0, 0]], [])).toBeNaN();
  });
});
