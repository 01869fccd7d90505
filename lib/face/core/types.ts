/** Shared geometric types for the pure face math. No DOM, no tensors, no IO. */

/** The poses of enrolment's three captures; a template and a payload carry one. */
export const poses = ["frontal", "left", "right"] as const;
export type Pose = (typeof poses)[number];

/** A 2-D point in pixels (x to the right, y down, as in an image). */
export interface Point {
  x: number;
  y: number;
}

/**
 * One MediaPipe FaceLandmarker landmark: x and y normalised to 0..1 of the frame width and height,
 * z relative depth (same scale as x, smaller = closer to the camera).
 */
export interface Landmark {
  x: number;
  y: number;
  z: number;
}

/** An axis-aligned box in pixels: top-left corner and size. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Landmark `i` of a mesh, or a clear error when the mesh is too short (noUncheckedIndexedAccess). */
export function landmarkAt(landmarks: readonly Landmark[], i: number): Landmark {
  const l = landmarks[i];
  if (!l) throw new RangeError(`landmark ${i} missing (mesh has ${landmarks.length} points)`);
  return l;
}

/** Landmark `i` converted to pixel coordinates of a `width` x `height` frame. */
export function landmarkPx(landmarks: readonly Landmark[], i: number, width: number, height: number): Point {
  const l = landmarkAt(landmarks, i);
  return { x: l.x * width, y: l.y * height };
}
