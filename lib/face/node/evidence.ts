// The server's measurements of one evidence frame (a client's face crop, JPEG): its own face mesh (presence, yaw,
// EAR), the face aligned from that mesh (lib/face/core/align.ts) and embedded, and a face-aligned grey thumbnail
// for lib/face/core/server-liveness.ts's distinct-frames rule. Server-side only.
import { alignmentFor, warpToTemplate } from "@/lib/face/core/align";
import { APPEARANCE_SIZE, type ServerFrameMeasure } from "@/lib/face/core/server-liveness";
import { ALIGNED_SIZE } from "@/lib/face/models";
import type { RgbaImage } from "@/lib/face/preprocess";
import { embedAlignedCrop } from "@/lib/face/node/embed";
import { decodeJpegRgba } from "@/lib/face/node/jpeg";
import { measureFaceCrop } from "@/lib/face/node/landmarks";

/** Largest evidence crop accepted (pixels a side). */
export const MAX_EVIDENCE_PX = 256;

export interface EvidenceMeasure extends ServerFrameMeasure {
  /** The aligned 112x112 RGBA face (what was embedded). */
  aligned: Uint8ClampedArray;
  width: number;
  height: number;
}

/** Mean grey of each k x k block of an n x n RGBA image (n = k · APPEARANCE_SIZE). */
export function appearanceThumbnail(rgba: Uint8ClampedArray, n: number): Float32Array {
  const k = n / APPEARANCE_SIZE;
  if (!Number.isInteger(k)) throw new RangeError(`appearanceThumbnail: ${n} is not a multiple of ${APPEARANCE_SIZE}`);
  const out = new Float32Array(APPEARANCE_SIZE * APPEARANCE_SIZE);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const o = (y * n + x) * 4;
      const g = 0.299 * rgba[o]! + 0.587 * rgba[o + 1]! + 0.114 * rgba[o + 2]!;
      out[Math.floor(y / k) * APPEARANCE_SIZE + Math.floor(x / k)]! += g / (k * k);
    }
  }
  return out;
}

/** All of the server's measurements of a decoded evidence frame. */
export async function measureEvidenceImage(img: RgbaImage): Promise<EvidenceMeasure> {
  const m = await measureFaceCrop(img, 1);
  const aligned = warpToTemplate(Uint8ClampedArray.from(img.data), img.width, img.height, alignmentFor(m.landmarks, img.width, img.height), ALIGNED_SIZE);
  const embedding = await embedAlignedCrop(aligned);
  return {
    presence: m.presence,
    yaw: m.pose.yaw,
    ear: m.ear,
    embedding,
    appearance: appearanceThumbnail(aligned, ALIGNED_SIZE),
    aligned,
    width: img.width,
    height: img.height,
  };
}

/** Decodes (bounded to MAX_EVIDENCE_PX a side) and measures an evidence JPEG. */
export async function measureEvidenceJpeg(bytes: Uint8Array): Promise<EvidenceMeasure> {
  const img = await decodeJpegRgba(bytes, MAX_EVIDENCE_PX * MAX_EVIDENCE_PX);
  if (img.width > MAX_EVIDENCE_PX || img.height > MAX_EVIDENCE_PX) throw new Error(`evidence frame over ${MAX_EVIDENCE_PX} px a side`);
  return measureEvidenceImage(img);
}
