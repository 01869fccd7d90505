// Real face data for check-in tests: LFW deep-funneled images (../shared/data/dev, or CLOCKFACE_DATA_DIR)
// run through the real models in Node. No landmark detector runs in Node, so the aligned crop is a fixed
// square (side 132 px centred at (125, 122)) of the 250x250 deep-funneled image, resized to 112x112: measured
// on 300 LFW fold-1 pairs with this model it verifies at 98.3 % accuracy (best of a small sweep of squares),
// close enough to the browser's landmark alignment for these tests. The context crop is the whole image
// resized to 224x224 with the face box of the deep-funneled layout, as the browser sends it.
import { readFileSync } from "node:fs";
import path from "node:path";
import jpeg from "jpeg-js";
import { decodeJpegRgba, embedAlignedCrop } from "@/lib/face/node";
import { cropResize } from "@/lib/face/preprocess";
import type { FaceBox } from "@/lib/checkin/payload";
import { faceDataDir, FUNNELED_FACE_BOX, noFaceDataMessage } from "./lfw-layout";
import { lfwBurst, TURN_STEPS } from "./lfw-bursts";

export { faceDataDir, FUNNELED_FACE_BOX, noFaceDataMessage };

export const hasFaceData = faceDataDir() !== null;

/**
 * People chosen from the first 30 LFW identities with ≥ 5 images for clear genuine scores (min pairwise cosine
 * over images 1–5: 0.58–0.69 with the fixed crop) and live anti-spoof scores ≥ 0.9 on every image with the fitted MediaPipe→upstream box mapping (scan of
 * 2026-01; the tests assert what they rely on rather than trusting this comment).
 */
export const PEOPLE = {
  alice: "Adrien_Brody",
  bob: "Colin_Farrell",
  carol: "Bob_Stoops",
  dave: "Bill_Frist",
} as const;

export const ALIGNED_RECT = { x: 59, y: 56, width: 132, height: 132 } as const;
const CONTEXT_SIZE = 224;

export interface FaceSample {
  /** The browser's embedding (of the raw aligned pixels, before JPEG). */
  embedding: Float32Array;
  alignedJpeg: Uint8Array;
  contextJpeg: Uint8Array;
  faceBox: FaceBox;
  /** The person's evidence bursts by challenge steps ("turn-left,turn-right"), when their photos show both turns. */
  bursts?: Record<string, { jpeg: Uint8Array; tMs: number }[]>;
}

const cache = new Map<string, Promise<FaceSample>>();

function encode(data: Uint8ClampedArray, width: number, height: number, quality: number): Uint8Array {
  return new Uint8Array(jpeg.encode({ data: Buffer.from(data.buffer, data.byteOffset, data.byteLength), width, height }, quality).data);
}

/** A 5x5 box blur of an RGBA image (a camera out of focus). */
export function boxBlur(rgba: Uint8ClampedArray, w: number, h: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(rgba.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 4; c++) {
        let acc = 0;
        for (let dy = -2; dy <= 2; dy++)
          for (let dx = -2; dx <= 2; dx++) {
            const xx = Math.min(w - 1, Math.max(0, x + dx));
            const yy = Math.min(h - 1, Math.max(0, y + dy));
            acc += rgba[(yy * w + xx) * 4 + c]!;
          }
        out[(y * w + x) * 4 + c] = acc / 25;
      }
  return out;
}

/** The embeddings of an LFW person's images 1–3: their enrolment (frontal, left, right) in the suites. */
export async function lfwEmbeddings(person: string): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (const n of [1, 2, 3]) out.push((await faceSample(person, n)).embedding);
  return out;
}

/** Image `n` (1-based) of an LFW person, as the browser would send it (`blurred`: out of focus). */
export function faceSample(person: string, n: number, blurred = false): Promise<FaceSample> {
  const key = `${person}#${n}${blurred ? "#blur" : ""}`;
  let s = cache.get(key);
  if (!s) {
    s = (async () => {
      const dir = faceDataDir();
      if (!dir) throw new Error(noFaceDataMessage);
      const file = path.join(dir, "lfw/images", person, `${person}_${String(n).padStart(4, "0")}.jpg`);
      const img = await decodeJpegRgba(new Uint8Array(readFileSync(file)));
      const rgba = { data: new Uint8ClampedArray(img.data), width: img.width, height: img.height };
      const sharp = cropResize(rgba, ALIGNED_RECT, 112, 112);
      const aligned = blurred ? boxBlur(sharp, 112, 112) : sharp;
      const embedding = await embedAlignedCrop(aligned);
      const k = CONTEXT_SIZE / img.width;
      const context = cropResize(rgba, { x: 0, y: 0, width: img.width, height: img.height }, CONTEXT_SIZE, Math.round(img.height * k));
      const bursts: NonNullable<FaceSample["bursts"]> = {};
      for (const steps of [TURN_STEPS, [...TURN_STEPS].reverse()]) {
        try {
          bursts[steps.join(",")] = await lfwBurst(person, steps);
        } catch {
          // their photos do not show that turn: no burst (the server refuses such a payload as frames-missing)
        }
      }
      return {
        embedding,
        bursts,
        alignedJpeg: encode(aligned, 112, 112, 92),
        contextJpeg: encode(context, CONTEXT_SIZE, Math.round(img.height * k), 88),
        faceBox: { x: FUNNELED_FACE_BOX.x * k, y: FUNNELED_FACE_BOX.y * k, width: FUNNELED_FACE_BOX.width * k, height: FUNNELED_FACE_BOX.height * k },
      };
    })();
    cache.set(key, s);
  }
  return s;
}
