// Evidence bursts for tests, cut from the dev clips as a client cuts them (the boxes the browser's own mesh gave,
// recorded in tests/fixtures/face-core/server-parity-browser.json): the woman of intel_headpose_female.gif turning to
// her left (peak frame 13) then her right (frame 22), the man of repeating_blink_video.mp4 and the man of
// intel_headpose_male.gif as other people.
import { readFileSync } from "node:fs";
import path from "node:path";
import jpeg from "jpeg-js";
import { alignmentFor, warpToTemplate } from "@/lib/face/core/align";
import { contextCrop } from "@/lib/face/antispoof-input";
import { ALIGNED_SIZE } from "@/lib/face/models";
import { embedAlignedCrop } from "@/lib/face/node/embed";
import { decodeJpegRgba } from "@/lib/face/node/jpeg";
import { measureFaceCrop } from "@/lib/face/node/landmarks";
import type { FaceSample } from "@/tools/faces";
import { evidenceJpeg, readParityFixture, type ParityClip } from "@/tools/server-parity";
import { extractFrames } from "@/tools/video-frames";

export type ClipName = "female" | "male" | "blink";
const FILES: Record<ClipName, string> = { female: "intel_headpose_female.gif", male: "intel_headpose_male.gif", blink: "repeating_blink_video.mp4" };

export function clipFrames(data: string, name: ClipName): { clip: ParityClip; files: string[] } {
  const clip = readParityFixture().find((c) => path.basename(c.clip) === FILES[name])!;
  return { clip, files: extractFrames(path.join(data, clip.clip), clip.filter ? { filter: clip.filter } : {}).files };
}

/** Frame i of a clip as an evidence crop (optionally shifted by dx, dy of its side and scaled, re-encoded). */
export async function evidenceFrame(data: string, name: ClipName, i: number, v: { dx?: number; dy?: number; scale?: number } = {}): Promise<Uint8Array> {
  const { clip, files } = clipFrames(data, name);
  const [x, y, side] = clip.frames.find((f) => f.i === i)!.box;
  const s = v.scale ?? 1;
  return evidenceJpeg(files[i]!, [x + side * (v.dx ?? 0) + (side * (1 - s)) / 2, y + side * (v.dy ?? 0) + (side * (1 - s)) / 2, side * s]);
}

const encode = (d: Uint8ClampedArray, w: number, h: number, q: number) => new Uint8Array(jpeg.encode({ data: Buffer.from(d.buffer, d.byteOffset, d.byteLength), width: w, height: h }, q).data);

/**
 * What the browser would send besides the burst for frame i: the aligned crop (aligned from the mesh of the evidence
 * crop), its embedding, and the context crop of the full frame with the face box in it.
 */
export async function faceSampleFromFrame(data: string, name: ClipName, i: number): Promise<FaceSample> {
  const { clip, files } = clipFrames(data, name);
  const crop = await decodeJpegRgba(await evidenceFrame(data, name, i));
  const mesh = await measureFaceCrop(crop, 1);
  const aligned = warpToTemplate(Uint8ClampedArray.from(crop.data), crop.width, crop.height, alignmentFor(mesh.landmarks, crop.width, crop.height), ALIGNED_SIZE);
  const frame = await decodeJpegRgba(new Uint8Array(readFileSync(files[i]!)));
  const [x, y, side] = clip.frames.find((f) => f.i === i)!.box;
  const s = side / 1.5; // the evidence box is 1.5x the mesh's box
  const ctx = contextCrop({ data: Uint8ClampedArray.from(frame.data), width: frame.width, height: frame.height }, { x: x + (side - s) / 2, y: y + (side - s) / 2, width: s, height: s });
  return {
    embedding: await embedAlignedCrop(aligned),
    alignedJpeg: encode(aligned, ALIGNED_SIZE, ALIGNED_SIZE, 92),
    contextJpeg: encode(ctx.image.data, ctx.image.width, ctx.image.height, 88),
    faceBox: ctx.faceBox,
  };
}
