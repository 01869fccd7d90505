// Frame analysis in the browser: a camera frame's pixels and one face's measurements (box, eye aspect ratio,
// blink blendshape, head pose, brightness and sharpness of the face) from the landmarker's result.

import { earFromMesh } from "@/lib/face/core/ear";
import { headPoseFromMatrix, type HeadPose } from "@/lib/face/core/pose";
import { faceBoxFromLandmarks, laplacianVariance, meanLuma, toGray } from "@/lib/face/core/quality";
import type { Box, Landmark } from "@/lib/face/core/types";
import type { RgbaImage } from "@/lib/face/preprocess";
import type { FaceLandmarkerResult } from "@/lib/face/worker/landmarker";
import type { FaceMeasurements } from "@/lib/face/worker/protocol";

/** Width the face box is resized to before the sharpness measure (pixels), so sharpness is comparable across distances. */
const SHARPNESS_WIDTH = 112;

/** Face `i`'s landmarks in a landmarker result (normalised coordinates). */
export function landmarksOf(result: FaceLandmarkerResult, i: number): Landmark[] {
  return (result.faceLandmarks[i] ?? []).map((p) => ({ x: p.x, y: p.y, z: p.z }));
}

/** Box clipped to the frame, in integer pixels; undefined when nothing is left. */
function clipBox(b: Box, w: number, h: number): Box | undefined {
  const x0 = Math.max(0, Math.floor(b.x));
  const y0 = Math.max(0, Math.floor(b.y));
  const x1 = Math.min(w, Math.ceil(b.x + b.width));
  const y1 = Math.min(h, Math.ceil(b.y + b.height));
  return x1 - x0 >= 4 && y1 - y0 >= 4 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : undefined;
}

/** Reads frames through two reused OffscreenCanvases (the full frame, the resized face). */
export class FrameReader {
  private readonly canvas = new OffscreenCanvas(640, 480);
  private readonly ctx: OffscreenCanvasRenderingContext2D;
  private readonly faceCanvas = new OffscreenCanvas(SHARPNESS_WIDTH, SHARPNESS_WIDTH);
  private readonly faceCtx: OffscreenCanvasRenderingContext2D;

  constructor() {
    const ctx = this.canvas.getContext("2d", { willReadFrequently: true });
    const faceCtx = this.faceCanvas.getContext("2d", { willReadFrequently: true });
    if (!ctx || !faceCtx) throw new Error("OffscreenCanvas 2D is not available");
    this.ctx = ctx;
    this.faceCtx = faceCtx;
  }

  /** Full-frame RGBA pixels of an image. */
  pixels(image: ImageBitmap): RgbaImage {
    if (this.canvas.width !== image.width || this.canvas.height !== image.height) {
      this.canvas.width = image.width;
      this.canvas.height = image.height;
    }
    this.ctx.drawImage(image, 0, 0);
    const d = this.ctx.getImageData(0, 0, image.width, image.height);
    return { data: d.data, width: d.width, height: d.height };
  }

  /** Brightness and sharpness of the face region, resized to SHARPNESS_WIDTH wide. */
  private faceLumaSharpness(image: ImageBitmap, box: Box): { luma: number; sharpness: number } {
    const w = SHARPNESS_WIDTH;
    const h = Math.max(8, Math.round((SHARPNESS_WIDTH * box.height) / Math.max(1, box.width)));
    if (this.faceCanvas.height !== h) this.faceCanvas.height = h;
    this.faceCtx.drawImage(image, box.x, box.y, box.width, box.height, 0, 0, w, h);
    const d = this.faceCtx.getImageData(0, 0, w, h);
    return { luma: meanLuma(d.data), sharpness: laplacianVariance(toGray(d.data), w, h) };
  }

  /** Face `i`'s measurements (and its packed landmarks when asked). */
  measure(result: FaceLandmarkerResult, i: number, image: ImageBitmap, wantLandmarks: boolean): { m: FaceMeasurements; landmarks: Landmark[] } {
    const { width, height } = image;
    const landmarks = landmarksOf(result, i);
    const box = faceBoxFromLandmarks(landmarks, width, height);
    const ear = earFromMesh(landmarks, width, height);
    const cats = result.faceBlendshapes[i]?.categories ?? [];
    const bl = cats.find((c) => c.categoryName === "eyeBlinkLeft")?.score;
    const br = cats.find((c) => c.categoryName === "eyeBlinkRight")?.score;
    const blinkBlendshape = bl !== undefined && br !== undefined ? (bl + br) / 2 : Number.NaN;
    const matrix = result.facialTransformationMatrixes[i]?.data;
    const pose: HeadPose = matrix ? headPoseFromMatrix(matrix) : { yaw: Number.NaN, pitch: Number.NaN, roll: Number.NaN };
    const clipped = clipBox(box, width, height);
    let luma = Number.NaN;
    let sharpness = Number.NaN;
    if (clipped) ({ luma, sharpness } = this.faceLumaSharpness(image, clipped));
    const m: FaceMeasurements = { box, ear, blinkBlendshape, pose, luma, sharpness };
    if (wantLandmarks) {
      const packed = new Float32Array(landmarks.length * 3);
      landmarks.forEach((p, k) => packed.set([p.x, p.y, p.z], k * 3));
      m.landmarks = packed;
    }
    return { m, landmarks };
  }
}
