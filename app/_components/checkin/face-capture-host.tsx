"use client";

// The one seam between the check-in / enrolment pages and the camera pipeline. The pipeline's React component
// (FaceCapture, branch face-browser: camera → FaceLandmarker worker → quality gate → liveness steps →
// anti-spoof over frames → aligned crop → MobileFaceNet) renders here and hands back a CaptureOutput.
//
// MERGE NOTE: FaceCapture had not landed when this was written. When it does, replace the body of
// FaceCaptureHost with:
//   <FaceCapture steps={steps} pose={pose} onResult={(r) => onCaptured({ ...r, faceBox: r.faceBox })} onCancel={onCancel} />
// mapping its result fields onto CaptureOutput (lib/checkin/client/submit.ts) if their names differ.
import type { CaptureOutput } from "@/lib/checkin/client/submit";
import type { Pose } from "@/lib/checkin/payload";
import type { LivenessStep } from "@/lib/face/core/liveness-rules";

export interface FaceCaptureHostProps {
  /** The server's challenge steps, in order. */
  steps: readonly LivenessStep[];
  /** Enrolment: which pose to hold for the embedded frame. */
  pose?: Pose;
  onCaptured: (capture: CaptureOutput) => void;
  onCancel: () => void;
}

export const stepPrompts: Record<LivenessStep, string> = {
  blink: "Blink",
  "turn-left": "Turn your head to your left",
  "turn-right": "Turn your head to your right",
};

export const posePrompts: Record<Pose, string> = {
  frontal: "Look straight at the camera",
  left: "Turn your head slightly to your left, then hold still",
  right: "Turn your head slightly to your right, then hold still",
};

export function FaceCaptureHost({ steps, pose, onCancel }: FaceCaptureHostProps) {
  return (
    <div className="space-y-4" data-testid="face-capture">
      <div className="flex aspect-[4/3] w-full items-center justify-center rounded-xl bg-slate-900 text-center text-sm text-slate-300">
        <p className="max-w-xs px-6">The camera component is not part of this build yet.</p>
      </div>
      <ol className="flex flex-wrap gap-2 text-sm" aria-label="What you will be asked to do">
        {pose && <li className="rounded-full bg-brand-50 px-3 py-1 text-brand-700">{posePrompts[pose]}</li>}
        {steps.map((s, i) => (
          <li key={`${s}-${i}`} className="rounded-full bg-slate-100 px-3 py-1 text-slate-700">
            {i + 1}. {stepPrompts[s]}
          </li>
        ))}
      </ol>
      <button type="button" className="btn-secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
