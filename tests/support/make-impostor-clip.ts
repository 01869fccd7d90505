// Builds tests/.tmp/fake-camera/impostor-turns.y4m: A DIFFERENT REAL PERSON turning her head both ways, for the
// fake webcam of the impostor check-in spec (tests/e2e/checkin-impostor.spec.ts): someone else in front of an
// enrolled employee's laptop.
//
// Source: the committed demo face, lib/demo/face/intel-headpose-female.gif (Intel sample video, CC BY 4.0; credit in
// lib/demo/face/NOTICE.md): a woman turning her head to her right, back through frontal to her left and back, in 23
// frames (480x270, ~12 fps). Nothing of her face or motion is synthesised; the clip only frames it like a laptop
// webcam, as make-fake-camera.ts does for the blink video (lib/demo/owner-face.ts faceClipOptions: crop about her
// face and scale x2 to 640x480, a mild unsharp mask, half speed). The same clip is the demo owner's camera
// (tools/demo-face.ts); here she is someone else, in another organisation.
// She never blinks in these 23 frames, so the spec sets the organisation's liveness steps to the two turns.
// Chromium loops the clip (3.8 s).
//
//   npx tsx tests/support/make-impostor-clip.ts            builds (cached by input mtime) and prints the path
//   npx tsx tests/support/make-impostor-clip.ts --measure  runs the landmarker and anti-spoof on the frames and
//                                                          prints yaw / pitch / face size / sharpness / score, then
//                                                          replays the looping clip through the app's ChallengeRunner
//                                                          (turns only, both orders) at 8–12 analysed frames/s
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { repoRoot, startHarness, type FrameResult } from "@/tools/browser-harness";
import { ChallengeRunner } from "@/lib/face/challenge-runner";
import { bestFrameScore } from "@/lib/face/best-frame";
import { evaluateLiveness, type LivenessStep } from "@/lib/face/core/liveness-rules";
import type { FrameAnalysis } from "@/lib/face/worker/protocol";
import { faceClipFilter, faceClipOptions, type FaceClipOptions } from "@/lib/demo/owner-face";
import { DEMO_FACE_GIF_PATH, makeDemoFaceClip } from "@/tools/demo-face";

const OUT_DIR = path.join(repoRoot, "tests/.tmp/fake-camera");
export const IMPOSTOR_CLIP = path.join(OUT_DIR, "impostor-turns.y4m");

export type ImpostorClipOptions = FaceClipOptions;
export const defaultImpostorClipOptions: Readonly<ImpostorClipOptions> = faceClipOptions;

/** Builds the clip (cached: rebuilt when the GIF or the builder is newer). */
export function makeImpostorClip(opts: Partial<ImpostorClipOptions> = {}): string {
  return makeDemoFaceClip(IMPOSTOR_CLIP, { ...defaultImpostorClipOptions, ...opts });
}

/** The GIF's own frames, framed as in the clip (JPEG), for --measure. */
function framedStills(gif: string, o: ImpostorClipOptions): string[] {
  const dir = path.join(OUT_DIR, "impostor-frames");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync("ffmpeg", ["-v", "error", "-y", "-i", gif, "-vf", faceClipFilter(o, false), "-q:v", "2", path.join(dir, "%05d.jpg")], { stdio: ["ignore", "ignore", "pipe"] });
  return readdirSync(dir).filter((f) => f.endsWith(".jpg")).sort().map((f) => path.join(dir, f));
}

/**
 * Replays the looping clip (each GIF frame held slowdown/12 s) through the app's ChallengeRunner at `fps` analysed
 * frames per second, from a random-ish phase, using the measured analyses of the GIF's frames; the best frame is
 * chosen as the worker does (bestFrameScore). Returns the outcome and the liveness rules that failed, if any.
 */
export function replay(frames: readonly FrameResult[], steps: LivenessStep[], fps: number, o: ImpostorClipOptions = defaultImpostorClipOptions): string {
  const runner = new ChallengeRunner(steps);
  const holdMs = (1000 * o.slowdown) / 12;
  let best: { score: number; yaw: number; pitch: number } | undefined;
  const startMs = 1234; // not at the loop's start
  for (let t = 0; t < 45_000 && !runner.finished; t += 1000 / fps) {
    const f = frames[Math.floor((startMs + t) / holdMs) % frames.length]!;
    const want = runner.frameOptions();
    let bestSoFar = false;
    if (want.candidate && f.face) {
      const score = bestFrameScore({ pose: f.face.pose, earMean: f.face.ear.mean, blinkBlendshape: f.face.blinkBlendshape, sharpness: f.face.sharpness });
      if (score !== null && (!best || score > best.score)) {
        best = { score, yaw: f.face.pose.yaw, pitch: f.face.pose.pitch };
        bestSoFar = true;
      }
    }
    const a = { ...f, tMs: t, bestSoFar, antispoof: want.antispoof ? f.antispoof : undefined } as FrameAnalysis;
    runner.onFrame(a, t);
  }
  const st = runner.state();
  if (st.phase !== "done") return `${st.phase} (${st.failure ?? st.prompt})`;
  const verdict = evaluateLiveness(runner.transcript(best && { yaw: best.yaw, pitch: best.pitch }), steps);
  const failed = verdict.rules.filter((r) => r.status === "fail").map((r) => r.name);
  const tr = runner.transcript();
  return `${verdict.passed ? "passed" : `failed ${failed.join(",")}`} in ${(tr.durationMs / 1000).toFixed(1)} s, peaks ${tr.steps.map((x) => x.value.toFixed(1)).join(" / ")}°, best frame yaw ${best?.yaw.toFixed(1)}°`;
}

async function measure(gif: string): Promise<void> {
  const files = framedStills(gif, defaultImpostorClipOptions);
  const h = await startHarness({ threads: 2 });
  try {
    await h.load();
    // Two passes (VIDEO mode tracks across frames; the second pass is what a looping camera shows).
    const both = [...files, ...files];
    const t = both.map((_, i) => (i * 1000 * defaultImpostorClipOptions.slowdown) / 12 + 1);
    const res = (await h.landmarksForFrames(both, t, { antispoof: true, wantLandmarks: false, candidate: false })).slice(files.length);
    for (const [i, r] of res.entries()) {
      const f = r.face;
      console.log(
        `${i}\tfaces=${r.faceCount}\tyaw=${f?.pose.yaw.toFixed(1)}\tpitch=${f?.pose.pitch.toFixed(1)}\tw=${f?.box.width.toFixed(0)}\th=${f?.box.height.toFixed(0)}\tsharp=${f?.sharpness.toFixed(0)}\tluma=${f?.luma.toFixed(0)}\tear=${f?.ear.mean.toFixed(3)}\tspoof=${r.antispoof?.score.toFixed(3)}`,
      );
    }
    const yaws = res.map((r) => r.face?.pose.yaw ?? NaN).filter(Number.isFinite);
    const spoof = res.map((r) => r.antispoof?.score ?? NaN).filter(Number.isFinite);
    console.log(`yaw ${Math.min(...yaws).toFixed(1)} … ${Math.max(...yaws).toFixed(1)}; faces ${yaws.length}/${res.length}; anti-spoof min ${Math.min(...spoof).toFixed(3)}`);
    for (const steps of [["turn-left", "turn-right"], ["turn-right", "turn-left"]] as LivenessStep[][]) {
      for (const fps of [8, 10, 12]) console.log(`${steps.join(" → ")} at ${fps} frames/s: ${replay(res, steps, fps)}`);
    }
  } finally {
    await h.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const clip = makeImpostorClip();
  console.log(`${clip} (${(statSync(clip).size / 1e6).toFixed(1)} MB)`);
  if (process.argv.includes("--measure")) await measure(DEMO_FACE_GIF_PATH);
}
