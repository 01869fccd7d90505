import { describe, expect, it } from "vitest";
import { LEFT_EYE, RIGHT_EYE, earFromMesh, eyeAspectRatio } from "@/lib/face/core/ear";
import type { Point } from "@/lib/face/core/types";
import { blankMesh, setPx } from "./helpers";

/** An eye 10 px wide whose lids are `open` px above and below the corner line. */
function eye(open: number, x0 = 0, y0 = 0): Point[] {
  return [
    { x: x0, y: y0 }, // p1 corner
    { x: x0 + 3, y: y0 - open }, // p2 upper
    { x: x0 + 7, y: y0 - open }, // p3 upper
    { x: x0 + 10, y: y0 }, // p4 corner
    { x: x0 + 7, y: y0 + open }, // p5 lower
    { x: x0 + 3, y: y0 + open }, // p6 lower
  ];
}

describe("eyeAspectRatio", () => {
  it("matches hand-computed values", () => {
    // (|p2−p6| + |p3−p5|) / (2|p1−p4|) = (4 + 4) / 20
    expect(eyeAspectRatio(eye(2))).toBeCloseTo(0.4, 12);
    expect(eyeAspectRatio(eye(1.6, 50, 80))).toBeCloseTo(0.32, 12);
    expect(eyeAspectRatio(eye(0))).toBe(0);
  });

  it("uses Euclidean distances (tilted eye)", () => {
    // rotate the open eye by 30°: EAR is rotation invariant
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    const rotated = eye(2).map((p) => ({ x: c * p.x - s * p.y, y: s * p.x + c * p.y }));
    expect(eyeAspectRatio(rotated)).toBeCloseTo(0.4, 12);
  });

  it("weights the two lid distances equally", () => {
    const p = eye(2);
    p[2] = { x: 7, y: -4 }; // p3 higher: |p3 − p5| = 6
    expect(eyeAspectRatio(p)).toBeCloseTo((4 + 6) / 20, 12);
  });

  it("returns NaN for a zero-width eye or wrong point count", () => {
    const p = eye(2);
    p[3] = { x: 0, y: 0 };
    expect(eyeAspectRatio(p)).toBeNaN();
    expect(eyeAspectRatio(eye(2).slice(0, 5))).toBeNaN();
  });
});

describe("earFromMesh", () => {
  it("uses the Soukupová & Čech p1..p6 order of MediaPipe's eye indices", () => {
    expect(RIGHT_EYE).toEqual([33, 160, 158, 133, 153, 144]);
    expect(LEFT_EYE).toEqual([362, 385, 387, 263, 373, 380]);
  });

  it("measures each eye in pixels, not in normalised units", () => {
    const W = 1280;
    const H = 720;
    const m = blankMesh();
    // subject's right eye (image left) half-open, left eye (image right) wide open
    eye(1.6, 500, 300).forEach((p, i) => setPx(m, RIGHT_EYE[i]!, p.x, p.y, W, H));
    eye(3, 700, 300).forEach((p, i) => setPx(m, LEFT_EYE[i]!, p.x, p.y, W, H));
    const r = earFromMesh(m, W, H);
    expect(r.right).toBeCloseTo(0.32, 9);
    expect(r.left).toBeCloseTo(0.6, 9);
    expect(r.mean).toBeCloseTo(0.46, 9);
    // the same normalised landmarks read as a square frame would distort the ratio by H/W
    expect(earFromMesh(m, W, W).right).toBeCloseTo(0.32 * (W / H), 9);
  });
});
