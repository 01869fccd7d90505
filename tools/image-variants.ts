// One image sent again as a different-looking one: moved, scaled, re-encoded (enrolment's repeat check,
// lib/face/core/capture-distinct.ts: scripts/eval-capture-distinct.ts measures it, the enrolment suite attacks with it).
import jpeg from "jpeg-js";
import type { FaceBox } from "@/lib/checkin/payload";
import type { RgbaImage } from "@/lib/face/preprocess";
import { decodeJpegRgba } from "@/lib/face/node/jpeg";
import type { FaceSample } from "@/tools/faces";

/** One image moved by (dx, dy) px and scaled by s about its centre (bilinear, edges repeated), the box with it. */
export function shiftedScaled(img: RgbaImage, box: FaceBox, v: { dx: number; dy: number; s: number }): { img: RgbaImage; box: FaceBox } {
  const { width: w, height: h, data: src } = img;
  const out = new Uint8ClampedArray(w * h * 4);
  const cx = w / 2;
  const cy = h / 2;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const fx = Math.min(w - 1, Math.max(0, (x + 0.5 - cx - v.dx) / v.s + cx - 0.5));
      const fy = Math.min(h - 1, Math.max(0, (y + 0.5 - cy - v.dy) / v.s + cy - 0.5));
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      const x1 = Math.min(w - 1, x0 + 1);
      const y1 = Math.min(h - 1, y0 + 1);
      const wx = fx - x0;
      const wy = fy - y0;
      for (let c = 0; c < 4; c++) {
        const p = (yy: number, xx: number) => src[(yy * w + xx) * 4 + c]!;
        out[(y * w + x) * 4 + c] = (1 - wy) * ((1 - wx) * p(y0, x0) + wx * p(y0, x1)) + wy * ((1 - wx) * p(y1, x0) + wx * p(y1, x1));
      }
    }
  const map = (px: number, c: number, d: number) => (px - c) * v.s + c + d;
  return {
    img: { data: out, width: w, height: h },
    box: { x: map(box.x, cx, v.dx), y: map(box.y, cy, v.dy), width: box.width * v.s, height: box.height * v.s },
  };
}

export const encodeJpeg = (img: RgbaImage, q: number) =>
  new Uint8Array(jpeg.encode({ data: Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength), width: img.width, height: img.height }, q).data);

/** The image after a JPEG round trip at quality q. */
export const reencode = async (img: RgbaImage, q: number) => decodeJpegRgba(encodeJpeg(img, q));

/** A capture's photo (context crop) sent again moved, scaled and re-encoded, its face box moved with it. */
export async function resentSample(s: FaceSample, v: { dx: number; dy: number; s: number; q: number }): Promise<FaceSample> {
  const t = shiftedScaled(await decodeJpegRgba(s.contextJpeg), s.faceBox, v);
  return { ...s, contextJpeg: encodeJpeg(t.img, v.q), faceBox: t.box };
}
