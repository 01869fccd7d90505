/**
 * Head pose (yaw, pitch, roll in degrees) from MediaPipe FaceLandmarker's facial transformation matrix.
 *
 * The matrix (result.facialTransformationMatrixes[i].data, 16 numbers) is the pose transform of the face
 * geometry pipeline: it maps the canonical face model into MediaPipe's metric camera space. It arrives as
 * MatrixData packed COLUMN-MAJOR (the proto's default layout, filled from an Eigen::Matrix4f), so the
 * rotation entry at row r, column c is m[c·4 + r] and the translation is m[12..14].
 *
 * How the convention was derived (from the sources, mediapipe tasks/cc/vision/face_geometry/libs/
 * geometry_pipeline.cc and modules/face_geometry/data/canonical_face_model.obj):
 *  - Metric space is right-handed: screen x → +X unchanged (image right), screen y is flipped (origin
 *    TOP_LEFT_CORNER, y' = 1 − y, so +Y is up), screen z is negated (ChangeHandedness), so +Z points from
 *    the face towards the camera, which sits at the origin looking down −Z.
 *  - The canonical face faces +Z (nose tip vertex 1 has z = +7.48), with +Y up, and the subject's LEFT
 *    eye's outer corner (vertex 263) at x = +4.45 (the right eye's, vertex 33, at −4.45). So +X of the
 *    face model is the subject's own left, which appears on the image RIGHT in an unmirrored frame.
 *  - The face's forward (nose) direction in camera space is f = R·(0,0,1) = the rotation's third column.
 *    When the subject turns to THEIR OWN LEFT the nose swings towards their left = +X, so f.x > 0; this is
 *    a positive right-handed rotation about +Y. We define yaw = atan2(f.x, f.z)·YAW_SIGN, positive = the
 *    subject turns to their own left (YAW_SIGN = +1).
 *  Checked on real output: MediaPipe FaceLandmarker (IMAGE mode, headless Chromium) on the 23 frames of
 *  shared/data/dev/liveness/intel_headpose_female.gif gives yaw from −44° (frame 3: she faces image-left,
 *  i.e. her own right) to +31° (frame 13: faces image-right, her own left), the sign agreeing in every
 *  frame with the nose's offset from the eye midpoint; the bottom row is 0 0 0 1 and the translation
 *  (m[12..14]) has z ≈ −50 cm, confirming the column-major reading. The trace is kept in
 *  tests/fixtures/face-core/headpose-trace.json and tested. If a live camera ever shows the opposite
 *  sign (a mirrored frame), change YAW_SIGN only.
 *  This assumes the frame given to FaceLandmarker is NOT mirrored (mirror the preview with CSS only):
 *  a mirrored frame flips yaw and roll.
 *
 * Angles (Tait-Bryan, R = Ry(yaw)·Rx(−pitch)·Rz(roll), computed after normalising the columns so a
 * uniform scale in the matrix does not matter):
 *  - yaw   = atan2(f.x, f.z), positive = subject turns to their own left (YAW_SIGN).
 *  - pitch = asin(f.y), positive = subject tilts the head up (chin up, nose towards +Y).
 *  - roll  = atan2(R[1][0], R[1][1]), positive = the face rotates counter-clockwise as seen in the image
 *    (+X towards +Y: the subject's left side goes up, i.e. the head tilts towards their RIGHT shoulder).
 */

/** Flip this single constant if real images show the opposite yaw sign. */
export const YAW_SIGN = 1;

export interface HeadPose {
  /** Degrees, positive = the subject turns to their own left. */
  yaw: number;
  /** Degrees, positive = chin up. */
  pitch: number;
  /** Degrees, positive = counter-clockwise in the image (head towards the subject's right shoulder). */
  roll: number;
}

const RAD = 180 / Math.PI;

/** Yaw, pitch and roll in degrees from a column-major 4x4 transformation matrix (see the module comment). */
export function headPoseFromMatrix(m: ArrayLike<number>): HeadPose {
  if (m.length !== 16) throw new RangeError(`expected 16 matrix entries, got ${m.length}`);
  for (let i = 0; i < 16; i++) if (!Number.isFinite(m[i]!)) throw new RangeError(`non-finite matrix entry ${i}`);
  const r = (row: number, col: number) => m[col * 4 + row]!;
  const colNorm = (col: number) => Math.hypot(r(0, col), r(1, col), r(2, col));
  const n0 = colNorm(0);
  const n1 = colNorm(1);
  const n2 = colNorm(2);
  if (!(n0 > 0 && n1 > 0 && n2 > 0)) throw new RangeError("matrix has a zero rotation column");
  const fx = r(0, 2) / n2;
  const fy = r(1, 2) / n2;
  const fz = r(2, 2) / n2;
  const yaw = YAW_SIGN * Math.atan2(fx, fz) * RAD;
  const pitch = Math.asin(Math.max(-1, Math.min(1, fy))) * RAD;
  const roll = Math.atan2(r(1, 0) / n0, r(1, 1) / n1) * RAD;
  return { yaw: yaw + 0, pitch: pitch + 0, roll: roll + 0 }; // + 0 turns −0 into 0
}

/**
 * Which way the subject has turned: 'left' when yaw ≥ thresholdDeg (their own left), 'right' when
 * yaw ≤ −thresholdDeg, otherwise null. thresholdDeg must be positive.
 */
export function turnDirection(yawDeg: number, thresholdDeg: number): "left" | "right" | null {
  if (!(thresholdDeg > 0)) throw new RangeError("thresholdDeg must be positive");
  if (!Number.isFinite(yawDeg)) return null;
  if (yawDeg >= thresholdDeg) return "left";
  if (yawDeg <= -thresholdDeg) return "right";
  return null;
}

/** Column-major 4x4 of a rotation about +Y by `deg` (right-handed), with an optional translation. */
export function rotationYMatrix(deg: number, t: readonly [number, number, number] = [0, 0, 0]): number[] {
  const c = Math.cos(deg / RAD);
  const s = Math.sin(deg / RAD);
  // rows: [c 0 s; 0 1 0; −s 0 c]; written column by column
  return [c, 0, -s, 0, 0, 1, 0, 0, s, 0, c, 0, t[0], t[1], t[2], 1];
}
