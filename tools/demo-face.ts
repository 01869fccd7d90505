// The committed demo face (lib/demo/face/, CC BY 4.0 Intel head-pose GIF) as a fake-camera clip, and the stills the
// demo owner is enrolled from, both made with Debian's ffmpeg. Used by `npm run demo:camera`, the E2E specs and
// scripts/make-demo-face.ts.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { DEMO_FACE_DIR, DEMO_FACE_GIF, faceClipFilter, faceClipOptions, type DemoFaceStill, type FaceClipOptions } from "@/lib/demo/owner-face";

const repoRoot = path.resolve(import.meta.dirname, "..");
export const DEMO_FACE_GIF_PATH = path.join(repoRoot, DEMO_FACE_DIR, DEMO_FACE_GIF);
const CLIP_DIR = path.join(repoRoot, "tests/.tmp/fake-camera");
/** The demo owner on the fake camera: her head turns, looping (3.8 s). */
export const DEMO_FACE_CLIP = path.join(CLIP_DIR, "demo-owner-turns.y4m");

/**
 * Builds a .y4m clip of the GIF (cached: rebuilt when the GIF, its framing or this file is newer). Chromium's fake
 * camera plays it in a loop.
 */
export function makeDemoFaceClip(out = DEMO_FACE_CLIP, o: FaceClipOptions = faceClipOptions): string {
  const inputs = [new URL(import.meta.url).pathname, path.join(repoRoot, "lib/demo/owner-face.ts"), DEMO_FACE_GIF_PATH];
  if (existsSync(out) && statSync(out).size > 0 && statSync(out).mtimeMs > Math.max(...inputs.map((f) => statSync(f).mtimeMs))) return out;
  mkdirSync(path.dirname(out), { recursive: true });
  execFileSync("ffmpeg", ["-v", "error", "-y", "-i", DEMO_FACE_GIF_PATH, "-vf", faceClipFilter(o, true), "-pix_fmt", "yuv420p", "-f", "yuv4mpegpipe", out], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  return out;
}

/** Cuts a still (JPEG) from the GIF as the camera shows it: its frame, framed by faceClipFilter, the square `box`. */
export function cutDemoFaceStill(still: DemoFaceStill, out: string, o: FaceClipOptions = faceClipOptions): string {
  const [x, y, side] = still.box;
  const vf = `select=eq(n\\,${still.gifFrame}),${faceClipFilter(o, false)},crop=${side}:${side}:${x}:${y}`;
  mkdirSync(path.dirname(out), { recursive: true });
  execFileSync("ffmpeg", ["-v", "error", "-y", "-i", DEMO_FACE_GIF_PATH, "-vf", vf, "-frames:v", "1", "-q:v", "2", out], { stdio: ["ignore", "ignore", "pipe"] });
  return out;
}

/** Whether Debian's ffmpeg is installed (the clip and the stills need it). */
export function hasFfmpeg(): boolean {
  try {
    execFileSync("ffmpeg", ["-version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
