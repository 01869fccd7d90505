// The evidence burst of a check-in: a few face crops from the challenge (JPEG, EVIDENCE_CROP_PX square) with their
// capture times, signed inside the payload. The server decides liveness and identity from these frames with its own
// models (lib/checkin/server/evidence-check.ts); this module is the pure part: the limits and the checks that come
// before any decoding. Each bad input has its own reason code (lib/checkin/reasons.ts).
import type { RejectReason } from "./reasons";

export interface EvidenceFrameInput {
  /** The crop, JPEG bytes. */
  jpeg: Uint8Array;
  /** Capture time, ms since the browser received the challenge. */
  tMs: number;
  /** Width and height from the JPEG header (read before decoding). */
  width: number;
  height: number;
}

export interface EvidenceLimits {
  /** Fewest frames: a frontal start, then before, at and after each of the two steps (count). */
  minFrames: number;
  /** Most frames (count); each one costs the server a face-mesh and an embedding run. */
  maxFrames: number;
  /** Largest frame (JPEG bytes); a 160-px crop at quality 0.85 is 5–9 kB. */
  maxFrameBytes: number;
  /** Largest burst (all frames' JPEG bytes together). */
  maxBurstBytes: number;
  /** Smallest and largest side of a frame (pixels); all frames have the same size. */
  minSidePx: number;
  maxSidePx: number;
  /** Slack between the browser's capture clock and the server's time since the challenge was issued (ms). */
  clockSlackMs: number;
}

export const evidenceLimits: Readonly<EvidenceLimits> = Object.freeze({
  minFrames: 6,
  maxFrames: 10,
  maxFrameBytes: 24 * 1024,
  maxBurstBytes: 160 * 1024,
  minSidePx: 96,
  maxSidePx: 256,
  clockSlackMs: 2_000,
});

export type EvidenceProblem = { reason: RejectReason; detail: string };

/**
 * The checks before decoding, in this order: count, sizes in bytes (each, then total), order and lifetime of the
 * capture times, pixel sizes. `lifetimeMs` is the challenge's validity (issue → expiry) and `elapsedMs` the server's
 * time since it was issued: a frame cannot be captured before the challenge existed or after the submission.
 */
export function evidenceProblem(
  frames: readonly EvidenceFrameInput[],
  clock: { lifetimeMs: number; elapsedMs: number },
  l: EvidenceLimits = evidenceLimits,
): EvidenceProblem | null {
  if (frames.length < l.minFrames) return { reason: "too-few-frames", detail: `${frames.length} frames, at least ${l.minFrames} needed` };
  if (frames.length > l.maxFrames) return { reason: "burst-too-large", detail: `${frames.length} frames, at most ${l.maxFrames}` };
  let total = 0;
  for (const [i, f] of frames.entries()) {
    if (f.jpeg.length > l.maxFrameBytes) return { reason: "frame-unreadable", detail: `frame ${i}: ${f.jpeg.length} bytes, at most ${l.maxFrameBytes}` };
    total += f.jpeg.length;
  }
  if (total > l.maxBurstBytes) return { reason: "burst-too-large", detail: `${total} bytes, at most ${l.maxBurstBytes}` };
  const latest = Math.min(clock.lifetimeMs, clock.elapsedMs + l.clockSlackMs);
  for (const [i, f] of frames.entries()) {
    if (!Number.isFinite(f.tMs) || f.tMs < 0 || f.tMs > latest) {
      return { reason: "frames-outside-challenge", detail: `frame ${i} at ${f.tMs} ms, outside 0..${Math.round(latest)} ms` };
    }
    if (i > 0 && !(f.tMs > frames[i - 1]!.tMs)) return { reason: "frames-out-of-order", detail: `frame ${i} is not later than frame ${i - 1}` };
  }
  const { width, height } = frames[0]!;
  for (const [i, f] of frames.entries()) {
    if (f.width !== width || f.height !== height) return { reason: "frame-sizes-differ", detail: `frame ${i} is ${f.width}x${f.height}, frame 0 ${width}x${height}` };
  }
  if (width < l.minSidePx || height < l.minSidePx || width > l.maxSidePx || height > l.maxSidePx) {
    return { reason: "frame-unreadable", detail: `frames of ${width}x${height}, sides ${l.minSidePx}..${l.maxSidePx} px` };
  }
  return null;
}
