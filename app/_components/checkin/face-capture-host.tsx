"use client";

// The one seam between the check-in / enrolment / kiosk pages and the camera pipeline (lib/face/ui/face-capture:
// camera → FaceLandmarker worker → quality gate → the server's liveness steps → anti-spoof over frames →
// aligned crop → MobileFaceNet). FaceCapture's result becomes the payload input in lib/checkin/client/capture.ts.
import { useMemo } from "react";
import { runnerOptionsForPose, toCaptureOutput } from "@/lib/checkin/client/capture";
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
}

export const posePrompts: Record<Pose, string> = {
  frontal: "First capture: face the camera",
  left: "Second capture: at the end, turn your head slightly to your left",
  right: "Last capture: at the end, turn your head slightly to your right",
};

export function FaceCaptureHost({ steps, pose, onCaptured, onCancel, loading }: FaceCaptureHostProps) {
  const runnerOptions = useMemo(() => runnerOptionsForPose(pose), [pose]);
  return (
    <div className="space-y-3" data-testid="face-capture-host">
      {pose && <p className="rounded-lg bg-brand-50 px-3 py-2 text-sm text-brand-700">{posePrompts[pose]}</p>}
      <FaceCapture steps={[...steps]} mode={pose ? "enrol" : "check-in"} runnerOptions={runnerOptions} loading={loading} onResult={(r) => onCaptured(toCaptureOutput(r))} />
      <button type="button" className="btn-secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
