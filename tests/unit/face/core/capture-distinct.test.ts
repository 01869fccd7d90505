import { describe, expect, it } from "vitest";
import { CAPTURE_THUMB_SIZE, captureDifference, captureThumbnail, MIN_CAPTURE_DIFFERENCE, repeatedCapture } from "@/lib/face/core/capture-distinct";

/** An n x n RGBA image whose grey level at (x, y) is f(x, y). */
function image(n: number, f: (x: number, y: number) => number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(n * n * 4);
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) {
      const g = f(x, y);
      out.set([g, g, g, 255], (y * n + x) * 4);
    }
  return out;
}

const K = CAPTURE_THUMB_SIZE;
const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;

describe("captureThumbnail", () => {
  it("is CAPTURE_THUMB_SIZE² block means, normalised to mean 0 and variance 1", () => {
    // 64 px: each thumbnail pixel is a 2x2 block; a left/right split gives exactly −1 and +1.
    const t = captureThumbnail(image(64, (x) => (x < 32 ? 40 : 200)), 64);
    expect(t.length).toBe(K * K);
    expect(mean(t)).toBeCloseTo(0, 6);
    expect(mean(Array.from(t, (v) => v * v))).toBeCloseTo(1, 6);
    expect(t[0]).toBeCloseTo(-1, 6);
    expect(t[K - 1]).toBeCloseTo(1, 6);
  });

  it("does not change with brightness or contrast (a re-exposed copy is the same thumbnail)", () => {
    const f = (x: number, y: number) => 60 + ((x * 7 + y * 3) % 50);
    const a = captureThumbnail(image(112, f), 112);
    const b = captureThumbnail(image(112, (x, y) => 2 * f(x, y) - 50), 112);
    expect(captureDifference(a, b)).toBeLessThan(1e-5);
  });

  it("is all zeros for a flat image, and refuses a wrongly sized one", () => {
    expect(Array.from(captureThumbnail(image(112, () => 128), 112)).every((v) => v === 0)).toBe(true);
    expect(() => captureThumbnail(new Uint8ClampedArray(100), 112)).toThrow(RangeError);
    expect(() => captureThumbnail(image(16, () => 0), 16)).toThrow(RangeError);
  });
});

describe("captureDifference and repeatedCapture", () => {
  const a = Float32Array.from({ length: K * K }, (_, i) => (i % 2 ? 1 : -1));
  const near = a.map((v, i) => v + (i % 3 ? 0.01 : -0.01));
  const far = a.map((v) => -v);

  it("is the mean absolute difference; NaN when the thumbnails cannot be compared", () => {
    expect(captureDifference(a, a)).toBe(0);
    expect(captureDifference(a, far)).toBe(2);
    expect(captureDifference(a, near)).toBeCloseTo(0.01, 6);
    expect(captureDifference(a, a.subarray(1))).toBeNaN();
    expect(captureDifference([], [])).toBeNaN();
  });

  it("finds the closest earlier capture under the threshold, and none above it", () => {
    expect(MIN_CAPTURE_DIFFERENCE).toBeGreaterThan(0.01);
    const earlier = [
      { pose: "frontal", thumbnail: far },
      { pose: "left", thumbnail: near },
    ];
    expect(repeatedCapture(a, earlier)).toEqual({ capture: earlier[1], difference: captureDifference(a, near) });
    expect(repeatedCapture(a, [{ pose: "frontal", thumbnail: far }])).toBeNull();
    expect(repeatedCapture(a, [])).toBeNull();
    expect(repeatedCapture(a, [{ pose: "left", thumbnail: a.subarray(1) }])).toBeNull();
  });
});
