import { describe, expect, it } from "vitest";
import jpeg from "jpeg-js";
import { cosine } from "@/lib/face/core/similarity";
import { embedAlignedCrop, embedAlignedJpeg, antispoofImage, antispoofScoreFromContext, nodeOrt } from "@/lib/face/node";

/** A deterministic, face-like-ish 112x112 RGBA pattern (no data files needed). */
function pattern(seed: number): Uint8ClampedArray {
  const d = new Uint8ClampedArray(112 * 112 * 4);
  for (let y = 0; y < 112; y++)
    for (let x = 0; x < 112; x++) {
      const i = (y * 112 + x) * 4;
      d[i] = 128 + 100 * Math.sin((x + seed) / 9);
      d[i + 1] = 128 + 90 * Math.cos((y - seed) / 7);
      d[i + 2] = (x * y + seed * 13) % 256;
      d[i + 3] = 255;
    }
  return d;
}

describe("Node face inference", () => {
  it("loads the native runtime here", async () => {
    expect((await nodeOrt("auto")).backend).toBe("native");
  });

  it("embeds to a unit vector; native and the WASM fallback agree", async () => {
    const img = pattern(3);
    const a = await embedAlignedCrop(img, "native");
    const b = await embedAlignedCrop(img, "wasm");
    expect(a.length).toBe(128);
    expect(Math.hypot(...a)).toBeCloseTo(1, 5);
    expect(cosine(a, b)).toBeGreaterThan(0.9999);
    const other = await embedAlignedCrop(pattern(40), "native");
    expect(cosine(a, other)).toBeLessThan(0.999);
  });

  it("embeds a 112x112 JPEG and rejects other sizes", async () => {
    const img = pattern(5);
    const jpg = jpeg.encode({ data: Buffer.from(img), width: 112, height: 112 }, 95).data;
    const fromJpeg = await embedAlignedJpeg(new Uint8Array(jpg));
    expect(cosine(fromJpeg, await embedAlignedCrop(img))).toBeGreaterThan(0.98);
    const small = jpeg.encode({ data: Buffer.alloc(64 * 64 * 4, 128), width: 64, height: 64 }, 90).data;
    await expect(embedAlignedJpeg(new Uint8Array(small))).rejects.toThrow(/112x112/);
    await expect(embedAlignedJpeg(new Uint8Array([1, 2, 3]))).rejects.toThrow();
  });

  it("scores anti-spoofing on a context crop in [0, 1]", async () => {
    const w = 224;
    const h = 224;
    const data = new Uint8ClampedArray(w * h * 4);
    for (let i = 0; i < w * h; i++) data.set([(i * 7) % 256, (i * 3) % 256, 90, 255], i * 4);
    const box = { x: 84, y: 80, width: 56, height: 64 };
    const detail = await antispoofImage({ data, width: w, height: h }, box);
    expect(detail.score).toBeGreaterThanOrEqual(0);
    expect(detail.score).toBeLessThanOrEqual(1);
    const jpg = jpeg.encode({ data: Buffer.from(data), width: w, height: h }, 92).data;
    const s = await antispoofScoreFromContext(new Uint8Array(jpg), box);
    expect(Math.abs(s - detail.score)).toBeLessThan(0.2);
    await expect(antispoofScoreFromContext(new Uint8Array(jpg), { x: 0, y: 0, width: 0, height: 10 })).rejects.toThrow(/face box/);
  });
});
