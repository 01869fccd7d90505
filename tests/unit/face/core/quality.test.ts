import { describe, expect, it } from "vitest";
import {
  QUALITY_ISSUE_ORDER,
  assessQuality,
  cropRgba,
  defaultQualityOptions,
  faceBoxFromLandmarks,
  laplacianVariance,
  meanLuma,
  qualityMessages,
  toGray,
} from "@/lib/face/core/quality";

const W = 640;
const H = 480;
const goodBox = { x: 240, y: 140, width: 160, height: 200 };
const good = { faces: 1, box: goodBox, frameWidth: W, frameHeight: H, luma: 120, sharpness: 80, yaw: 3, pitch: -4 };

function rgbaOf(pixels: [number, number, number][]): Uint8ClampedArray {
  return new Uint8ClampedArray(pixels.flatMap(([r, g, b]) => [r, g, b, 255]));
}

describe("measures", () => {
  it("converts to grey with Rec. 601 weights and averages luma", () => {
    const img = rgbaOf([
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255],
      [100, 100, 100],
    ]);
    const g = toGray(img);
    expect(g[0]).toBeCloseTo(76.245, 3);
    expect(g[1]).toBeCloseTo(149.685, 3);
    expect(g[2]).toBeCloseTo(29.07, 3);
    expect(g[3]).toBeCloseTo(100, 3);
    expect(meanLuma(img)).toBeCloseTo((76.245 + 149.685 + 29.07 + 100) / 4, 3);
    expect(meanLuma(new Uint8ClampedArray(0))).toBeNaN();
  });

  it("computes the variance of the Laplacian (hand-computed) and ranks sharp above blurred", () => {
    // 3x3 with a single bright centre: one interior pixel, variance of a single value = 0
    expect(laplacianVariance(new Float32Array([0, 0, 0, 0, 9, 0, 0, 0, 0]), 3, 3)).toBe(0);
    // 4x3: interior pixels (1,1) and (2,1); image rows [0 0 0 0; 0 8 0 0; 0 0 0 0]
    // L(1,1) = 0+0+0+0 − 32 = −32, L(2,1) = 0+0+8+0 − 0 = 8 → mean −12, variance ((−20)² + 20²)/2 = 400
    expect(laplacianVariance(new Float32Array([0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0]), 4, 3)).toBeCloseTo(400, 9);
    // flat and linear ramps have zero Laplacian
    const ramp = new Float32Array(100).map((_, i) => (i % 10) * 7 + Math.floor(i / 10) * 3);
    expect(laplacianVariance(ramp, 10, 10)).toBeCloseTo(0, 9);
    // checkerboard vs its 3x3 box blur
    const n = 32;
    const check = new Float32Array(n * n).map((_, i) => (((i % n) + Math.floor(i / n)) % 2) * 255);
    const blur = new Float32Array(n * n);
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        let s = 0;
        let c = 0;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const xx = x + dx;
            const yy = y + dy;
            if (xx >= 0 && yy >= 0 && xx < n && yy < n) {
              s += check[yy * n + xx]!;
              c++;
            }
          }
        }
        blur[y * n + x] = s / c;
      }
    }
    expect(laplacianVariance(check, n, n)).toBeGreaterThan(10 * laplacianVariance(blur, n, n));
    expect(() => laplacianVariance(check, n + 1, n)).toThrow(RangeError);
  });

  it("boxes the landmarks in pixels without clipping", () => {
    const b = faceBoxFromLandmarks(
      [
        { x: 0.25, y: 0.5, z: 0 },
        { x: 0.75, y: 0.25, z: 0 },
        { x: 0.5, y: 1.1, z: 0 },
      ],
      W,
      H,
    );
    expect(b).toEqual({ x: 160, y: 120, width: 320, height: 408 });
  });

  it("crops RGBA regions, clipped to the image", () => {
    const img = new Uint8ClampedArray(4 * 3 * 4).map((_, i) => i);
    const c = cropRgba(img, 4, 3, { x: 1, y: 1, width: 2, height: 5 });
    expect(c.width).toBe(2);
    expect(c.height).toBe(2);
    expect(Array.from(c.data.subarray(0, 4))).toEqual([20, 21, 22, 23]);
    expect(Array.from(c.data.subarray(12, 16))).toEqual([40, 41, 42, 43]);
  });
});

describe("assessQuality", () => {
  it("accepts a good capture", () => {
    expect(assessQuality(good)).toEqual({ ok: true, issues: [] });
  });

  it("flags each problem on its own", () => {
    const cases: [Partial<typeof good> & { box?: typeof goodBox }, string][] = [
      [{ faces: 0 }, "no-face"],
      [{ faces: 2 }, "many-faces"],
      [{ box: { x: 300, y: 220, width: 60, height: 70 } }, "too-small"],
      [{ box: { x: 100, y: 20, width: 440, height: 440 } }, "too-large"],
      [{ box: { x: 40, y: 140, width: 160, height: 200 } }, "off-centre"],
      [{ box: { x: 240, y: -60, width: 160, height: 200 } }, "off-centre"],
      [{ luma: 20 }, "too-dark"],
      [{ luma: 240 }, "too-bright"],
      [{ sharpness: 3 }, "blurry"],
      [{ yaw: 35 }, "not-frontal"],
      [{ pitch: -30 }, "not-frontal"],
    ];
    for (const [change, issue] of cases) {
      expect(assessQuality({ ...good, ...change })).toEqual({ ok: false, issues: [issue] });
    }
  });

  it("reports a cut-off face as off-centre even when its centre is near the middle", () => {
    const r = assessQuality({ ...good, box: { x: 240, y: 300, width: 160, height: 200 } }, { maxCentreOffset: 0.4 });
    expect(r.issues).toEqual(["off-centre"]);
  });

  it("stops at no-face / many-faces and needs a box for one face", () => {
    expect(assessQuality({ ...good, faces: 0, luma: 5 }).issues).toEqual(["no-face"]);
    expect(assessQuality({ ...good, faces: 3, sharpness: 0 }).issues).toEqual(["many-faces"]);
    const { box: _box, ...noBox } = good;
    expect(assessQuality(noBox).issues).toEqual(["no-face"]);
  });

  it("lists several issues in fix-first order and skips measures not given", () => {
    const r = assessQuality({ ...good, box: { x: 10, y: 10, width: 50, height: 60 }, luma: 10, sharpness: 1, yaw: 40 });
    expect(r.issues).toEqual(["too-dark", "too-small", "off-centre", "not-frontal", "blurry"]);
    expect(assessQuality({ faces: 1, box: goodBox, frameWidth: W, frameHeight: H }).ok).toBe(true);
    expect(assessQuality({ ...good, luma: Number.NaN }).issues).toEqual(["too-dark"]);
  });

  it("honours options and has a message for every issue", () => {
    expect(assessQuality({ ...good, sharpness: 30 }, { minSharpness: 50 }).issues).toEqual(["blurry"]);
    expect(defaultQualityOptions.minFaceFrac).toBeLessThan(defaultQualityOptions.maxFaceFrac);
    for (const i of QUALITY_ISSUE_ORDER) expect(qualityMessages[i].length).toBeGreaterThan(10);
  });
});
