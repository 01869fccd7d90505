// A bare page that renders the production <FaceCapture> (for fake-camera tests of the component):
//   /capture.html?steps=blink,turn-left&mode=check-in
// The outcome lands on window.__capture ({ status: 'result' | 'error', ... }).
import { createRoot } from "react-dom/client";
import type { LivenessStep } from "@/lib/face/core/liveness-rules";
import { FaceCapture } from "@/lib/face/ui/face-capture";

declare global {
  interface Window {
    __capture?: Record<string, unknown>;
  }
}

const q = new URLSearchParams(location.search);
const steps = (q.get("steps") ?? "blink").split(",") as LivenessStep[];
const mode = q.get("mode") === "enrol" ? "enrol" : "check-in";
// ?relaxPose=1: accept a turned head while positioning (the print sample is turned ~25°), so that a still
// image actually reaches the blink step.
const runnerOptions = q.get("relaxPose") ? { quality: { maxYawDeg: 45, maxPitchDeg: 45 } } : undefined;
const root = createRoot(document.getElementById("root")!);
root.render(
  <FaceCapture
    steps={steps}
    mode={mode}
    runnerOptions={runnerOptions}
    engineConfig={{ threads: 2, provider: "wasm", delegate: (q.get("delegate") as "CPU" | null) ?? "auto" }}
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
          b64: btoa(Array.from(f.jpeg, (c) => String.fromCharCode(c)).join("")),
        })),
        contextJpegB64: btoa(Array.from(r.contextJpeg, (c) => String.fromCharCode(c)).join("")),
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
