/**
 * Where a check-in's evidence frames are cut from the camera frame: a square, axis-aligned box about the centre of
 * the mesh's bounding box, EVIDENCE_CROP_SCALE times its long side — the region MediaPipe's tracking would give the
 * face-mesh network (lib/face/core/landmark-roi.ts) without the rotation, so the server's first mesh run on the
 * whole crop sees the face as the browser's network did. The crop is resampled to EVIDENCE_CROP_PX.
 */
import type { Box, Landmark } from "./types";

/** Side of the crop relative to the long side of the landmarks' box. */
export const EVIDENCE_CROP_SCALE = 1.5;
/** Side of each evidence crop, pixels. */
export const EVIDENCE_CROP_PX = 160;

/** The evidence box (pixels of a `width` x `height` frame; it may reach outside the frame). */
export function evidenceCropBox(landmarks: readonly Landmark[], width: number, height: number, scale = EVIDENCE_CROP_SCALE): Box {
  if (landmarks.length === 0) throw new RangeError("evidenceCropBox: empty mesh");
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const l of landmarks) {
    minX = Math.min(minX, l.x * width);
    maxX = Math.max(maxX, l.x * width);
    minY = Math.min(minY, l.y * height);
    maxY = Math.max(maxY, l.y * height);
  }
  const side = Math.max(maxX - minX, maxY - minY) * scale;
  return { x: (minX + maxX) / 2 - side / 2, y: (minY + maxY) / 2 - side / 2, width: side, height: side };
}
