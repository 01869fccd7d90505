// A bare page that renders the production <FaceCapture> (for fake-camera tests of the component):
//   /capture.html?steps=blink,turn-left&mode=check-in
// The outcome lands on window.__capture ({ status: 'result' | 'error', ... }).
import { createRoot } from "react-dom/client";
import { runnerOptionsForPose } from "@/lib/checkin/client/capture";
import type { LivenessStep } from "@/lib/face/core/liveness-rules";
import type { Pose } from "@/lib/face/core/types";
import { FaceCapture } from "@/lib/face/ui/face-capture";

declare global {
  interface Window {
    __capture?: Record<string, unknown>;
    /** Every analysed frame's browser measurements (tMs on the page clock, phase, yaw, EAR), for diagnosis. */
    __frames?: { tMs: number; phase: string; yaw?: number; ear?: number; evidenceB64?: string }[];
  }
}

const b64 = (b: Uint8Array) => btoa(Array.from(b, (c) => String.fromCharCode(c)).join(""));
const q = new URLSearchParams(location.search);
const steps = (q.get("steps") ?? "blink").split(",") as LivenessStep[];
const mode = q.get("mode") === "enrol" ? "enrol" : "check-in";
// ?relaxPose=1: accept a turned head while positioning (the print sample is turned ~25°), so that a still
// image actually reaches the blink step.
// ?pose=left|right: an enrolment side capture (the photo slightly turned), as the enrol page runs it.
const pose = (q.get("pose") ?? undefined) as Pose | undefined;
const runnerOptions = q.get("relaxPose") ? { quality: { maxYawDeg: 45, maxPitchDeg: 45 } } : runnerOptionsForPose(pose);
window.__frames = [];
const root = createRoot(document.getElementById("root")!);
root.render(
  <FaceCapture
    steps={steps}
    mode={mode}
    runnerOptions={runnerOptions}
    engineConfig={{ threads: 2, provider: "wasm", delegate: (q.get("delegate") as "CPU" | null) ?? "auto" }}
    onFrame={(state, f) => {
      window.__frames!.push({ tMs: f.tMs, phase: state.phase, yaw: f.face?.pose.yaw, ear: f.face?.ear.mean, evidenceB64: f.evidenceJpeg ? b64(f.evidenceJpeg) : undefined });
    }}
    onResult={(r) => {
      window.__capture = {
        status: "result",
        embeddingLength: r.embedding.length,
        norm: Math.hypot(...r.embedding),
        alignedJpegBytes: r.alignedJpeg.length,
        evidence: r.evidence.map((f) => ({
          tMs: f.tMs,
          bytes: f.jpeg.length,
          soi: f.jpeg[0] === 0xff && f.jpeg[1] === 0xd8,
          b64: b64(f.jpeg),
        })),
        contextJpegB64: b64(r.contextJpeg),
        contextJpegBytes: r.contextJpeg.length,
        contextSize: r.contextSize,
        contextFaceBox: r.contextFaceBox,
        transcript: r.transcript,
        verdict: r.verdict,
        provider: r.provider,
        timings: r.timings,
        modelId: r.modelId,
      };
    }}
    onError={(e) => {
      const x = e as { code?: string; transcript?: unknown; verdict?: unknown };
      window.__capture = { status: "error", name: e.name, message: e.message, code: x.code, transcript: x.transcript, verdict: x.verdict };
    }}
  />,
);
