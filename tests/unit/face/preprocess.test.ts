import { describe, expect, it } from "vitest";
import { antispoofInput, cropResize, embeddingInput, tensorFromRgba } from "@/lib/face/preprocess";
import { IMAGENET_MEAN, IMAGENET_STD, MODELS } from "@/lib/face/models";

function solid(w: number, h: number, rgba: [number, number, number, number]) {
  const d = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < w * h; i++) d.set(rgba, i * 4);
  return { data: d, width: w, height: h };
}

describe("embeddingInput", () => {
  it("is NCHW RGB with ImageNet mean/std", () => {
    const img = solid(112, 112, [255, 128, 0, 255]);
    img.data.set([10, 20, 30, 255], (5 * 112 + 7) * 4); // pixel (x=7, y=5)
    const t = embeddingInput(img.data);
    expect(t.length).toBe(3 * 112 * 112);
    const plane = 112 * 112;
    expect(t[0]).toBeCloseTo((1 - IMAGENET_MEAN[0]) / IMAGENET_STD[0], 6);
    expect(t[plane]).toBeCloseTo((128 / 255 - IMAGENET_MEAN[1]) / IMAGENET_STD[1], 6);
    expect(t[2 * plane]).toBeCloseTo((0 - IMAGENET_MEAN[2]) / IMAGENET_STD[2], 6);
    const i = 5 * 112 + 7;
    expect(t[i]).toBeCloseTo((10 / 255 - IMAGENET_MEAN[0]) / IMAGENET_STD[0], 6);
    expect(t[plane + i]).toBeCloseTo((20 / 255 - IMAGENET_MEAN[1]) / IMAGENET_STD[1], 6);
    expect(t[2 * plane + i]).toBeCloseTo((30 / 255 - IMAGENET_MEAN[2]) / IMAGENET_STD[2], 6);
  });

  it("rejects a crop of the wrong size", () => {
    expect(() => embeddingInput(new Uint8ClampedArray(100 * 100 * 4))).toThrow(/112x112/);
  });
});

describe("antispoofInput", () => {
  it("is BGR raw 0..255, 80x80", () => {
    const img = solid(200, 100, [200, 100, 50, 255]);
    const t = antispoofInput(img, { x: 10, y: 10, width: 50, height: 50 });
    const plane = 80 * 80;
    expect(t.length).toBe(3 * plane);
    expect(t[0]).toBe(50); // B first
    expect(t[plane]).toBe(100);
    expect(t[2 * plane]).toBe(200);
  });

  it("samples only inside the crop rectangle", () => {
    const img = solid(100, 100, [0, 0, 0, 255]);
    // White square exactly at the crop rectangle; black everywhere else.
    for (let y = 20; y < 60; y++) for (let x = 30; x < 70; x++) img.data.set([255, 255, 255, 255], (y * 100 + x) * 4);
    const t = antispoofInput(img, { x: 30, y: 20, width: 40, height: 40 });
    expect(Math.min(...t)).toBe(255);
  });
});

describe("cropResize (cv2 INTER_LINEAR convention)", () => {
  it("upsamples a 2x1 gradient with half-pixel centres", () => {
    const img = { data: new Uint8ClampedArray([0, 0, 0, 255, 100, 100, 100, 255]), width: 2, height: 1 };
    const out = cropResize(img, { x: 0, y: 0, width: 2, height: 1 }, 4, 1);
    // cv2.resize([[0,100]], (4,1)) → [0, 25, 75, 100]
    expect([out[0], out[4], out[8], out[12]]).toEqual([0, 25, 75, 100]);
  });

  it("downsamples 4x4 → 2x2 by averaging 2x2 blocks (bilinear at the block centre)", () => {
    const vals = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150];
    const d = new Uint8ClampedArray(16 * 4);
    vals.forEach((v, i) => d.set([v, v, v, 255], i * 4));
    const out = cropResize({ data: d, width: 4, height: 4 }, { x: 0, y: 0, width: 4, height: 4 }, 2, 2);
    expect([out[0], out[4], out[8], out[12]]).toEqual([25, 45, 105, 125]);
  });

  it("identity when sizes match", () => {
    const d = new Uint8ClampedArray(9 * 4).map((_, i) => (i * 7) % 256);
    const out = cropResize({ data: d, width: 3, height: 3 }, { x: 0, y: 0, width: 3, height: 3 }, 3, 3);
    expect(Array.from(out)).toEqual(Array.from(d));
  });
});

describe("tensorFromRgba", () => {
  it("uses the registry spec for the anti-spoof models", () => {
    expect(MODELS.antispoofV1se.input.colourOrder).toBe("BGR");
    const t = tensorFromRgba(solid(80, 80, [1, 2, 3, 255]), MODELS.antispoofV1se.input);
    expect([t[0], t[6400], t[12800]]).toEqual([3, 2, 1]);
  });
});
