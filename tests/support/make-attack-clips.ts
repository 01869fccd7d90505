// Fake-camera clips of the ENROLLED person for the attacker specs (tests/e2e/checkin-attacks.spec.ts), made from the
// frames of the live clip (make-turning-clip.ts: the real blinking man, frontal 0–57, turned to his own left 58–83,
// frontal 84–137, turned to his right 138–163 at 24 fps):
//   photo-of-enrolled.mjpeg   one frontal frame of him, held up to the camera like a printed photo: the same image,
//                             slowly shifted and scaled a little (8 s, looped by Chromium); he never blinks or turns;
//   wrong-order.mjpeg         the live clip once — frontal, his left, frontal, his right — then ~30 s of his frontal
//                             frames played back and forth (blinks, no turn): asked for right then left, the clip
//                             does left then right, and no second left comes within the session.
// MJPEG (yuvj420p, as STACK-NOTES says: otherwise green frames) keeps the 30 s clip small (a y4m is 0.46 MB a frame).
//   npx tsx tests/support/make-attack-clips.ts      (prints the paths)
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "@/tools/browser-harness";
import type { BuiltClip } from "./make-turning-clip";

const OUT = path.join(repoRoot, "tests/.tmp/fake-camera");
const FPS = 24;

/** Frame index ranges of the live clip's loop (make-turning-clip.ts LOOP at 24 fps, blinks shown twice). */
export const LIVE_SEGMENTS = Object.freeze({ frontalA: [0, 58], left: [58, 84], frontalB: [84, 138], right: [138, 164] } as const);

export interface AttackClips {
  photo: string;
  wrongOrder: string;
}

function fresh(out: string, inputs: string[]): boolean {
  return existsSync(out) && statSync(out).size > 0 && statSync(out).mtimeMs >= Math.max(...inputs.map((i) => statSync(i).mtimeMs));
}

/** Both clips (cached by input mtime); undefined until the live clip's frames exist (buildTurningClip()). */
export function makeAttackClips(): AttackClips | undefined {
  const meta = path.join(OUT, "live-turns-frames/clip.json");
  if (!existsSync(meta)) return undefined;
  const live = JSON.parse(readFileSync(meta, "utf8")) as BuiltClip;
  if (live.frames.length !== LIVE_SEGMENTS.right[1]) throw new Error(`live clip has ${live.frames.length} frames, expected ${LIVE_SEGMENTS.right[1]}`);
  mkdirSync(OUT, { recursive: true });
  const self = new URL(import.meta.url).pathname;
  const encode = (args: string[], out: string) =>
    execFileSync("ffmpeg", ["-v", "error", "-y", ...args, "-pix_fmt", "yuvj420p", "-q:v", "3", "-f", "mjpeg", out], { stdio: ["ignore", "ignore", "pipe"] });

  const photo = path.join(OUT, "photo-of-enrolled.mjpeg");
  const still = live.frames[0]!;
  if (!fresh(photo, [still, self])) {
    // zoom 1.00–1.06 and a few pixels of drift: a photo in a hand, never a turn or a blink
    const pan = "zoompan=z='1.03+0.03*sin(on/19)':x='iw/2-(iw/zoom/2)+6*sin(on/13)':y='ih/2-(ih/zoom/2)+4*sin(on/17)':d=1:s=640x480:fps=24";
    encode(["-loop", "1", "-framerate", String(FPS), "-t", "8", "-i", still, "-vf", pan], photo);
  }

  const wrongOrder = path.join(OUT, "wrong-order.mjpeg");
  if (!fresh(wrongOrder, [meta, self])) {
    const order: number[] = [];
    for (let i = 0; i < LIVE_SEGMENTS.right[1]; i++) order.push(i); // frontal, left, frontal, right
    const frontal = [...range(LIVE_SEGMENTS.frontalB), ...range(LIVE_SEGMENTS.frontalA).reverse()];
    while (order.length < LIVE_SEGMENTS.right[1] + 30 * FPS) order.push(...frontal, ...[...frontal].reverse());
    const dir = path.join(OUT, "wrong-order-frames");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    order.forEach((i, k) => symlinkSync(live.frames[i]!, path.join(dir, `${String(k).padStart(5, "0")}.jpg`)));
    encode(["-framerate", String(FPS), "-i", path.join(dir, "%05d.jpg")], wrongOrder);
    rmSync(dir, { recursive: true, force: true });
  }
  return { photo, wrongOrder };
}

function range([a, b]: readonly [number, number]): number[] {
  return Array.from({ length: b - a }, (_, k) => a + k);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(makeAttackClips() ?? "no live clip frames: run npx tsx tests/support/make-turning-clip.ts first");
}
