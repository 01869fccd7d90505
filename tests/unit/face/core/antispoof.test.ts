import { describe, expect, it } from "vitest";
import {
  DEFAULT_BOX_MAP,
  aggregateScores,
  mapBoxToUpstream,
  realScore,
  softmax,
  spoofCropBox,
} from "@/lib/face/core/antispoof";

describe("softmax / realScore", () => {
  it("is a probability vector, shift invariant and stable for large logits", () => {
    const p = softmax([1, 2, 3]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const e = [Math.exp(1), Math.exp(2), Math.exp(3)];
    const z = e[0]! + e[1]! + e[2]!;
    expect(p[0]).toBeCloseTo(e[0]! / z, 12);
    expect(p[2]).toBeCloseTo(e[2]! / z, 12);
    expect(Array.from(softmax([1001, 1002, 1003]))).toEqual(Array.from(p).map((x) => expect.closeTo(x, 12)));
    const big = softmax([1000, 0, -1000]);
    expect(big[0]).toBe(1);
    expect(big[2]).toBe(0);
    expect(() => softmax([])).toThrow(RangeError);
    expect(() => softmax([0, Number.NaN])).toThrow(RangeError);
  });

  it("averages the class-1 probabilities of the two models (hand-computed)", () => {
    // softmax([0,0,0])[1] = 1/3; softmax([0, ln 2, 0])[1] = 2/4
    expect(realScore([0, 0, 0], [0, Math.log(2), 0])).toBeCloseTo((1 / 3 + 1 / 2) / 2, 12);
    expect(realScore([-10, 10, -10], [-10, 10, -10])).toBeGreaterThan(0.9999);
    expect(realScore([10, -10, 10], [10, -10, 10])).toBeLessThan(1e-4);
    // class 1 is "real": swapping classes 0 and 1 changes the score
    expect(realScore([2, 0, 0], [2, 0, 0])).not.toBeCloseTo(realScore([0, 2, 0], [0, 2, 0]), 3);
    expect(() => realScore([0, 0], [0, 0, 0])).toThrow(RangeError);
  });
});

describe("spoofCropBox (upstream CropImage._get_new_box)", () => {
  it("enlarges about the centre when the box fits", () => {
    // centre 125; 50·2.7 = 135 → 57.5 .. 192.5 → int 57 .. 192 (inclusive) → 136 px
    expect(spoofCropBox({ x: 100, y: 100, width: 50, height: 50 }, 2.7, 640, 480)).toEqual({
      x: 57,
      y: 57,
      width: 136,
      height: 136,
    });
  });

  it("shifts right and down at the top-left edge (never pads)", () => {
    // centre (60, 70), 270x270: left −75 → 0, right 270; top −65 → 0, bottom 270
    expect(spoofCropBox({ x: 10, y: 20, width: 100, height: 100 }, 2.7, 640, 480)).toEqual({
      x: 0,
      y: 0,
      width: 271,
      height: 271,
    });
  });

  it("shifts left and up at the bottom-right edge, to W−1 and H−1", () => {
    // scale 4: 120x240 about (615, 430): 555..675 → 519..639; 310..550 → 239..479
    expect(spoofCropBox({ x: 600, y: 400, width: 30, height: 60 }, 4, 640, 480)).toEqual({
      x: 519,
      y: 239,
      width: 121,
      height: 241,
    });
  });

  it("uses W−1 / H−1 as the limit, not W / H", () => {
    // right = 639.5 > 639 → shifted left by 0.5: 599.5..639 → 599..639; bottom 479.5 → 439.5..479 → 439..479
    expect(spoofCropBox({ x: 600, y: 439.5, width: 39.5, height: 40 }, 1, 640, 480)).toEqual({
      x: 599,
      y: 439,
      width: 41,
      height: 41,
    });
  });

  it("limits the scale so the box fits the frame", () => {
    // scale = min(479/200, 639/200, 4) = 2.395 → 479x479 about (200, 200) → 0..479 both ways
    expect(spoofCropBox({ x: 100, y: 100, width: 200, height: 200 }, 4, 640, 480)).toEqual({
      x: 0,
      y: 0,
      width: 480,
      height: 480,
    });
    const wide = spoofCropBox({ x: 0, y: 0, width: 400, height: 100 }, 2.7, 640, 480);
    expect(wide.x).toBe(0);
    expect(wide.x + wide.width).toBeLessThanOrEqual(640);
  });

  it("truncates like Python int()", () => {
    // 10.7..30.7 → 10..30; 5.2..25.2 → 5..25
    expect(spoofCropBox({ x: 10.7, y: 5.2, width: 20, height: 20 }, 1, 100, 100)).toEqual({
      x: 10,
      y: 5,
      width: 21,
      height: 21,
    });
  });

  it("always stays inside the frame", () => {
    for (const [x, y, bw, bh, s] of [
      [-50, -30, 80, 120, 2.7],
      [600, 450, 200, 100, 4],
      [300, 200, 639, 10, 4],
      [0, 0, 1, 1, 4],
    ] as const) {
      const b = spoofCropBox({ x, y, width: bw, height: bh }, s, 640, 480);
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.y).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(640);
      expect(b.y + b.height).toBeLessThanOrEqual(480);
    }
  });

  it("rejects empty boxes and frames", () => {
    expect(() => spoofCropBox({ x: 0, y: 0, width: 0, height: 10 }, 2.7, 640, 480)).toThrow(RangeError);
    expect(() => spoofCropBox({ x: 0, y: 0, width: 10, height: 10 }, Number.NaN, 640, 480)).toThrow(RangeError);
  });
});

describe("mapBoxToUpstream", () => {
  it("is the identity by default", () => {
    const b = { x: 12, y: 34, width: 56, height: 78 };
    expect(mapBoxToUpstream(b)).toEqual(b);
    expect(DEFAULT_BOX_MAP).toEqual({ dyFrac: 0, wScale: 1, hScale: 1 });
  });

  it("moves the centre down and rescales about it (SCRFD mapping, hand-computed)", () => {
    const m = mapBoxToUpstream({ x: 100, y: 100, width: 100, height: 200 }, { dyFrac: 0.063, wScale: 1.139, hScale: 0.89 });
    // centre (150, 212.6), size 113.9 x 178
    expect(m.x).toBeCloseTo(93.05, 9);
    expect(m.y).toBeCloseTo(123.6, 9);
    expect(m.width).toBeCloseTo(113.9, 9);
    expect(m.height).toBeCloseTo(178, 9);
  });
});

describe("aggregateScores", () => {
  it("ignores a few outliers with the trimmed mean", () => {
    const live = [0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.0, 1.0];
    const r = aggregateScores(live);
    expect(r.frames).toBe(10);
    expect(r.mean).toBeCloseTo(0.82, 12);
    expect(r.median).toBeCloseTo(0.9, 12);
    expect(r.min).toBe(0);
    expect(r.trimmedMean).toBeCloseTo(0.9, 12);
    expect(r.score).toBe(r.trimmedMean);
    // a replay with two lucky frames stays low
    const replay = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.99, 0.99];
    expect(aggregateScores(replay).score).toBeCloseTo(0.1, 12);
    expect(aggregateScores(replay).mean).toBeCloseTo(0.278, 12);
  });

  it("is order independent and trims floor(trim·n) at each end", () => {
    const xs = [0.5, 0.2, 0.8, 0.4, 0.6, 0.3, 0.7];
    const a = aggregateScores(xs);
    const b = aggregateScores([...xs].reverse());
    expect(a).toEqual(b);
    // n = 7, k = 1: mean of 0.3..0.7
    expect(a.trimmedMean).toBeCloseTo(0.5, 12);
    expect(a.median).toBe(0.5);
    expect(aggregateScores([0.2, 0.4]).median).toBeCloseTo(0.3, 12);
    // fewer than 5 frames: nothing trimmed
    expect(aggregateScores([0, 1, 1]).trimmedMean).toBeCloseTo(2 / 3, 12);
    expect(aggregateScores(xs, { trim: 0 }).trimmedMean).toBeCloseTo(a.mean, 12);
  });

  it("selects the statistic by method", () => {
    const xs = [0.1, 0.5, 0.6, 0.9, 0.95];
    expect(aggregateScores(xs, { method: "median" }).score).toBe(0.6);
    expect(aggregateScores(xs, { method: "min" }).score).toBe(0.1);
    expect(aggregateScores(xs, { method: "mean" }).score).toBeCloseTo(0.61, 12);
  });

  it("returns NaN for no frames and rejects invalid scores", () => {
    const r = aggregateScores([]);
    expect(r.frames).toBe(0);
    expect(r.score).toBeNaN();
    expect(r.score >= 0).toBe(false);
    expect(() => aggregateScores([0.5, Number.NaN])).toThrow(RangeError);
    expect(() => aggregateScores([1.2])).toThrow(RangeError);
    expect(() => aggregateScores([0.5], { trim: 0.5 })).toThrow(RangeError);
  });
});
