import { describe, expect, it } from "vitest";
import { YAW_SIGN, headPoseFromMatrix, rotationYMatrix, turnDirection } from "@/lib/face/core/pose";
import { headposeTrace } from "./real-traces";

const rad = (d: number) => (d * Math.PI) / 180;
type M3 = number[][];
const mul = (a: M3, b: M3): M3 => a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
const Rx = (d: number): M3 => [
  [1, 0, 0],
  [0, Math.cos(rad(d)), -Math.sin(rad(d))],
  [0, Math.sin(rad(d)), Math.cos(rad(d))],
];
const Ry = (d: number): M3 => [
  [Math.cos(rad(d)), 0, Math.sin(rad(d))],
  [0, 1, 0],
  [-Math.sin(rad(d)), 0, Math.cos(rad(d))],
];
const Rz = (d: number): M3 => [
  [Math.cos(rad(d)), -Math.sin(rad(d)), 0],
  [Math.sin(rad(d)), Math.cos(rad(d)), 0],
  [0, 0, 1],
];
/** Column-major 4x4 from a 3x3 rotation (times `scale`) and a translation, as MediaPipe packs it. */
function colMajor(r: M3, t = [0, 0, -40], scale = 1): number[] {
  const m: number[] = [];
  for (let c = 0; c < 3; c++) m.push(scale * r[0]![c]!, scale * r[1]![c]!, scale * r[2]![c]!, 0);
  m.push(t[0]!, t[1]!, t[2]!, 1);
  return m;
}
/** Apply a 3x3 matrix to a vector. */
const apply = (r: M3, v: number[]) => r.map((row) => row.reduce((s, x, k) => s + x * v[k]!, 0));

describe("headPoseFromMatrix", () => {
  it("is zero for the identity (a frontal face)", () => {
    expect(headPoseFromMatrix(colMajor(Ry(0)))).toEqual({ yaw: 0, pitch: 0, roll: 0 });
  });

  it("yaw: a positive rotation about +Y is the subject turning to their own left", () => {
    // canonical face model: +X = the subject's left (left eye outer corner, vertex 263, at x = +4.45),
    // +Z = out of the face towards the camera. Turning to one's own left swings the nose towards +X.
    const nose = [0, -1.13, 7.48];
    const turned = apply(Ry(30), nose);
    expect(turned[0]).toBeGreaterThan(0);
    expect(YAW_SIGN).toBe(1);
    const p = headPoseFromMatrix(colMajor(Ry(30)));
    expect(p.yaw).toBeCloseTo(30, 9);
    expect(p.pitch).toBeCloseTo(0, 9);
    expect(p.roll).toBeCloseTo(0, 9);
    expect(headPoseFromMatrix(colMajor(Ry(-25))).yaw).toBeCloseTo(-25, 9);
    expect(turnDirection(headPoseFromMatrix(colMajor(Ry(30))).yaw, 20)).toBe("left");
    expect(turnDirection(headPoseFromMatrix(colMajor(Ry(-30))).yaw, 20)).toBe("right");
  });

  it("agrees with the hand-built helper rotationYMatrix and reads column-major data", () => {
    expect(headPoseFromMatrix(rotationYMatrix(40, [1, 2, -50])).yaw).toBeCloseTo(40, 9);
    // the same numbers read as row-major would be the transpose: yaw flips sign
    const m = rotationYMatrix(40);
    const transposed = [0, 1, 2, 3].flatMap((r) => [0, 1, 2, 3].map((c) => m[c * 4 + r]!));
    expect(headPoseFromMatrix(transposed).yaw).toBeCloseTo(-40, 9);
  });

  it("pitch: positive = chin up; roll: positive = counter-clockwise in the image", () => {
    // chin up = nose towards +Y = a NEGATIVE right-handed rotation about +X
    expect(headPoseFromMatrix(colMajor(Rx(-15))).pitch).toBeCloseTo(15, 9);
    expect(headPoseFromMatrix(colMajor(Rx(10))).pitch).toBeCloseTo(-10, 9);
    expect(headPoseFromMatrix(colMajor(Rz(12))).roll).toBeCloseTo(12, 9);
  });

  it("separates combined angles (R = Ry(yaw)·Rx(−pitch)·Rz(roll)) and ignores a uniform scale", () => {
    for (const [yaw, pitch, roll] of [
      [25, 10, -5],
      [-35, -12, 8],
      [5, 20, 30],
    ] as const) {
      const r = mul(mul(Ry(yaw), Rx(-pitch)), Rz(roll));
      for (const scale of [1, 0.8, 3]) {
        const p = headPoseFromMatrix(colMajor(r, [3, -2, -60], scale));
        expect(p.yaw).toBeCloseTo(yaw, 9);
        expect(p.pitch).toBeCloseTo(pitch, 9);
        expect(p.roll).toBeCloseTo(roll, 9);
      }
    }
  });

  it("rejects malformed matrices", () => {
    expect(() => headPoseFromMatrix([1, 0, 0])).toThrow(RangeError);
    expect(() => headPoseFromMatrix(new Array(16).fill(0))).toThrow(RangeError);
    const m = rotationYMatrix(0);
    m[5] = Number.NaN;
    expect(() => headPoseFromMatrix(m)).toThrow(RangeError);
  });
});

describe("turnDirection", () => {
  it("uses a symmetric threshold", () => {
    expect(turnDirection(20, 20)).toBe("left");
    expect(turnDirection(19.9, 20)).toBeNull();
    expect(turnDirection(-20, 20)).toBe("right");
    expect(turnDirection(0, 20)).toBeNull();
    expect(turnDirection(Number.NaN, 20)).toBeNull();
    expect(() => turnDirection(10, 0)).toThrow(RangeError);
  });
});

describe("head pose on the real transformation matrices of intel_headpose_female.gif", () => {
  const trace = headposeTrace();

  it("reads MediaPipe's matrix as column-major (translation in 12..14, bottom row 0 0 0 1)", () => {
    for (const f of trace.frames) {
      expect([f.matrix[3], f.matrix[7], f.matrix[11], f.matrix[15]]).toEqual([0, 0, 0, 1]);
      expect(f.matrix[14]).toBeLessThan(0); // the face is in front of the camera, which looks down −Z
    }
  });

  it("gives positive yaw when the nose points to the image right (the subject's own left, unmirrored)", () => {
    let agree = 0;
    let strong = 0;
    const yaws: number[] = [];
    for (const f of trace.frames) {
      const [le, re, nose] = f.five;
      const off = (nose![0] - (le![0] + re![0]) / 2) / (re![0] - le![0]);
      const { yaw } = headPoseFromMatrix(f.matrix);
      yaws.push(yaw);
      if (Math.abs(off) > 0.15) {
        strong++;
        if (Math.sign(off) === Math.sign(yaw)) agree++;
        expect(turnDirection(yaw, 10)).toBe(off > 0 ? "left" : "right");
      }
    }
    expect(strong).toBeGreaterThan(10);
    expect(agree).toBe(strong);
    // she turns both ways, well past a 20° challenge threshold
    expect(Math.max(...yaws)).toBeGreaterThan(25);
    expect(Math.min(...yaws)).toBeLessThan(-25);
  });
});
