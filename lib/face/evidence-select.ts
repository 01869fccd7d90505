// Which of a session's frames become the check-in's evidence burst (lib/checkin/evidence.ts): the server decides
// liveness from these alone (lib/face/core/server-liveness.ts), so the burst must show, in order, a frontal start and
// for each step the frames before, at and after its movement. Pure: per-frame measurements in, frame indices out.
import { evidenceLimits } from "@/lib/checkin/evidence";
import type { LivenessStep, LivenessTranscript } from "@/lib/face/core/liveness-rules";

export interface EvidenceCandidate {
  /** ms since the session clock started (the transcript's clock). */
  tMs: number;
  /** Browser yaw (degrees, + = the subject's own left). */
  yaw: number;
  /** Mean EAR. */
  ear: number;
}

/** Largest |yaw| of the frontal start frame the browser picks (the server allows 15°). */
const START_YAW_DEG = 10;

/**
 * Frame indices (ascending) for the burst: the first frontal frame; for each transcript step the peak of its movement
 * (most turned, or lowest EAR), a frame between the previous pick and the peak, and the last frame of the step (or,
 * for a blink, the most open frame after it); the last frame; then frames spread evenly up to the minimum.
 * At most evidenceLimits.maxFrames (the in-between frames go first).
 */
export function selectEvidence(frames: readonly EvidenceCandidate[], transcript: Pick<LivenessTranscript, "steps">): number[] {
  if (frames.length === 0) return [];
  const essential = new Set<number>();
  const optional = new Set<number>();
  const start = frames.findIndex((f) => Math.abs(f.yaw) <= START_YAW_DEG);
  let prev = Math.max(0, start);
  essential.add(prev);
  const inWindow = (a: number, b: number) => frames.map((f, i) => ({ f, i })).filter(({ f, i }) => i > prev && f.tMs >= a && f.tMs <= b);
  for (const s of transcript.steps) {
    const w = inWindow(s.startedMs, s.endedMs + 400);
    if (w.length === 0) continue;
    const key = (x: EvidenceCandidate) => (s.step === ("turn-left" satisfies LivenessStep) ? -x.yaw : s.step === "turn-right" ? x.yaw : x.ear);
    const peak = w.reduce((a, b) => (key(b.f) < key(a.f) ? b : a));
    const before = frames.map((f, i) => ({ f, i })).filter(({ i }) => i > prev && i < peak.i);
    if (s.step === "blink" && before.length) essential.add(before.reduce((a, b) => (b.f.ear > a.f.ear ? b : a)).i);
    else if (before.length) optional.add(before[Math.floor(before.length / 2)]!.i);
    essential.add(peak.i);
    const after = frames.map((f, i) => ({ f, i })).filter(({ f, i }) => i > peak.i && f.tMs <= s.endedMs + 1500);
    if (after.length) {
      const pick = s.step === "blink" ? after.reduce((a, b) => (b.f.ear > a.f.ear ? b : a)) : after[after.length - 1]!;
      essential.add(pick.i);
      prev = pick.i;
    } else prev = peak.i;
  }
  essential.add(frames.length - 1);
  const chosen = new Set(essential);
  for (const i of optional) if (chosen.size < evidenceLimits.maxFrames) chosen.add(i);
  for (let k = 1; chosen.size < evidenceLimits.minFrames && k < frames.length; k++) {
    chosen.add(Math.round((k * (frames.length - 1)) / evidenceLimits.minFrames));
  }
  return [...chosen].sort((a, b) => a - b).slice(0, evidenceLimits.maxFrames);
}
