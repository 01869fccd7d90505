"use client";

// The one seam between the check-in / enrolment / kiosk pages and the camera pipeline (lib/face/ui/face-capture:
// camera → FaceLandmarker worker → quality gate → the server's liveness steps → anti-spoof over frames →
// aligned crop → MobileFaceNet). FaceCapture's result becomes the payload input in lib/checkin/client/capture.ts.
import { useMemo } from "react";
import type { FailedAttemptInput } from "@/lib/checkin/attempt";
import { runnerOptionsForPose, toCaptureOutput } from "@/lib/checkin/client/capture";
import { aggregateScores } from "@/lib/face/core/antispoof";
import { FaceCaptureError } from "@/lib/face/capture-session";
import type { CaptureOutput } from "@/lib/checkin/client/submit";
import type { Pose } from "@/lib/checkin/payload";
import type { LivenessStep } from "@/lib/face/core/liveness-rules";
import { FaceCapture } from "@/lib/face/ui/face-capture";

export interface FaceCaptureHostProps {
  /** The server's challenge steps, in order. */
  steps: readonly LivenessStep[];
  /** Enrolment: which of the three captures this is. */
  pose?: Pose;
  onCaptured: (capture: CaptureOutput) => void;
  onCancel: () => void;
  /** "quiet": no model-download bar, only "Getting ready…" (the kiosk). */
  loading?: "progress" | "quiet";
  /** The camera, when the page started opening it already. */
  camera?: Promise<MediaStream>;
  /** A session ended without a capture for a reason worth an admin's eye (not a cancel, not a camera error). */
  onFailed?: (failure: SessionFailure) => void;
}

/** A failed session as reported (lib/checkin/attempt.ts), less the challenge's ids and the attempt number. */
export type SessionFailure = Omit<FailedAttemptInput, "challengeId" | "nonce" | "deviceId" | "attempt">;

/** What a capture error tells the server: its reason, the failed rules and counts (no image, no embedding). */
export function sessionFailureOf(e: Error): SessionFailure | null {
  if (!(e instanceof FaceCaptureError) || !e.reason) return null;
  const scores = e.transcript?.antispoofScores ?? [];
  const agg = scores.length ? aggregateScores(scores).score : undefined;
  return { reason: e.reason, failedRules: e.failedRules, frames: e.transcript?.frames ?? 0, durationMs: e.transcript?.durationMs ?? 0, antispoofScore: agg };
}

export const posePrompts: Record<Pose, string> = {
  frontal: "First capture: face the camera",
  left: "Second capture: at the end, turn your head slightly to your left",
  right: "Last capture: at the end, turn your head slightly to your right",
};

export function FaceCaptureHost({ steps, pose, camera, loading, onCaptured, onCancel, onFailed }: FaceCaptureHostProps) {
  const runnerOptions = useMemo(() => runnerOptionsForPose(pose), [pose]);
  return (
    <div className="space-y-3" data-testid="face-capture-host">
      {pose && <p className="rounded-lg bg-brand-50 px-3 py-2 text-sm text-brand-700">{posePrompts[pose]}</p>}
      <FaceCapture
        steps={[...steps]}
        mode={pose ? "enrol" : "check-in"}
        runnerOptions={runnerOptions}
        camera={camera}
        loading={loading}
        onResult={(r) => onCaptured(toCaptureOutput(r))}
        onError={(e) => {
          const f = onFailed && sessionFailureOf(e);
          if (f) onFailed(f);
        }}
      />
      <button type="button" className="btn-secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
