// Which of a session's frames become the check-in's evidence burst (lib/checkin/evidence.ts). The server decides
// liveness from these alone (lib/face/core/server-liveness.ts): the challenge's movements found in order, each after
// the previous one. So the burst is chosen the way the server will read it — the same in-order search, on the
// browser's own yaw and EAR, with margins for the two meshes' differences — and not from the runner's transcript:
// a blink the runner counted on a baseline still raised by a turn, or a movement the person made before the asked
// one, must not decide what is sent. Pure: per-frame measurements in, frame indices out (null when the frames do not
// show the steps in order: the session then fails in the browser, and the person tries again on the same challenge).
import { evidenceLimits } from "@/lib/checkin/evidence";
import { DEFAULT_BLINK_OPTIONS } from "@/lib/face/core/blink";
import type { LivenessStep } from "@/lib/face/core/liveness-rules";

export interface EvidenceCandidate {
  /** ms since the session clock started. */
  tMs: number;
  /** Browser yaw (degrees, + = the subject's own left). */
  yaw: number;
  /** Mean EAR. */
  ear: number;
  /**
   * The picture's identity (e.g. a hash of its crop's bytes): two candidates with the same key are the same picture
   * — a looping clip, a camera re-sending its last frame. The server refuses a burst with a picture twice
   * (distinct-frames), so the optional and filler frames skip a picture already chosen.
   */
  picture?: string;
}

/**
 * Thresholds on the BROWSER's measurements, each with a margin over the server's rule (its yaw runs ~15 % above the
 * browser's, its EAR differs by 0.015 at p95): a frame picked as a turn, a closed or an open eye reads the same on
 * the server.
 */
export interface EvidenceSelectOptions {
  /** Largest |yaw| of the frontal start and of the open-eye frames around a blink (degrees; the server allows 15). */
  frontalYawDeg: number;
  /** |yaw| of a turn's frames (degrees): the browser's own turn threshold, ≈ 23° on the server's yaw (it needs 18). */
  turnYawDeg: number;
  /** |yaw| up to which a frame counts for the open-eye baseline (degrees; the server's 18 on its own yaw). */
  baselineYawDeg: number;
  /** Closed at EAR ≤ closedEarRatio × baseline (the server: 0.7). */
  closedEarRatio: number;
  /** Open at EAR ≥ openEarRatio × baseline (the server: 0.8; its EAR is within 0.015 of the browser's at p95, ≈ 0.05 of a baseline). */
  openEarRatio: number;
}

export const defaultEvidenceSelectOptions: Readonly<EvidenceSelectOptions> = Object.freeze({
  frontalYawDeg: 10,
  turnYawDeg: 20,
  baselineYawDeg: 15,
  closedEarRatio: 0.55,
  openEarRatio: 0.85,
});

/** The open-eye EAR of a session: the baselinePercentile quantile of its unturned frames (NaN without any). */
function baseline(frames: readonly EvidenceCandidate[], o: EvidenceSelectOptions): number {
  const ears = frames.filter((f) => Math.abs(f.yaw) < o.baselineYawDeg && Number.isFinite(f.ear)).map((f) => f.ear).sort((a, b) => a - b);
  return ears.length ? ears[Math.min(ears.length - 1, Math.floor(DEFAULT_BLINK_OPTIONS.baselinePercentile * ears.length))]! : Number.NaN;
}

/**
 * Frame indices (ascending, evidenceLimits.minFrames..maxFrames) for the burst: the first frontal frame; for each
 * step, in order and each after the previous: a turn's peak with the last frontal frame before it and the first
 * frontal frame after it, or a blink's most closed frame with the last open frontal frame before it and the first
 * open frame after it; `keep` (the capture photo's frame, when after the start); then frames spread in time up to the minimum (open,
 * unturned ones first), never a picture already in the burst. Null when the steps are not all found in order.
 */
export function selectEvidence(
  frames: readonly EvidenceCandidate[],
  steps: readonly LivenessStep[],
  keep: number[] = [],
  opts: Partial<EvidenceSelectOptions> = {},
): number[] | null {
  const o = { ...defaultEvidenceSelectOptions, ...opts };
  const base = baseline(frames, o);
  if (!Number.isFinite(base)) return null;
  const frontal = (i: number) => Math.abs(frames[i]!.yaw) <= o.frontalYawDeg;
  const open = (i: number) => frames[i]!.ear >= o.openEarRatio * base;
  const closed = (i: number) => Math.abs(frames[i]!.yaw) < o.baselineYawDeg && frames[i]!.ear <= o.closedEarRatio * base;
  const turned = (i: number, step: LivenessStep) => (step === "turn-left" ? frames[i]!.yaw >= o.turnYawDeg : frames[i]!.yaw <= -o.turnYawDeg);
  const first = (from: number, test: (i: number) => boolean, to = frames.length) => {
    for (let i = from; i < to; i++) if (test(i)) return i;
    return -1;
  };
  const last = (from: number, to: number, test: (i: number) => boolean) => {
    for (let i = to - 1; i >= from; i--) if (test(i)) return i;
    return -1;
  };

  const start = first(0, (i) => frontal(i) && open(i));
  if (start < 0) return null;
  const essential = new Set<number>([start]);
  const optional = new Set<number>();
  // The server searches each step from the frame after the previous step's movement (and its held turn).
  let from = start;
  for (const step of steps) {
    if (step === "blink") {
      let c = -1;
      let before = -1;
      for (let i = from; i < frames.length && c < 0; i++) {
        if (frontal(i) && open(i)) before = i;
        else if (closed(i) && before >= 0 && first(i + 1, open) >= 0) c = i;
      }
      if (c < 0) return null;
      let peak = c;
      for (let i = c + 1; i < frames.length && closed(i); i++) if (frames[i]!.ear < frames[peak]!.ear) peak = i;
      essential.add(before).add(peak).add(first(peak + 1, (i) => open(i) && frontal(i)) >= 0 ? first(peak + 1, (i) => open(i) && frontal(i)) : first(peak + 1, open));
      from = peak + 1;
    } else {
      const t = first(from, (i) => turned(i, step));
      if (t < 0) return null;
      let end = t;
      let peak = t;
      const dir = step === "turn-left" ? 1 : -1;
      while (end + 1 < frames.length && turned(end + 1, step)) {
        end++;
        if (frames[end]!.yaw * dir > frames[peak]!.yaw * dir) peak = end;
      }
      essential.add(peak);
      const before = last(from, t, frontal);
      const after = first(end + 1, frontal);
      if (before >= 0) optional.add(before);
      if (after >= 0) optional.add(after);
      from = end + 1;
    }
  }
  for (const k of keep) if (k > start && k < frames.length) essential.add(k); // the burst still starts frontal
  if (essential.size > evidenceLimits.maxFrames) return null;
  const chosen = new Set(essential);
  const pictures = new Set<string>();
  for (const i of chosen) if (frames[i]!.picture !== undefined) pictures.add(frames[i]!.picture!);
  /** A picture not yet in the burst (frames without a key are taken as distinct). */
  const fresh = (i: number) => frames[i]!.picture === undefined || !pictures.has(frames[i]!.picture!);
  const choose = (i: number) => {
    chosen.add(i);
    if (frames[i]!.picture !== undefined) pictures.add(frames[i]!.picture!);
  };
  for (const i of optional) if (chosen.size < evidenceLimits.maxFrames && fresh(i)) choose(i);
  // Up to the minimum: frames spread over the session, open-eyed and unturned first, never next to a chosen one.
  const fill = (ok: (i: number) => boolean) => {
    for (let n = evidenceLimits.minFrames; chosen.size < evidenceLimits.minFrames && n <= frames.length; n++) {
      for (let k = 0; k < n && chosen.size < evidenceLimits.minFrames; k++) {
        const i = Math.round(((k + 0.5) * (frames.length - 1)) / n);
        if (!chosen.has(i) && !chosen.has(i - 1) && !chosen.has(i + 1) && fresh(i) && ok(i)) choose(i);
      }
    }
  };
  fill((i) => frontal(i) && open(i));
  fill(() => true);
  for (let i = 0; chosen.size < evidenceLimits.minFrames && i < frames.length; i++) if (!chosen.has(i) && fresh(i)) choose(i);
  for (let i = 0; chosen.size < evidenceLimits.minFrames && i < frames.length; i++) chosen.add(i);
  return [...chosen].sort((a, b) => a - b);
}
