// Capture and encoding in the browser: the evidence crop of every analysed frame (the burst the server checks),
// and the best frame turned into the capture result (aligned crop, embedding, context crop, both JPEGs).

import { checkinOptions } from "@/lib/checkin/options";
import { alignmentFor, warpToTemplate } from "@/lib/face/core/align";
import { evidenceCropBox, EVIDENCE_CROP_PX } from "@/lib/face/core/evidence-crop";
import type { HeadPose } from "@/lib/face/core/pose";
import type { Box, Landmark } from "@/lib/face/core/types";
import { contextCrop } from "@/lib/face/antispoof-input";
import { ALIGNED_SIZE } from "@/lib/face/models";
import type { RgbaImage } from "@/lib/face/preprocess";
import type { AntispoofResult, CaptureResult } from "@/lib/face/worker/protocol";

/** JPEG quality of the evidence crops (5–9 kB at 160 px). */
const EVIDENCE_JPEG_QUALITY = 0.85;

/** The best frame so far of a capture, with what capture() needs from it. */
export interface Candidate {
  score: number;
  image: RgbaImage;
  landmarks: Landmark[];
  box: Box;
  pose: HeadPose;
  sharpness: number;
  tMs: number;
}

/** Cuts evidence crops through one reused OffscreenCanvas. */
export class EvidenceEncoder {
  private canvas: OffscreenCanvas | undefined;

  /** The frame's evidence crop: square about the mesh's box (evidenceCropBox), EVIDENCE_CROP_PX, JPEG. */
  async jpeg(image: ImageBitmap, landmarks: Landmark[]): Promise<Uint8Array> {
    const box = evidenceCropBox(landmarks, image.width, image.height);
    const n = EVIDENCE_CROP_PX;
    this.canvas ??= new OffscreenCanvas(n, n);
    const ctx = this.canvas.getContext("2d");
    if (!ctx) throw new Error("OffscreenCanvas 2D is not available");
    ctx.fillStyle = "#000";
    ctx.fillRect(0, 0, n, n);
    const k = n / box.width;
    // the part of the box inside the frame, drawn where it falls in the crop (outside the frame stays black)
    const sx = Math.max(0, box.x);
    const sy = Math.max(0, box.y);
    const sw = Math.min(image.width, box.x + box.width) - sx;
    const sh = Math.min(image.height, box.y + box.height) - sy;
    if (sw > 0 && sh > 0) ctx.drawImage(image, sx, sy, sw, sh, (sx - box.x) * k, (sy - box.y) * k, sw * k, sh * k);
    const blob = await this.canvas.convertToBlob({ type: "image/jpeg", quality: EVIDENCE_JPEG_QUALITY });
    return new Uint8Array(await blob.arrayBuffer());
  }
}

/** JPEG via OffscreenCanvas, lowering the quality until it fits maxBytes. */
async function encodeJpeg(img: { data: Uint8ClampedArray; width: number; height: number }, quality: number, maxBytes: number): Promise<Uint8Array> {
  const c = new OffscreenCanvas(img.width, img.height);
  const ctx = c.getContext("2d");
  if (!ctx) throw new Error("OffscreenCanvas 2D is not available");
  ctx.putImageData(new ImageData(new Uint8ClampedArray(img.data), img.width, img.height), 0, 0);
  for (let q = quality; ; q -= 0.1) {
    const blob = await c.convertToBlob({ type: "image/jpeg", quality: Math.max(0.3, q) });
    if (blob.size <= maxBytes || q <= 0.3) return new Uint8Array(await blob.arrayBuffer());
  }
}

/** The best frame turned into the capture result: aligned, embedded, its context crop scored, both encoded. */
export async function captureOf(
  b: Candidate,
  models: { embed: (rgba: Uint8ClampedArray) => Promise<Float32Array>; antispoof: (img: RgbaImage, faceBox: Box) => Promise<AntispoofResult> },
): Promise<CaptureResult> {
  const t0 = performance.now();
  const aligned = warpToTemplate(b.image.data as Uint8ClampedArray, b.image.width, b.image.height, alignmentFor(b.landmarks, b.image.width, b.image.height), ALIGNED_SIZE);
  const t1 = performance.now();
  const embedding = await models.embed(aligned);
  const t2 = performance.now();
  const ctxCrop = contextCrop(b.image, b.box);
  const contextAntispoof = (await models.antispoof(ctxCrop.image, ctxCrop.faceBox)).score;
  const t3 = performance.now();
  const alignedJpeg = await encodeJpeg({ data: aligned, width: ALIGNED_SIZE, height: ALIGNED_SIZE }, 0.92, checkinOptions.maxAlignedJpegBytes);
  const contextJpeg = await encodeJpeg(ctxCrop.image, 0.9, checkinOptions.maxContextJpegBytes);
  const t4 = performance.now();
  return {
    aligned,
    embedding,
    alignedJpeg,
    contextJpeg,
    contextSize: { width: ctxCrop.image.width, height: ctxCrop.image.height },
    contextFaceBox: ctxCrop.faceBox,
    contextAntispoof,
    frameTMs: b.tMs,
    pose: b.pose,
    sharpness: b.sharpness,
    timings: { alignMs: t1 - t0, embedMs: t2 - t1, antispoofMs: t3 - t2, encodeMs: t4 - t3 },
  };
}
