// Pixel preprocessing shared by the browser worker and the Node (server) inference code.
// Pure: typed arrays in, typed arrays out; no DOM, no tensors library. The model registry
// (lib/face/models.ts) says what each model wants; these functions do exactly that.

import type { Box } from "@/lib/face/core/types";
import { MODELS, type TensorInputSpec } from "@/lib/face/models";

/** Raw RGBA pixels, row-major, 4 bytes a pixel. */
export interface RgbaImage {
  data: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
}

/**
 * RGBA image → NCHW float32 tensor data for a model input spec (colour order and normalisation from the
 * registry). The image must already have the spec's spatial size.
 */
export function tensorFromRgba(img: RgbaImage, spec: TensorInputSpec): Float32Array {
  const [, channels, h, w] = spec.shape;
  if (img.width !== w || img.height !== h) {
    throw new Error(`tensorFromRgba: image is ${img.width}x${img.height}, model wants ${w}x${h}`);
  }
  if (img.data.length !== w * h * 4) throw new Error("tensorFromRgba: data length is not width*height*4");
  const plane = w * h;
  const out = new Float32Array(channels * plane);
  // Source channel (0=R, 1=G, 2=B) for each output channel.
  const order = spec.colourOrder === "RGB" ? [0, 1, 2] : [2, 1, 0];
  const norm = spec.normalisation;
  for (let c = 0; c < 3; c++) {
    const src = order[c]!;
    const base = c * plane;
    if (norm.kind === "raw-255") {
      for (let i = 0; i < plane; i++) out[base + i] = img.data[i * 4 + src]!;
    } else {
      // mean/std are indexed by the model's channel (its colour order).
      const mean = norm.mean[c]!;
      const std = norm.std[c]!;
      for (let i = 0; i < plane; i++) out[base + i] = (img.data[i * 4 + src]! / 255 - mean) / std;
    }
  }
  return out;
}

/** The aligned 112x112 RGBA face crop → MobileFaceNet input (RGB, ImageNet mean/std, NCHW). */
export function embeddingInput(rgba112: Uint8ClampedArray | Uint8Array): Float32Array {
  const spec = MODELS.embedding.input;
  if (rgba112.length !== spec.shape[2] * spec.shape[3] * 4) {
    throw new Error(`embeddingInput: the aligned crop must be ${spec.shape[3]}x${spec.shape[2]} RGBA`);
  }
  return tensorFromRgba({ data: rgba112, width: spec.shape[3], height: spec.shape[2] }, spec);
}

/**
 * Crop `rect` (integer pixels: columns x..x+width-1, rows y..y+height-1) out of `img` and resize it to outW x outH with bilinear interpolation, half-pixel centres
 * (OpenCV's cv2.resize INTER_LINEAR convention, which MiniFASNet's training pipeline used). Rows/columns
 * outside the rect are never sampled (edge pixels are replicated). Output RGBA, rounded to bytes.
 */
export function cropResize(img: RgbaImage, rect: Box, outW: number, outH: number): Uint8ClampedArray {
  const rx = Math.max(0, Math.min(img.width - 1, Math.round(rect.x)));
  const ry = Math.max(0, Math.min(img.height - 1, Math.round(rect.y)));
  const rw = Math.max(1, Math.min(img.width - rx, Math.round(rect.width)));
  const rh = Math.max(1, Math.min(img.height - ry, Math.round(rect.height)));
  const out = new Uint8ClampedArray(outW * outH * 4);
  const sx = rw / outW;
  const sy = rh / outH;
  const src = img.data;
  const stride = img.width * 4;
  for (let oy = 0; oy < outH; oy++) {
    let fy = (oy + 0.5) * sy - 0.5;
    if (fy < 0) fy = 0;
    let y0 = Math.floor(fy);
    if (y0 > rh - 1) y0 = rh - 1;
    const y1 = Math.min(y0 + 1, rh - 1);
    const wy = Math.min(1, fy - y0);
    const row0 = (ry + y0) * stride;
    const row1 = (ry + y1) * stride;
    for (let ox = 0; ox < outW; ox++) {
      let fx = (ox + 0.5) * sx - 0.5;
      if (fx < 0) fx = 0;
      let x0 = Math.floor(fx);
      if (x0 > rw - 1) x0 = rw - 1;
      const x1 = Math.min(x0 + 1, rw - 1);
      const wx = Math.min(1, fx - x0);
      const c0 = (rx + x0) * 4;
      const c1 = (rx + x1) * 4;
      const o = (oy * outW + ox) * 4;
      for (let c = 0; c < 4; c++) {
        const top = src[row0 + c0 + c]! * (1 - wx) + src[row0 + c1 + c]! * wx;
        const bottom = src[row1 + c0 + c]! * (1 - wx) + src[row1 + c1 + c]! * wx;
        out[o + c] = Math.round(top * (1 - wy) + bottom * wy);
      }
    }
  }
  return out;
}

/**
 * MiniFASNet input from a frame and an (already enlarged, clamped) anti-spoof crop rectangle:
 * bilinear resize to 80x80, BGR, raw 0..255, NCHW. Both anti-spoof models share this spec.
 */
export function antispoofInput(img: RgbaImage, cropRect: Box): Float32Array {
  const spec = MODELS.antispoofV2.input;
  const size = spec.shape[3];
  const crop = cropResize(img, cropRect, size, size);
  return tensorFromRgba({ data: crop, width: size, height: size }, spec);
}

/**
 * A square `box` of `img` (pixels; it may reach outside the frame, which comes out black) resampled to n x n RGBA
 * with bilinear interpolation and half-pixel centres: the face crops of a check-in's evidence burst.
 */
export function cropSquareRgba(img: RgbaImage, box: Box, n: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(n * n * 4);
  const { data, width, height } = img;
  const sx = box.width / n;
  const sy = box.height / n;
  for (let v = 0; v < n; v++) {
    const y = box.y + (v + 0.5) * sy - 0.5;
    const y0 = Math.floor(y);
    const fy = y - y0;
    for (let u = 0; u < n; u++) {
      const x = box.x + (u + 0.5) * sx - 0.5;
      const x0 = Math.floor(x);
      const fx = x - x0;
      const o = (v * n + u) * 4;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < 4; k++) {
        const xi = x0 + (k & 1);
        const yi = y0 + (k >> 1);
        if (xi < 0 || yi < 0 || xi >= width || yi >= height) continue;
        const w = (k & 1 ? fx : 1 - fx) * (k >> 1 ? fy : 1 - fy);
        const i = (yi * width + xi) * 4;
        r += w * data[i]!;
        g += w * data[i + 1]!;
        b += w * data[i + 2]!;
      }
      out[o] = Math.round(r);
      out[o + 1] = Math.round(g);
      out[o + 2] = Math.round(b);
      out[o + 3] = 255;
    }
  }
  return out;
}
