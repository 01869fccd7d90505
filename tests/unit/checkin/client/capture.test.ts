// lib/checkin/client/capture.ts: the capture's timings as the payload's flat map, and the runner options per pose.
import { describe, expect, it } from "vitest";
import { flatTimings, runnerOptionsForPose } from "@/lib/checkin/client/capture";
import { checkinOptions } from "@/lib/checkin/options";
import { SIDE_CAPTURE_YAW_DEG } from "@/lib/face/best-frame";

const stage = (p50: number, p95: number) => ({ p50, p95, n: 10 });

describe("flatTimings", () => {
  it("keeps finite, non-negative figures rounded to 0.1 and drops the rest, within the payload's limit", () => {
    const flat = flatTimings({
      sessionMs: 4321.26,
      fps: 14.04,
      landmarks: stage(21.35, 30),
      antispoof: stage(Number.NaN, Number.NaN), // no frame ran anti-spoof
      measure: stage(1, 2),
      frame: stage(40, 55.55),
      alignMs: -1,
      embedMs: 9.99,
      encodeMs: Number.POSITIVE_INFINITY,
      load: { fetchMs: 1, sessionsMs: 2, warmupMs: 3, totalMs: 812.34 },
    });
    expect(flat).toEqual({ sessionMs: 4321.3, fps: 14, landmarksP50: 21.4, landmarksP95: 30, frameP50: 40, frameP95: 55.6, embedMs: 10, loadMs: 812.3 });
    expect(Object.keys(flat).length).toBeLessThanOrEqual(checkinOptions.maxTimings);
  });
});

describe("runnerOptionsForPose", () => {
  it("keeps the runner's defaults for check-in and the frontal capture, and turns the photo for the sides", () => {
    expect(runnerOptionsForPose(undefined)).toBeUndefined();
    expect(runnerOptionsForPose("frontal")).toBeUndefined();
    expect(runnerOptionsForPose("left")?.liveness?.captureYawDeg).toBe(SIDE_CAPTURE_YAW_DEG);
    expect(runnerOptionsForPose("right")?.liveness?.captureYawDeg).toBe(-SIDE_CAPTURE_YAW_DEG);
  });
});
