// The server's measurements of one evidence frame (a client's face crop, JPEG): its own face mesh (presence, yaw,
// EAR), the face aligned from that mesh (lib/face/core/align.ts) and embedded, and a face-aligned grey thumbnail
// for lib/face/core/server-liveness.ts's distinct-frames rule. Server-side only.
import { ServiceUnavailable } from "@/lib/errors";
import { alignmentFor, warpToTemplate } from "@/lib/face/core/align";
import { APPEARANCE_SIZE, type ServerFrameMeasure } from "@/lib/face/core/server-liveness";
import { ALIGNED_SIZE } from "@/lib/face/models";
import type { RgbaImage } from "@/lib/face/preprocess";
import { embedAlignedCrop } from "@/lib/face/node/embed";
import { decodeJpegRgba } from "@/lib/face/node/jpeg";
import { measureFaceCrop, meshInRoi, withMeasures } from "@/lib/face/node/landmarks";
import { ROI_SCALE } from "@/lib/face/core/landmark-roi";
import { faceBoxFromLandmarks } from "@/lib/face/core/quality";
import { antispoofV2Score } from "@/lib/face/node/antispoof";

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
  // Anti-spoofing on the frame about the server's own face box: MiniFASNet V2 only (antispoofV2Score says why).
  const antispoof = await antispoofV2Score(img, faceBoxFromLandmarks(m.landmarks, img.width, img.height));
  return {
    presence: m.presence,
    antispoof,
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

export interface BurstMeasurements {
  /** One per evidence frame, in order (without the aligned pixels: they stay on the face thread). */
  frames: ServerFrameMeasure[];
  /** The server's embedding of the face in the context crop (anti-spoof input and audit photo). */
  contextEmbedding: Float32Array;
  /** The server's yaw of that face (degrees, + = the subject's own left): an enrolment capture's pose. */
  contextYaw: number;
}

/** A frame the server could not read (which one and why): the pipeline answers frame-unreadable. */
export class EvidenceFrameError extends Error {
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(`frame ${index}: ${message}`);
    this.name = "EvidenceFrameError";
  }
}

/** The server's embedding and yaw of the face inside `faceBox` of an image (mesh on MediaPipe's ROI about the box). */
export async function embedFaceInBox(img: RgbaImage, faceBox: { x: number; y: number; width: number; height: number }): Promise<{ embedding: Float32Array; yaw: number }> {
  const roi = { cx: faceBox.x + faceBox.width / 2, cy: faceBox.y + faceBox.height / 2, side: ROI_SCALE * Math.max(faceBox.width, faceBox.height), rotation: 0 };
  const mesh = await meshInRoi(img, roi);
  const aligned = warpToTemplate(Uint8ClampedArray.from(img.data), img.width, img.height, alignmentFor(mesh.landmarks, img.width, img.height), ALIGNED_SIZE);
  return { embedding: await embedAlignedCrop(aligned), yaw: withMeasures(mesh, img.width, img.height).pose.yaw };
}

/** Every evidence frame measured, and the context crop's face embedded; throws EvidenceFrameError for a bad frame. */
export async function measureBurst(frames: readonly Uint8Array[], contextJpeg: Uint8Array, faceBox: { x: number; y: number; width: number; height: number }): Promise<BurstMeasurements> {
  const out: ServerFrameMeasure[] = [];
  for (const [i, bytes] of frames.entries()) {
    let m: EvidenceMeasure;
    try {
      m = await measureEvidenceJpeg(bytes);
    } catch (e) {
      if (e instanceof ServiceUnavailable) throw e; // the models' fault, not the frame's
      throw new EvidenceFrameError(i, e instanceof Error ? e.message : String(e));
    }
    out.push({ presence: m.presence, yaw: m.yaw, ear: m.ear, antispoof: m.antispoof, embedding: m.embedding, appearance: m.appearance });
  }
  const context = await decodeJpegRgba(contextJpeg, 1024 * 1024);
  const face = await embedFaceInBox(context, faceBox);
  return { frames: out, contextEmbedding: face.embedding, contextYaw: face.yaw };
}
