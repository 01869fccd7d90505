// Builds the fake-camera clips for Chromium (--use-file-for-fake-video-capture=<clip>.y4m) into tests/.tmp/:
//   live-blinks.y4m  a real person blinking (from ../shared/data/dev/liveness/repeating_blink_video.mp4;
//                    only when the dev data is present), 640x480, 24 fps, the first 12 s (4 blinks)
//   still-photo.y4m  the Silent-Face print sample (tests/fixtures), frozen: a still image, 640x480, 2 s
//   no-face.y4m      ffmpeg's test pattern, no face, 640x480, 2 s
// Chromium loops the clip. y4m is raw yuv420p (about 0.46 MB a frame), hence built, not committed.
//   npx tsx tests/support/make-fake-camera.ts      (prints the paths)
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { devDataDir, repoRoot } from "@/tools/browser-harness";

export interface FakeCameraClips {
  live?: string;
  still: string;
  noFace: string;
}

const OUT = path.join(repoRoot, "tests/.tmp/fake-camera");
const FRAME = "640:480";

function ffmpeg(args: string[], out: string, inputs: string[]): string {
  const newest = Math.max(0, ...inputs.map((i) => statSync(i).mtimeMs));
  if (existsSync(out) && statSync(out).mtimeMs >= newest && statSync(out).size > 0) return out;
  execFileSync("ffmpeg", ["-v", "error", "-y", ...args, "-pix_fmt", "yuv420p", "-f", "yuv4mpegpipe", out], { stdio: ["ignore", "ignore", "pipe"] });
  return out;
}

export function makeFakeCameraClips(): FakeCameraClips {
  mkdirSync(OUT, { recursive: true });
  const photo = path.join(repoRoot, "tests/fixtures/silent-face-print-F1.jpg");
  const fit = `scale=${FRAME}:force_original_aspect_ratio=decrease,pad=${FRAME}:(ow-iw)/2:(oh-ih)/2`;
  const still = ffmpeg(["-loop", "1", "-framerate", "15", "-t", "2", "-i", photo, "-vf", fit], path.join(OUT, "still-photo.y4m"), [photo]);
  const noFace = ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=640x480:rate=15:duration=2"], path.join(OUT, "no-face.y4m"), []);
  const data = devDataDir();
  let live: string | undefined;
  const video = data ? path.join(data, "liveness/repeating_blink_video.mp4") : undefined;
  if (video && existsSync(video)) {
    // Portrait phone video → top 480x640 → 360x480 → padded to 640x480 with the edge columns smeared (black bars
    // read as a screen border to anti-spoof: trimmed-mean real score 0.34 vs 1.00), constant 24 fps, 12 s.
    live = ffmpeg(
      ["-i", video, "-t", "12", "-vf", `crop=480:640:0:40,scale=360:480,pad=${FRAME}:140:0,fillborders=left=140:right=140:mode=smear,fps=24`],
      path.join(OUT, "live-blinks.y4m"),
      [video, new URL(import.meta.url).pathname], // rebuilt when this recipe changes
    );
  }
  return { live, still, noFace };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const clips = makeFakeCameraClips();
  for (const [k, v] of Object.entries(clips)) console.log(`${k}: ${v ?? "(skipped: ../shared/data/dev not found)"}${v ? ` (${(statSync(v).size / 1e6).toFixed(1)} MB)` : ""}`);
}
