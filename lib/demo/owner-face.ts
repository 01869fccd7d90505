// The demo owner's face: a permissively licensed clip committed in lib/demo/face/ (CC BY 4.0, © Intel Corporation;
// credit in lib/demo/face/NOTICE.md), so that /check-in can be tried at once on a fake camera playing it
// (`npm run demo:camera`). The seed (lib/db/seed-demo.ts) enrols the owner from three stills of the camera clip,
// measured by the server's own models, under the same gates as an enrolment capture (enrolmentProblems below).
// Pure: constants and rules, no IO.
import type { LivenessStep } from "@/lib/face/core/liveness-rules";
import type { Pose } from "@/lib/face/core/types";
import { cosine } from "@/lib/face/core/similarity";
import { checkinOptions, type CheckinOptions } from "@/lib/checkin/options";
import { poseMatches } from "@/lib/checkin/quality";
import { repeatedCapture } from "@/lib/face/core/capture-distinct";

/** The folder of the committed fixture, relative to the project root. */
export const DEMO_FACE_DIR = "lib/demo/face";
/**
 * intel-iot-devkit/sample-videos, commit 57978890822836f2b4743852f04f62fc511757e4,
 * `preview/head-pose-face-detection-female.gif`: a woman turning her head to her right, through frontal to her left
 * and back, 23 frames of 480x270 at 12 frames/s. She never blinks.
 */
export const DEMO_FACE_GIF = "intel-headpose-female.gif";
export const DEMO_FACE_GIF_SHA256 = "67646830ba9551b958f8a6ed4c83c32f5232e444bfba0f4c94386ee076b5d722";

/**
 * How the GIF becomes a laptop webcam's picture (the fake-camera clip, and the stills cut from it): crop the 4:3
 * region about her face, scale ×2 to 640x480 (her face is ~65 px wide in the GIF, below the capture's 80 px minimum),
 * a mild unsharp mask as webcams apply (the GIF is soft: frontal frames measured a Laplacian sharpness of 19–22
 * against the capture's minimum of 20; 27–41 with it), played at half speed (her 75° turn takes 0.6 s in the GIF).
 * Each GIF frame is held for 4 video frames and the clip loops every 3.8 s; the browser's burst selection skips a
 * picture it already chose (lib/face/evidence-select.ts), as the server refuses one sent twice (distinct-frames).
 */
export interface FaceClipOptions {
  /** Crop of the 480x270 GIF: width, height, left, top (pixels; 4:3). */
  crop: readonly [number, number, number, number];
  /** Output frame size (pixels). */
  width: number;
  height: number;
  /** ffmpeg unsharp: luma matrix size (odd, pixels) and amount (0 = none). */
  unsharpSize: number;
  unsharpAmount: number;
  /** Playback slowed by this factor (1 = the GIF's own speed). */
  slowdown: number;
  /** Output frame rate (frames per second). */
  fps: number;
}

export const faceClipOptions: Readonly<FaceClipOptions> = Object.freeze({
  crop: Object.freeze([320, 240, 50, 0] as const),
  width: 640,
  height: 480,
  unsharpSize: 5,
  unsharpAmount: 0.6,
  slowdown: 2,
  fps: 24,
});

/** The ffmpeg filter that frames the GIF as the camera shows it; `asClip` adds the playback speed (else: one still). */
export function faceClipFilter(o: FaceClipOptions = faceClipOptions, asClip = true): string {
  const [w, h, x, y] = o.crop;
  const f = [`crop=${w}:${h}:${x}:${y}`, `scale=${o.width}:${o.height}:flags=bicubic`];
  if (o.unsharpAmount > 0) f.push(`unsharp=${o.unsharpSize}:${o.unsharpSize}:${o.unsharpAmount}`);
  if (asClip) f.push(`setpts=${o.slowdown}*PTS`, `fps=${o.fps}`);
  return f.join(",");
}

export interface DemoFaceStill {
  pose: Pose;
  /** JPEG in DEMO_FACE_DIR. */
  file: string;
  /** The GIF's frame (0-based). */
  gifFrame: number;
  /**
   * The square cut from the camera frame (640x480 after faceClipFilter): left, top, side in pixels — the evidence
   * box the browser's own mesh gave for that frame (1.5x the landmarks' box, tests/fixtures/face-core/
   * server-parity-browser.json, on the GIF scaled x2; here shifted by the crop's 100 px), so the server's mesh sees
   * the face as in a client's crop.
   */
  box: readonly [number, number, number];
}

/**
 * One still per enrolment pose (scripts/make-demo-face.ts cuts them): frontal, and slightly turned to her left and
 * right, as the browser takes an enrolment's side captures (±12° ± 8°, lib/face/best-frame.ts). Yaw on these frames:
 * −1.3°, +8.6°, −10.7° by the browser's mesh; −1.0°, +9.6°, −12.6° by the server's (`npx tsx scripts/make-demo-face.ts
 * --measure`). Frame 9, the burst fixture's frontal frame (tests/fixtures/burst/), is left out: tests use it as a probe.
 */
export const DEMO_FACE_STILLS: readonly DemoFaceStill[] = Object.freeze([
  { pose: "frontal", file: "frontal.jpg", gifFrame: 19, box: [248, 100, 233] },
  { pose: "left", file: "left.jpg", gifFrame: 18, box: [252, 102, 237] },
  { pose: "right", file: "right.jpg", gifFrame: 8, box: [236, 101, 229] },
] satisfies DemoFaceStill[]);

/**
 * The demo organisation's liveness steps: the clip has no blink, so a check-in with it can only show the two head
 * turns (each challenge draws both, in random order).
 */
export const DEMO_LIVENESS_STEPS: readonly LivenessStep[] = Object.freeze(["turn-left", "turn-right"] as const);

/** The server's measurement of one still (lib/face/node/still.ts). */
export interface MeasuredStill {
  pose: Pose;
  /** Face presence (0..1). */
  presence: number;
  /** Degrees, + = the subject's own left. */
  yaw: number;
  /** Crop quality of the aligned face (0..1, lib/checkin/quality.ts). */
  quality: number;
  embedding: Float32Array;
  /** The aligned face as a capture thumbnail (lib/face/core/capture-distinct.ts). */
  thumbnail: Float32Array;
}

/** Least face presence for a still to count as a face. */
export const MIN_STILL_PRESENCE = 0.5;

/**
 * What an enrolment would refuse in these captures (empty: none): no face, quality below minEnrolQuality, a side
 * pose not turned that way by minSideYawDeg, a missing pose, a capture that repeats another's image, or two captures
 * less alike than minSelfConsistency.
 */
export function enrolmentProblems(stills: readonly MeasuredStill[], o: Pick<CheckinOptions, "enrolPoses" | "minEnrolQuality" | "minSideYawDeg" | "minSelfConsistency"> = checkinOptions): string[] {
  const out: string[] = [];
  for (const pose of o.enrolPoses) if (!stills.some((s) => s.pose === pose)) out.push(`${pose}: missing`);
  for (const s of stills) {
    if (!(s.presence >= MIN_STILL_PRESENCE)) out.push(`${s.pose}: no face (presence ${s.presence.toFixed(2)})`);
    if (!(s.quality >= o.minEnrolQuality)) out.push(`${s.pose}: quality ${s.quality.toFixed(3)} < ${o.minEnrolQuality}`);
    if (!poseMatches(s.pose, s.yaw, o.minSideYawDeg)) out.push(`${s.pose}: yaw ${s.yaw.toFixed(1)}°`);
    const repeat = repeatedCapture(s.thumbnail, stills.filter((t) => t.pose !== s.pose));
    if (repeat) out.push(`${s.pose}: repeats the ${repeat.capture.pose} capture (difference ${repeat.difference.toFixed(3)})`);
  }
  for (let i = 0; i < stills.length; i++)
    for (let j = i + 1; j < stills.length; j++) {
      const c = cosine(stills[i]!.embedding, stills[j]!.embedding);
      if (!(c >= o.minSelfConsistency)) out.push(`${stills[i]!.pose}/${stills[j]!.pose}: cosine ${c.toFixed(3)}`);
    }
  return out;
}
