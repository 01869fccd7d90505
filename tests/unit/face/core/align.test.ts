import { describe, expect, it } from "vitest";
import {
  ARCFACE_112,
  AlignmentError,
  alignmentFor,
  applySimilarity,
  fivePointsFromMesh,
  invertSimilarity,
  similarityRotationDeg,
  similarityScale,
  umeyama,
  warpToTemplate,
  type Similarity,
} from "@/lib/face/core/align";
import type { Point } from "@/lib/face/core/types";
import { blankMesh, setPx } from "./helpers";
import { headposeTrace } from "./real-traces";

const deg = (d: number) => (d * Math.PI) / 180;
const simFrom = (scale: number, angleDeg: number, tx: number, ty: number): Similarity => ({
  a: scale * Math.cos(deg(angleDeg)),
  b: scale * Math.sin(deg(angleDeg)),
  tx,
  ty,
});
const template = [...ARCFACE_112];

function expectSim(s: Similarity, e: Similarity, digits = 9): void {
  expect(s.a).toBeCloseTo(e.a, digits);
  expect(s.b).toBeCloseTo(e.b, digits);
  expect(s.tx).toBeCloseTo(e.tx, digits);
  expect(s.ty).toBeCloseTo(e.ty, digits);
}

function residual(s: Similarity, src: Point[], dst: Point[]): number {
  return src.reduce((acc, p, i) => {
    const q = applySimilarity(s, p);
    return acc + (q.x - dst[i]!.x) ** 2 + (q.y - dst[i]!.y) ** 2;
  }, 0);
}

describe("ARCFACE_112", () => {
  it("is the standard template", () => {
    expect(template.map((p) => [p.x, p.y])).toEqual([
      [38.2946, 51.6963],
      [73.5318, 51.5014],
      [56.0252, 71.7366],
      [41.5493, 92.3655],
      [70.7299, 92.2041],
    ]);
  });
});

describe("umeyama", () => {
  it("solves a hand-computed 3-point case (scale 2, rotation 90°, translation (2,3))", () => {
    const src = [
      { x: 0, y: 0 },
      { x: 1, y: 0 },
      { x: 0, y: 1 },
    ];
    // x' = a·x − b·y + tx with a = 0, b = 2: (1,0) → (2,5), (0,1) → (0,3)
    const dst = [
      { x: 2, y: 3 },
      { x: 2, y: 5 },
      { x: 0, y: 3 },
    ];
    expectSim(umeyama(src, dst), { a: 0, b: 2, tx: 2, ty: 3 });
  });

  it("recovers a pure rotation about the origin", () => {
    const s = simFrom(1, 30, 0, 0);
    const dst = template.map((p) => applySimilarity(s, p));
    const fit = umeyama(template, dst);
    expectSim(fit, s);
    expect(similarityRotationDeg(fit)).toBeCloseTo(30, 9);
    expect(similarityScale(fit)).toBeCloseTo(1, 12);
  });

  it("recovers a pure scale", () => {
    const dst = template.map((p) => ({ x: 2.5 * p.x, y: 2.5 * p.y }));
    expectSim(umeyama(template, dst), { a: 2.5, b: 0, tx: 0, ty: 0 });
  });

  it("recovers a pure translation", () => {
    const dst = template.map((p) => ({ x: p.x + 17, y: p.y - 4.25 }));
    expectSim(umeyama(template, dst), { a: 1, b: 0, tx: 17, ty: -4.25 });
  });

  it("recovers a combined similarity and its inverse from transformed template points", () => {
    // a face in a 640x480 frame: 3.1x larger, rolled −12°, placed at (250, 140)
    const s = simFrom(3.1, -12, 250, 140);
    const facePts = template.map((p) => applySimilarity(s, p));
    expectSim(umeyama(template, facePts), s);
    // what the pipeline fits: frame points → template
    const toTemplate = umeyama(facePts, template);
    expectSim(toTemplate, invertSimilarity(s));
    for (const [i, p] of facePts.entries()) {
      const q = applySimilarity(toTemplate, p);
      expect(q.x).toBeCloseTo(template[i]!.x, 9);
      expect(q.y).toBeCloseTo(template[i]!.y, 9);
    }
  });

  it("is the least-squares optimum for noisy points (no small change of a parameter lowers the residual)", () => {
    const s = simFrom(2, 20, 100, 50);
    const noise = [
      [0.8, -1.1],
      [-0.6, 0.4],
      [1.3, 0.2],
      [-0.9, -0.7],
      [0.1, 1.2],
    ];
    const dst = template.map((p, i) => {
      const q = applySimilarity(s, p);
      return { x: q.x + noise[i]![0]!, y: q.y + noise[i]![1]! };
    });
    const fit = umeyama(template, dst);
    const r0 = residual(fit, template, dst);
    expect(r0).toBeGreaterThan(0);
    for (const key of ["a", "b", "tx", "ty"] as const) {
      for (const eps of [1e-3, -1e-3]) {
        expect(residual({ ...fit, [key]: fit[key] + eps }, template, dst)).toBeGreaterThan(r0);
      }
    }
    // and it is close to the truth
    expect(similarityScale(fit)).toBeCloseTo(2, 1);
    expect(Math.abs(similarityRotationDeg(fit) - 20)).toBeLessThan(1.5);
  });

  it("rejects mirrored input (the best fit would need a reflection)", () => {
    const s = simFrom(3, 5, 300, 200);
    const mirrored = template.map((p) => applySimilarity(s, { x: 112 - p.x, y: p.y }));
    expect(() => umeyama(mirrored, template)).toThrow(AlignmentError);
    try {
      umeyama(mirrored, template);
    } catch (e) {
      expect((e as AlignmentError).code).toBe("mirrored");
    }
    // an upside-down face is a rotation (180°), not a mirror: accepted
    const flipped = template.map((p) => ({ x: -p.x, y: -p.y }));
    expect(similarityRotationDeg(umeyama(flipped, template))).toBeCloseTo(180, 6);
  });

  it("rejects degenerate input", () => {
    const same = template.map(() => ({ x: 5, y: 5 }));
    const line = template.map((p) => ({ x: p.x, y: 2 * p.x + 1 }));
    const cases: [Point[], Point[]][] = [
      [same, template],
      [template, same],
      [line, template],
      [template.slice(0, 4), template],
      [template.slice(0, 2), template.slice(0, 2)],
      [[...template.slice(0, 4), { x: Number.NaN, y: 0 }], template],
    ];
    for (const [src, dst] of cases) {
      expect(() => umeyama(src, dst)).toThrow(AlignmentError);
      try {
        umeyama(src, dst);
      } catch (e) {
        expect((e as AlignmentError).code).toBe("degenerate");
      }
    }
  });
});

describe("invertSimilarity / applySimilarity", () => {
  it("round-trips points", () => {
    const s = simFrom(0.37, 123, -40, 17);
    const inv = invertSimilarity(s);
    for (const p of template) {
      const q = applySimilarity(inv, applySimilarity(s, p));
      expect(q.x).toBeCloseTo(p.x, 10);
      expect(q.y).toBeCloseTo(p.y, 10);
    }
    expectSim(invertSimilarity(inv), s);
  });
  it("refuses a zero-scale transform", () => {
    expect(() => invertSimilarity({ a: 0, b: 0, tx: 1, ty: 1 })).toThrow(AlignmentError);
  });
});

describe("fivePointsFromMesh / alignmentFor", () => {
  const W = 640;
  const H = 480;
  /** A mesh whose five alignment points are `pts` (image left eye, right eye, nose, left mouth, right mouth). */
  function meshWith(pts: Point[]) {
    const m = blankMesh();
    const [le, re, n, lm, rm] = pts as [Point, Point, Point, Point, Point];
    // eye corners whose midpoints are the eye points, and iris centres off them (the alignment must ignore the irises)
    setPx(m, 33, le.x - 9, le.y + 1, W, H);
    setPx(m, 133, le.x + 9, le.y - 1, W, H);
    setPx(m, 362, re.x - 8, re.y + 2, W, H);
    setPx(m, 263, re.x + 8, re.y - 2, W, H);
    setPx(m, 468, le.x + 3, le.y - 2, W, H);
    setPx(m, 473, re.x - 4, re.y + 1, W, H);
    setPx(m, 1, n.x, n.y, W, H);
    setPx(m, 61, lm.x, lm.y, W, H);
    setPx(m, 291, rm.x, rm.y, W, H);
    return m;
  }

  it("returns pixel points in image left-to-right order from the MediaPipe indices", () => {
    const pts = [
      { x: 280, y: 200 },
      { x: 360, y: 198 },
      { x: 320, y: 240 },
      { x: 290, y: 280 },
      { x: 352, y: 279 },
    ];
    const got = fivePointsFromMesh(meshWith(pts), W, H);
    for (const [i, p] of pts.entries()) {
      expect(got[i]!.x).toBeCloseTo(p.x, 9);
      expect(got[i]!.y).toBeCloseTo(p.y, 9);
    }
  });

  it("aligns an unmirrored synthetic face onto the template", () => {
    const s = simFrom(2.2, 8, 180, 90);
    const face = template.map((p) => applySimilarity(s, p));
    const fit = alignmentFor(meshWith(face), W, H);
    expectSim(fit, invertSimilarity(s), 6);
  });

  it("rejects the same face in a mirrored frame", () => {
    const s = simFrom(2.2, 8, 180, 90);
    const face = template.map((p) => applySimilarity(s, p));
    const mesh = meshWith(face).map((l) => ({ ...l, x: 1 - l.x }));
    expect(() => alignmentFor(mesh, W, H)).toThrow(/reflection/);
  });

  it("needs only the 468-point mesh (no iris points), and says which landmark is missing", () => {
    expect(() => fivePointsFromMesh(blankMesh(300), W, H)).toThrow(/landmark 362 missing/);
    const pts = template.map((p) => ({ x: p.x + 200, y: p.y + 100 }));
    expect(fivePointsFromMesh(meshWith(pts).slice(0, 468), W, H)[0]!.x).toBeCloseTo(pts[0]!.x, 9);
  });
});

describe("warpToTemplate", () => {
  // 8x6 test image: R = 10·x, G = 20·y, B = 7, A = 99
  const w = 8;
  const h = 6;
  const img = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 4;
      img[o] = 10 * x;
      img[o + 1] = 20 * y;
      img[o + 2] = 7;
      img[o + 3] = 99;
    }
  }
  const at = (out: Uint8ClampedArray, size: number, u: number, v: number) =>
    Array.from(out.subarray((v * size + u) * 4, (v * size + u) * 4 + 4));

  it("copies the image under the identity and paints outside black, alpha opaque", () => {
    const out = warpToTemplate(img, w, h, { a: 1, b: 0, tx: 0, ty: 0 }, 10);
    expect(out.length).toBe(10 * 10 * 4);
    expect(at(out, 10, 3, 2)).toEqual([30, 40, 7, 255]);
    expect(at(out, 10, 7, 5)).toEqual([70, 100, 7, 255]);
    expect(at(out, 10, 9, 0)).toEqual([0, 0, 0, 255]); // x = 9 is outside the 8-wide image
    expect(at(out, 10, 0, 8)).toEqual([0, 0, 0, 255]);
  });

  it("shifts by a whole-pixel translation", () => {
    // the transform maps source → output; output (u, v) samples source (u − 2, v + 1)
    const out = warpToTemplate(img, w, h, { a: 1, b: 0, tx: 2, ty: -1 }, 8);
    expect(at(out, 8, 2, 0)).toEqual([0, 20, 7, 255]);
    expect(at(out, 8, 5, 3)).toEqual([30, 80, 7, 255]);
    expect(at(out, 8, 1, 3)).toEqual([0, 0, 0, 255]); // source x = −1
  });

  it("interpolates bilinearly at half pixels", () => {
    // output (u, v) samples source (u + 0.5, v + 0.5): mean of 4 neighbours
    const out = warpToTemplate(img, w, h, { a: 1, b: 0, tx: -0.5, ty: -0.5 }, 8);
    expect(at(out, 8, 2, 1)).toEqual([25, 30, 7, 255]);
    // at the last column the right neighbours are outside: blended with black as cv2 BORDER_CONSTANT 0
    // source (7.5, 1.5): R = (70·2 + 0·2)/4 = 35, G = (20+40)/2·½ = 15, B = 7·½ = 3.5 → 4 (rounded)
    expect(at(out, 8, 7, 1)).toEqual([35, 15, 4, 255]);
  });

  it("upsamples by a scale of 2", () => {
    // output (u, v) samples source (u/2, v/2)
    const out = warpToTemplate(img, w, h, { a: 2, b: 0, tx: 0, ty: 0 }, 12);
    expect(at(out, 12, 5, 3)).toEqual([25, 30, 7, 255]);
    expect(at(out, 12, 4, 6)).toEqual([20, 60, 7, 255]);
  });

  it("rotates by 90° exactly", () => {
    // x' = −y + 5, y' = x: output (u, v) samples source (v, 5 − u)
    const out = warpToTemplate(img, w, h, { a: 0, b: 1, tx: 5, ty: 0 }, 6);
    expect(at(out, 6, 0, 3)).toEqual([30, 100, 7, 255]);
    expect(at(out, 6, 4, 7 - 2)).toEqual([50, 20, 7, 255]);
  });

  it("matches a straightforward bilinear reference everywhere, edges included", () => {
    const W2 = 23;
    const H2 = 17;
    const src = new Uint8ClampedArray(W2 * H2 * 4).map((_, i) => (i * 37 + (i >> 2) * 11) % 256);
    const s = simFrom(1.7, 23, -4.3, 2.1);
    const out = warpToTemplate(src, W2, H2, s, 40);
    const inv = invertSimilarity(s);
    const get = (x: number, y: number, c: number) => (x < 0 || y < 0 || x >= W2 || y >= H2 ? 0 : src[(y * W2 + x) * 4 + c]!);
    let inside = 0;
    for (let v = 0; v < 40; v++) {
      for (let u = 0; u < 40; u++) {
        const p = applySimilarity(inv, { x: u, y: v });
        const x0 = Math.floor(p.x);
        const y0 = Math.floor(p.y);
        const fx = p.x - x0;
        const fy = p.y - y0;
        if (x0 >= 0 && y0 >= 0 && x0 < W2 - 1 && y0 < H2 - 1) inside++;
        for (let c = 0; c < 3; c++) {
          const ref =
            get(x0, y0, c) * (1 - fx) * (1 - fy) +
            get(x0 + 1, y0, c) * fx * (1 - fy) +
            get(x0, y0 + 1, c) * (1 - fx) * fy +
            get(x0 + 1, y0 + 1, c) * fx * fy;
          expect(Math.abs(out[(v * 40 + u) * 4 + c]! - ref)).toBeLessThanOrEqual(0.5 + 1e-9);
        }
      }
    }
    expect(inside).toBeGreaterThan(100); // both the interior and the border paths were exercised
    expect(inside).toBeLessThan(1600);
  });

  it("validates its input", () => {
    expect(() => warpToTemplate(img, w + 1, h, { a: 1, b: 0, tx: 0, ty: 0 })).toThrow(RangeError);
    expect(() => warpToTemplate(img, w, h, { a: 0, b: 0, tx: 0, ty: 0 })).toThrow(AlignmentError);
  });
});

describe("alignment on the real five landmarks of intel_headpose_female.gif", () => {
  const trace = headposeTrace();

  it("aligns every frame without a reflection (landmark order is image left-to-right)", () => {
    for (const f of trace.frames) {
      const pts = f.five.map(([x, y]) => ({ x, y }));
      expect(pts[0]!.x).toBeLessThan(pts[1]!.x);
      expect(() => umeyama(pts, ARCFACE_112)).not.toThrow();
    }
  });
});
