// The committed genuine evidence burst (tests/fixtures/burst/, made by scripts/make-burst-fixture.ts from the
// CC BY 4.0 Intel head-pose GIFs): the woman turning to her left, then her right, with the crops a browser sends
// besides the burst; and frames of another man. Lets the check-in suites run real bursts through the server's models
// on a fresh clone.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { FaceBox } from "@/lib/checkin/payload";
import { decodeJpegRgba } from "@/lib/face/node/jpeg";
import { embedAlignedCrop } from "@/lib/face/node/embed";
import type { FaceSample } from "@/tools/faces";

export const BURST_FIXTURE_DIR = path.resolve(import.meta.dirname, "../tests/fixtures/burst");
/** Her frames: frontal (9), turning to her left (11, 13 peak, 16), back (19), to her right (21, 22). */
export const FEMALE_FRAMES = [9, 11, 13, 16, 19, 21, 22] as const;
/** The steps her frames show, in order. */
export const FEMALE_STEPS = ["turn-left", "turn-right"] as const;
/** The other man's frames (head mostly still). */
export const MALE_FRAMES = [0, 10, 20, 30] as const;

const pad = (i: number) => String(i).padStart(2, "0");
const read = (name: string) => new Uint8Array(readFileSync(path.join(BURST_FIXTURE_DIR, name)));

export type BurstFrame = { jpeg: Uint8Array; tMs: number };

/** Frames with capture times `startMs`, +150 ms, … (a camera at ~7 analysed frames/s). */
export function timed(jpegs: readonly Uint8Array[], startMs = 100, stepMs = 150): BurstFrame[] {
  return jpegs.map((jpeg, i) => ({ jpeg, tMs: startMs + i * stepMs }));
}

/** Her evidence crop of GIF frame i (one of FEMALE_FRAMES). */
export const femaleFrame = (i: (typeof FEMALE_FRAMES)[number]) => read(`female-${pad(i)}.jpg`);
/** The other man's evidence crop of GIF frame i (one of MALE_FRAMES). */
export const maleFrame = (i: (typeof MALE_FRAMES)[number]) => read(`male-${pad(i)}.jpg`);

/** Her genuine burst for [turn-left, turn-right]. */
export function femaleBurst(): BurstFrame[] {
  return timed(FEMALE_FRAMES.map(femaleFrame));
}

let sample: Promise<FaceSample> | undefined;
/** What her browser sends besides the burst (frame 9): aligned and context crops, face box, embedding. */
export function femaleSample(): Promise<FaceSample> {
  return (sample ??= (async () => {
    const alignedJpeg = read("female-aligned.jpg");
    const aligned = await decodeJpegRgba(alignedJpeg);
    return {
      embedding: await embedAlignedCrop(Uint8ClampedArray.from(aligned.data)),
      alignedJpeg,
      contextJpeg: read("female-context.jpg"),
      faceBox: JSON.parse(readFileSync(path.join(BURST_FIXTURE_DIR, "female-context-box.json"), "utf8")) as FaceBox,
    };
  })());
}
