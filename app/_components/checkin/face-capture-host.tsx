"use client";

// The one seam between the check-in / enrolment / kiosk pages and the camera pipeline (lib/face/ui/face-capture:
// camera → FaceLandmarker worker → quality gate → the server's liveness steps → anti-spoof over frames →
// aligned crop → MobileFaceNet). It maps FaceCapture's result onto the payload input (CaptureOutput).
import { useMemo } from "react";
import type { CaptureOutput } from "@/lib/checkin/client/submit";
import type { Pose } from "@/lib/checkin/payload";
import { cropQuality } from "@/lib/checkin/quality";
import { captureYawDeg } from "@/lib/face/best-frame";
import type { RunnerOptions } from "@/lib/face/challenge-runner";
import { defaultLivenessOptions, type LivenessStep } from "@/lib/face/core/liveness-rules";
import type { FaceCaptureResult } from "@/lib/face/capture-session";
import { FaceCapture } from "@/lib/face/ui/face-capture";

export interface FaceCaptureHostProps {
  /** The server's challenge steps, in order. */
  steps: readonly LivenessStep[];
  /** Enrolment: which of the three captures this is. */
  pose?: Pose;
  onCaptured: (capture: CaptureOutput) => void;
  onCancel: () => void;
}

export const posePrompts: Record<Pose, string> = {
  frontal: "First capture: face the camera",
  left: "Second capture: at the end, turn your head slightly to your left",
  right: "Last capture: at the end, turn your head slightly to your right",
};

/** Time to turn slightly and hold after the steps, for the side captures (ms; frontal keeps the runner's default). */
const SIDE_FINISH_TIMEOUT_MS = 10_000;

/** Runner options for an enrolment pose: the photo at that pose's yaw (undefined: check-in, frontal defaults). */
export function runnerOptionsForPose(pose: Pose | undefined): Partial<RunnerOptions> | undefined {
  const yaw = captureYawDeg(pose);
  if (yaw === 0) return undefined;
  return { liveness: { ...defaultLivenessOptions, captureYawDeg: yaw }, finishTimeoutMs: SIDE_FINISH_TIMEOUT_MS };
}

/** FaceCapture's timings, flattened to at most 16 finite, non-negative numbers (ms, or frames/s for fps). */
function flatTimings(t: FaceCaptureResult["timings"]): Record<string, number> {
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
    frames: r.evidence,
  };
}

export function FaceCaptureHost({ steps, pose, onCaptured, onCancel }: FaceCaptureHostProps) {
  const runnerOptions = useMemo(() => runnerOptionsForPose(pose), [pose]);
  return (
    <div className="space-y-3" data-testid="face-capture-host">
      {pose && <p className="rounded-lg bg-brand-50 px-3 py-2 text-sm text-brand-700">{posePrompts[pose]}</p>}
      <FaceCapture steps={[...steps]} mode={pose ? "enrol" : "check-in"} runnerOptions={runnerOptions} onResult={(r) => onCaptured(toCaptureOutput(r))} />
      <button type="button" className="btn-secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
