import { describe, expect, it } from "vitest";
import { bestFrameOptionsFor, bestFrameScore, captureYawDeg, SIDE_CAPTURE_YAW_DEG } from "@/lib/face/best-frame";

const at = (yaw: number, pitch = 0) => ({ pose: { yaw, pitch, roll: 0 }, earMean: 0.32, blinkBlendshape: 0.08, sharpness: 150 });

describe("best frame at a target yaw", () => {
  it("frontal: prefers the frontal frame and refuses a turned one", () => {
    const o = bestFrameOptionsFor(0);
    expect(bestFrameScore(at(0), o)!).toBeGreaterThan(bestFrameScore(at(10), o)!);
    expect(bestFrameScore(at(16), o)).toBeNull();
  });

  it("side captures: the photo is taken near ±12° (the subject's own left is +), not frontal", () => {
    expect(captureYawDeg("frontal")).toBe(0);
    expect(captureYawDeg(undefined)).toBe(0);
    expect(captureYawDeg("left")).toBe(SIDE_CAPTURE_YAW_DEG);
    expect(captureYawDeg("right")).toBe(-SIDE_CAPTURE_YAW_DEG);
    const left = bestFrameOptionsFor(captureYawDeg("left"));
    expect(bestFrameScore(at(0), left)).toBeNull(); // frontal is not a left capture
    expect(bestFrameScore(at(-12), left)).toBeNull(); // nor the other side
    expect(bestFrameScore(at(25), left)).toBeNull(); // too far
    expect(bestFrameScore(at(12), left)!).toBeGreaterThan(bestFrameScore(at(6), left)!);
    expect(bestFrameScore(at(12), left)!).toBeGreaterThan(bestFrameScore(at(18), left)!);
    const right = bestFrameOptionsFor(captureYawDeg("right"));
    expect(bestFrameScore(at(-12), right)).not.toBeNull();
    expect(bestFrameScore(at(12), right)).toBeNull();
  });

  it("still needs open eyes and detail at the side pose", () => {
    const left = bestFrameOptionsFor(12);
    expect(bestFrameScore({ ...at(12), earMean: 0.05 }, left)).toBeNull();
    expect(bestFrameScore({ ...at(12), sharpness: 0 }, left)).toBeNull();
    expect(bestFrameScore(at(12, 20), left)).toBeNull();
  });
});
