// IMAGE-mode analysis of a still image (evaluation tools, enrolment from a file): the face nearest the centre,
// aligned, embedded and scored for anti-spoofing as asked.

import { alignmentFor, warpToTemplate, AlignmentError } from "@/lib/face/core/align";
import { centralFaceIndex } from "@/lib/face/core/face-select";
import { faceBoxFromLandmarks } from "@/lib/face/core/quality";
import type { Box } from "@/lib/face/core/types";
import { ALIGNED_SIZE } from "@/lib/face/models";
import { cropResize, type RgbaImage } from "@/lib/face/preprocess";
import { normalised } from "@/lib/face/worker/embedder";
import { landmarksOf } from "@/lib/face/worker/frame-analysis";
import type { FaceLandmarker } from "@/lib/face/worker/landmarker";
import type { AntispoofResult, ImageAnalysis, ImageOptions } from "@/lib/face/worker/protocol";

/** Faces the IMAGE-mode landmarker looks for in a still image (the central one is analysed). */
export const IMAGE_MAX_FACES = 5;

/** Fallback "alignment" when no face is found: the central square (half the short side), resized to 112. */
function centreCrop(img: RgbaImage): Uint8ClampedArray {
  const side = Math.round(Math.min(img.width, img.height) / 2);
  const rect = { x: Math.round((img.width - side) / 2), y: Math.round((img.height - side) / 2), width: side, height: side };
  return cropResize(img, rect, ALIGNED_SIZE, ALIGNED_SIZE);
}

export interface ImageModeDeps {
  landmarker: (probe: ImageBitmap) => Promise<FaceLandmarker>;
  pixels: (image: ImageBitmap) => RgbaImage;
  embedRaw: (rgba: Uint8ClampedArray) => Promise<Float32Array>;
  antispoof: (img: RgbaImage, faceBox: Box) => Promise<AntispoofResult>;
}

/** Analyses a still image. The bitmap is closed afterwards. */
export async function analyseImage(deps: ImageModeDeps, input: ImageBitmap | Blob, options: ImageOptions): Promise<ImageAnalysis> {
  const t0 = performance.now();
  const image = input instanceof Blob ? await createImageBitmap(input) : input;
  try {
    const t1 = performance.now();
    const lm = await deps.landmarker(image);
    const result = lm.detect(image);
    const t2 = performance.now();
    const faceCount = result.faceLandmarks.length;
    const out: ImageAnalysis = {
      faceFound: false,
      faceCount,
      width: image.width,
      height: image.height,
      timings: { decodeMs: t1 - t0, landmarksMs: t2 - t1, alignMs: 0, embedMs: 0 },
    };
    // The face nearest the image centre (see lib/face/core/face-select.ts).
    const boxes = result.faceLandmarks.map((_, i) => faceBoxFromLandmarks(landmarksOf(result, i), image.width, image.height));
    const pick = centralFaceIndex(boxes, image.width, image.height);
    const needPixels = options.embed || options.antispoof;
    const img = needPixels ? deps.pixels(image) : undefined;
    let aligned: Uint8ClampedArray | undefined;
    const t3 = performance.now();
    if (pick >= 0) {
      const landmarks = landmarksOf(result, pick);
      out.landmarks = landmarks;
      out.box = faceBoxFromLandmarks(landmarks, image.width, image.height);
      if (img && options.embed) {
        try {
          aligned = warpToTemplate(img.data as Uint8ClampedArray, img.width, img.height, alignmentFor(landmarks, img.width, img.height), ALIGNED_SIZE);
          out.faceFound = true;
        } catch (err) {
          if (!(err instanceof AlignmentError)) throw err; // degenerate landmarks: treat as no face
        }
      } else {
        out.faceFound = true;
      }
    }
    if (img && options.embed && !aligned && options.centreCropFallback) aligned = centreCrop(img);
    const t4 = performance.now();
    out.timings.alignMs = t4 - t3;
    if (aligned && options.embed) {
      const raw = await deps.embedRaw(aligned);
      out.embedding = normalised(raw);
      if (options.wantRawEmbedding) out.rawEmbedding = raw;
      out.timings.embedMs = performance.now() - t4;
      if (options.wantAligned) out.aligned = aligned;
    }
    if (img && options.antispoof && out.box) {
      const t5 = performance.now();
      out.antispoof = await deps.antispoof(img, out.box);
      out.timings.antispoofMs = performance.now() - t5;
    }
    return out;
  } finally {
    image.close();
  }
}
