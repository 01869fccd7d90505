// FaceCapture's result → the payload input (CaptureOutput), and the capture options for an enrolment pose.
// Pure mapping between the face pipeline and the protocol, used by the capture host of every page.
import type { RunnerOptions } from "@/lib/face/challenge-runner";
import type { FaceCaptureResult } from "@/lib/face/capture-session";
import { captureYawDeg } from "@/lib/face/best-frame";
import { defaultLivenessOptions } from "@/lib/face/core/liveness-rules";
import type { Pose } from "@/lib/face/core/types";
import { cropQuality } from "../quality";
import type { CaptureOutput } from "./submit";

/** Time to turn slightly and hold after the steps, for the side captures (ms; frontal keeps the runner's default). */
const SIDE_FINISH_TIMEOUT_MS = 10_000;

/** Runner options for an enrolment pose: the photo at that pose's yaw (undefined: check-in, frontal defaults). */
export function runnerOptionsForPose(pose: Pose | undefined): Partial<RunnerOptions> | undefined {
  const yaw = captureYawDeg(pose);
  if (yaw === 0) return undefined;
  return { liveness: { ...defaultLivenessOptions, captureYawDeg: yaw }, finishTimeoutMs: SIDE_FINISH_TIMEOUT_MS };
}

/** FaceCapture's timings, flattened to at most 16 finite, non-negative numbers (ms, or frames/s for fps). */
export function flatTimings(t: FaceCaptureResult["timings"]): Record<string, number> {
  const out: Record<string, number> = {
    sessionMs: t.sessionMs,
    fps: t.fps,
    landmarksP50: t.landmarks.p50,
    landmarksP95: t.landmarks.p95,
    antispoofP50: t.antispoof.p50,
    frameP50: t.frame.p50,
    frameP95: t.frame.p95,
    alignMs: t.alignMs,
    embedMs: t.embedMs,
    encodeMs: t.encodeMs,
    loadMs: t.load.totalMs,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => Number.isFinite(v) && v >= 0).map(([k, v]) => [k, Math.round(v * 10) / 10]));
}

export function toCaptureOutput(r: FaceCaptureResult): CaptureOutput {
  return {
    embedding: r.embedding,
    transcript: r.transcript,
    alignedJpeg: r.alignedJpeg,
    contextJpeg: r.contextJpeg,
    faceBox: r.contextFaceBox,
    antispoofScore: Number.isFinite(r.antispoof.score) ? r.antispoof.score : 0,
    provider: r.provider,
    timings: flatTimings(r.timings),
    quality: cropQuality(r.aligned, 112, 112).score,
    // The evidence burst the server decides liveness and identity from (issue 14).
    frames: r.evidence,
  };
}
