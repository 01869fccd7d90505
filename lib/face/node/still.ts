// The server's measurement of a still cut about a face (a JPEG of a camera frame, square about the face as a
// client's evidence crop is): its own face mesh (two passes: the whole still, then the ROI MediaPipe would track),
// the face aligned from that mesh to the 112x112 template (lib/face/core/align.ts, the alignment the browser uses
// for an enrolment capture), embedded by the same model (EMBEDDING_MODEL_ID), and the crop quality and capture
// thumbnail enrolment stores. The demo owner's enrolment (lib/db/seed-demo.ts) uses it. Server-side only.
import { cropQuality } from "@/lib/checkin/quality";
import { alignmentFor, warpToTemplate } from "@/lib/face/core/align";
import { captureThumbnail } from "@/lib/face/core/capture-distinct";
import { ALIGNED_SIZE } from "@/lib/face/models";
import { embedAlignedCrop } from "@/lib/face/node/embed";
import { decodeJpegRgba } from "@/lib/face/node/jpeg";
import { measureFaceCrop } from "@/lib/face/node/landmarks";

/** Largest still accepted (pixels a side). */
export const MAX_STILL_PX = 512;

export interface StillMeasure {
  /** Face presence (0..1). */
  presence: number;
  /** Degrees, + = the subject's own left. */
  yaw: number;
  /** MobileFaceNet on the aligned face, L2-normalised. */
  embedding: Float32Array;
  /** Crop quality of the aligned face (0..1, lib/checkin/quality.ts). */
  quality: number;
  /** The aligned face as a capture thumbnail (lib/face/core/capture-distinct.ts). */
  thumbnail: Float32Array;
}

export async function measureStillJpeg(bytes: Uint8Array): Promise<StillMeasure> {
  const img = await decodeJpegRgba(bytes, MAX_STILL_PX * MAX_STILL_PX);
  const m = await measureFaceCrop(img, 2);
  const aligned = warpToTemplate(Uint8ClampedArray.from(img.data), img.width, img.height, alignmentFor(m.landmarks, img.width, img.height), ALIGNED_SIZE);
  return {
    presence: m.presence,
    yaw: m.pose.yaw,
    embedding: await embedAlignedCrop(aligned),
    quality: cropQuality(aligned, ALIGNED_SIZE, ALIGNED_SIZE).score,
    thumbnail: captureThumbnail(aligned, ALIGNED_SIZE),
  };
}
