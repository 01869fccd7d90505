import { describe, expect, it } from "vitest";
import { evaluateServerLiveness, APPEARANCE_SIZE } from "@/lib/face/core/server-liveness";
import { selectEvidence, type EvidenceCandidate } from "@/lib/face/evidence-select";

/** A session at 15 frames/s: frontal, a blink at 1.2–1.4 s, a turn to the left peaking at 3 s, back, a turn right at 5 s. */
function session(): EvidenceCandidate[] {
  const out: EvidenceCandidate[] = [];
  for (let t = 0; t <= 6500; t += 66) {
    const yaw = 30 * Math.exp(-(((t - 3000) / 500) ** 2)) - 28 * Math.exp(-(((t - 5000) / 450) ** 2));
    const ear = t >= 1200 && t <= 1400 ? 0.05 : 0.31;
    out.push({ tMs: t, yaw, ear });
  }
  return out;
}
const transcript = {
  steps: [
    { step: "blink" as const, passed: true, startedMs: 800, endedMs: 1450, value: 1 },
    { step: "turn-left" as const, passed: true, startedMs: 1700, endedMs: 2900, value: 28 },
    { step: "turn-right" as const, passed: true, startedMs: 3900, endedMs: 4900, value: -26 },
  ],
};

describe("selectEvidence", () => {
  it("keeps a frontal start and, per step, frames before, at and after its movement; 6–10 frames in order", () => {
    const f = session();
    const idx = selectEvidence(f, transcript);
    expect(idx.length).toBeGreaterThanOrEqual(6);
    expect(idx.length).toBeLessThanOrEqual(10);
    expect([...idx].sort((a, b) => a - b)).toEqual(idx);
    expect(Math.abs(f[idx[0]!]!.yaw)).toBeLessThan(10);
    expect(idx.some((i) => f[i]!.ear < 0.1)).toBe(true);
    expect(Math.max(...idx.map((i) => f[i]!.yaw))).toBeGreaterThan(25);
    expect(Math.min(...idx.map((i) => f[i]!.yaw))).toBeLessThan(-24);
  });

  it("what it picks passes the server's rules when the server measures the same yaw and EAR", () => {
    const f = session();
    const idx = selectEvidence(f, transcript);
    const frames = idx.map((i, k) => ({
      presence: 0.99,
      yaw: f[i]!.yaw * 1.15, // the server's yaw runs ~15 % larger
      ear: f[i]!.ear,
      embedding: [1, 0, 0],
      appearance: Array.from({ length: APPEARANCE_SIZE ** 2 }, (_, j) => (j * 3 + k * 11) % 17),
    }));
    const v = evaluateServerLiveness(frames, ["blink", "turn-left", "turn-right"]);
    expect(v.rules.filter((r) => r.status === "fail")).toEqual([]);
  });

  it("an empty session selects nothing; a short one is filled to the minimum", () => {
    expect(selectEvidence([], transcript)).toEqual([]);
    const few = Array.from({ length: 8 }, (_, i) => ({ tMs: i * 100, yaw: 0, ear: 0.3 }));
    expect(selectEvidence(few, { steps: [] }).length).toBeGreaterThanOrEqual(6);
  });
});
