/**
 * The region of interest the face-mesh network sees, and how its output maps back to the frame: MediaPipe's rules
 * (face_landmarks_detector_graph / face_landmarker_graph), restated as pure functions so the server can run the
 * same network (lib/face/node/landmarks.ts) on the frames a client sends.
 *
 *  - ROI from a previous mesh (MediaPipe's tracking path): the axis-aligned bounding box of all landmarks, rotated
 *    so the line from landmark 33 (subject's right eye, outer corner) to 263 (left eye, outer corner) is level,
 *    made square on its long side and enlarged 1.5x about its centre.
 *  - The crop: output pixel (u, v) of an N x N input samples the frame at
 *    centre + Rot(θ)·(((u + ½)/N − ½)·side, ((v + ½)/N − ½)·side), all in pixels.
 *  - The network's landmarks (pixels of the N x N input, z in the same units) map back by the same transform; z is
 *    returned in units of the frame width, as MediaPipe reports it.
 */
import type { Landmark } from "./types";

/** A square, rotated region of a frame, in pixels. */
export interface RotatedRoi {
  cx: number;
  cy: number;
  /** Side length, pixels. */
  side: number;
  /** Radians; the crop's x axis points along (cos θ, sin θ) in the frame (y down). */
  rotation: number;
}

/** MediaPipe's enlargement of the landmark (and detection) box for the mesh network. */
export const ROI_SCALE = 1.5;
/** Landmarks whose line is made level (subject's right and left eye outer corners). */
export const ROI_EYE_IDS = [33, 263] as const;

/** The whole of a square-ish frame, unrotated (a client crop that is already centred on the face). */
export function wholeFrameRoi(width: number, height: number): RotatedRoi {
  return { cx: width / 2, cy: height / 2, side: Math.max(width, height), rotation: 0 };
}

/** MediaPipe's tracking ROI from a mesh normalised to a `width` x `height` frame. */
export function roiFromLandmarks(landmarks: readonly Landmark[], width: number, height: number, scale = ROI_SCALE): RotatedRoi {
  if (landmarks.length === 0) throw new RangeError("roiFromLandmarks: empty mesh");
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const l of landmarks) {
    minX = Math.min(minX, l.x);
    maxX = Math.max(maxX, l.x);
    minY = Math.min(minY, l.y);
    maxY = Math.max(maxY, l.y);
  }
  const a = landmarks[ROI_EYE_IDS[0]];
  const b = landmarks[ROI_EYE_IDS[1]];
  if (!a || !b) throw new RangeError("roiFromLandmarks: the mesh has no eye corners");
  const rotation = Math.atan2((b.y - a.y) * height, (b.x - a.x) * width);
  const side = Math.max((maxX - minX) * width, (maxY - minY) * height) * scale;
  return { cx: ((minX + maxX) / 2) * width, cy: ((minY + maxY) / 2) * height, side, rotation };
}

/** Frame coordinates (pixels) of the point at (u, v) in an n x n crop of `roi` (u, v continuous, 0..n). */
export function roiToFrame(roi: RotatedRoi, n: number, u: number, v: number): { x: number; y: number } {
  const c = Math.cos(roi.rotation);
  const s = Math.sin(roi.rotation);
  const dx = (u / n - 0.5) * roi.side;
  const dy = (v / n - 0.5) * roi.side;
  return { x: roi.cx + c * dx - s * dy, y: roi.cy + s * dx + c * dy };
}

/**
 * The network's output (n x n input pixels, x y z per landmark, flattened) → landmarks normalised to the frame
 * (z in units of the frame width).
 */
export function projectLandmarks(raw: ArrayLike<number>, count: number, roi: RotatedRoi, n: number, width: number, height: number): Landmark[] {
  if (raw.length < count * 3) throw new RangeError(`projectLandmarks: ${raw.length} values for ${count} landmarks`);
  const out: Landmark[] = [];
  for (let i = 0; i < count; i++) {
    const p = roiToFrame(roi, n, raw[i * 3]!, raw[i * 3 + 1]!);
    out.push({ x: p.x / width, y: p.y / height, z: ((raw[i * 3 + 2]! / n) * roi.side) / width });
  }
  return out;
}
