/**
 * Head pose from the 478-point mesh alone (no MediaPipe graph): what the server uses to measure yaw on the frames a
 * client sends, so that it never has to trust the client's facialTransformationMatrix.
 *
 * MediaPipe's face geometry pipeline (tasks/cc/vision/face_geometry/libs/geometry_pipeline.cc) fits its canonical
 * face model to the screen landmarks by a weighted orthogonal Procrustes problem over 33 "basis" landmarks, after
 * flipping y (origin top-left → +Y up) and negating z (ChangeHandedness). The basis ids, weights and canonical
 * vertices below are copied from `geometry_pipeline_metadata_landmarks.binarypb` inside the shipped
 * `public/models/face_landmarker.task` (tests/unit/face/core/face-geometry.test.ts re-reads them from the file).
 *
 * Difference from MediaPipe: it unprojects x, y with the perspective camera (63° vertical field of view) in a
 * second iteration; here the fit is weak-perspective (the points are used as they are, in pixels, with z in the
 * same units as x). The rotation then differs by the angle the face subtends off the camera axis — a few degrees
 * at most for a face near the middle of a webcam frame; the agreement with the browser's yaw on the dev clips is
 * measured by scripts/parity-server-landmarks.ts (lib/face/README.md).
 */
import { headPoseFromMatrix, type HeadPose } from "./pose";
import type { Landmark } from "./types";

/** [landmark id, weight, canonical x, y, z (cm)] of MediaPipe's Procrustes basis. */
export const PROCRUSTES_BASIS: readonly (readonly [number, number, number, number, number])[] = [
  [4, 0.0709099397, 0, -0.463169992, 7.5865798],
  [6, 0.0321001448, 0, 2.47325492, 5.78862715],
  [10, 0.00844655093, 0, 8.26177788, 4.48153496],
  [33, 0.0587241687, -4.44585896, 2.66399097, 3.1734221],
  [54, 0.00766708003, -6.27933121, 6.61542702, 1.42585003],
  [67, 0.00907805935, -3.52396393, 8.00597572, 3.72916293],
  [117, 0.00979193766, -5.25865889, 0.945810974, 2.97431207],
  [119, 0.0145653682, -3.30068111, 0.86164099, 3.8727839],
  [121, 0.0185913611, -1.82073104, 1.46795404, 4.22412395],
  [127, 0.00519799441, -7.74309492, 2.36499906, -2.00516701],
  [129, 0.120625205, -1.78579402, -0.978284001, 4.85047007],
  [132, 0.00556001859, -7.270895, -2.89091706, -2.252455],
  [133, 0.0532861836, -1.85643196, 2.58524489, 3.75790405],
  [136, 0.0668904558, -5.08527613, -7.17858982, 0.71471101],
  [143, 0.0148165477, -6.40757084, 2.23602104, 1.56084299],
  [147, 0.0142628336, -6.23488283, -1.94442999, 1.66354203],
  [198, 0.0254621916, -1.24681497, 0.230296999, 5.681036],
  [205, 0.0472522788, -3.83292794, -1.53732598, 4.13773108],
  [263, 0.0587241687, 4.44585896, 2.66399097, 3.1734221],
  [284, 0.00766708003, 6.27933121, 6.61542702, 1.42585003],
  [297, 0.00907805935, 3.52396393, 8.00597572, 3.72916293],
  [346, 0.00979193766, 5.25865889, 0.945810974, 2.97431207],
  [348, 0.0145653682, 3.30068111, 0.86164099, 3.8727839],
  [350, 0.0185913611, 1.82073104, 1.46795404, 4.22412395],
  [356, 0.00519799441, 7.74309492, 2.36499906, -2.00516701],
  [358, 0.120625205, 1.78579402, -0.978284001, 4.85047007],
  [361, 0.00556001859, 7.270895, -2.89091706, -2.252455],
  [362, 0.0532861836, 1.85643196, 2.58524489, 3.75790405],
  [365, 0.0668904558, 5.08527613, -7.17858982, 0.71471101],
  [372, 0.0148165477, 6.40757084, 2.23602104, 1.56084299],
  [376, 0.0142628336, 6.23488283, -1.94442999, 1.66354203],
  [420, 0.0254621916, 1.24681497, 0.230296999, 5.681036],
  [425, 0.0472522788, 3.83292794, -1.53732598, 4.13773108],
];

type Vec3 = [number, number, number];
type Mat3 = [Vec3, Vec3, Vec3];

/** Eigenvector of the largest eigenvalue of a symmetric 4x4 matrix (cyclic Jacobi). */
function topEigenvector4(a: number[][]): number[] {
  const n = 4;
  const m = a.map((r) => r.slice());
  const v: number[][] = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j): number => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p]![q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q]![q]! - m[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k]![p]!;
          const mkq = m[k]![q]!;
          m[k]![p] = c * mkp - s * mkq;
          m[k]![q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p]![k]!;
          const mqk = m[q]![k]!;
          m[p]![k] = c * mpk - s * mqk;
          m[q]![k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i < n; i++) if (m[i]![i]! > m[best]![best]!) best = i;
  return v.map((row) => row[best]!);
}

/**
 * Rotation R minimising Σ wᵢ‖s·R·srcᵢ + t − dstᵢ‖² (Horn's quaternion method, weighted centroids). Rows of the
 * returned matrix are R's rows.
 */
export function weightedRotation(src: readonly Vec3[], dst: readonly Vec3[], w: readonly number[]): Mat3 {
  if (src.length !== dst.length || src.length !== w.length || src.length < 3) throw new RangeError("weightedRotation: need ≥ 3 matched points");
  const W = w.reduce((s, x) => s + x, 0);
  const cs = [0, 0, 0];
  const cd = [0, 0, 0];
  for (let i = 0; i < src.length; i++) {
    for (let k = 0; k < 3; k++) {
      cs[k]! += (w[i]! * src[i]![k]!) / W;
      cd[k]! += (w[i]! * dst[i]![k]!) / W;
    }
  }
  // S[a][b] = Σ w (src_a − cs_a)(dst_b − cd_b)
  const S = [0, 1, 2].map(() => [0, 0, 0]);
  for (let i = 0; i < src.length; i++) {
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) S[a]![b]! += w[i]! * (src[i]![a]! - cs[a]!) * (dst[i]![b]! - cd[b]!);
    }
  }
  const [[xx, xy, xz], [yx, yy, yz], [zx, zy, zz]] = S as [[number, number, number], [number, number, number], [number, number, number]];
  const N = [
    [xx + yy + zz, yz - zy, zx - xz, xy - yx],
    [yz - zy, xx - yy - zz, xy + yx, zx + xz],
    [zx - xz, xy + yx, -xx + yy - zz, yz + zy],
    [xy - yx, zx + xz, yz + zy, -xx - yy + zz],
  ];
  const [q0, qx, qy, qz] = topEigenvector4(N) as [number, number, number, number];
  return [
    [q0 * q0 + qx * qx - qy * qy - qz * qz, 2 * (qx * qy - q0 * qz), 2 * (qx * qz + q0 * qy)],
    [2 * (qy * qx + q0 * qz), q0 * q0 - qx * qx + qy * qy - qz * qz, 2 * (qy * qz - q0 * qx)],
    [2 * (qz * qx - q0 * qy), 2 * (qz * qy + q0 * qx), q0 * q0 - qx * qx - qy * qy + qz * qz],
  ];
}

/**
 * Yaw, pitch and roll (lib/face/core/pose.ts conventions) of a mesh whose x, y are normalised to a `width` x
 * `height` frame and z is in units of the frame width (MediaPipe's landmark convention).
 */
export function headPoseFromLandmarks(landmarks: readonly Landmark[], width: number, height: number): HeadPose {
  const src: Vec3[] = [];
  const dst: Vec3[] = [];
  const w: number[] = [];
  for (const [id, weight, x, y, z] of PROCRUSTES_BASIS) {
    const l = landmarks[id];
    if (!l || !Number.isFinite(l.x) || !Number.isFinite(l.y) || !Number.isFinite(l.z)) {
      throw new RangeError(`landmark ${id} missing or not finite`);
    }
    src.push([x, y, z]);
    // Screen → right-handed metric-like space: y up, z towards the camera (MediaPipe's ChangeHandedness).
    dst.push([l.x * width, -l.y * height, -l.z * width]);
    w.push(weight);
  }
  const R = weightedRotation(src, dst, w);
  // Column-major 4x4 for headPoseFromMatrix.
  const m = [R[0][0], R[1][0], R[2][0], 0, R[0][1], R[1][1], R[2][1], 0, R[0][2], R[1][2], R[2][2], 0, 0, 0, 0, 1];
  return headPoseFromMatrix(m);
}
