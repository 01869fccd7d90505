import { describe, expect, it } from "vitest";
import { evaluateServerLiveness, APPEARANCE_SIZE } from "@/lib/face/core/server-liveness";
import type { LivenessStep } from "@/lib/face/core/liveness-rules";
import { selectEvidence, type EvidenceCandidate } from "@/lib/face/evidence-select";

/** A session at 15 frames/s: frontal, a blink at 1.2–1.4 s, a turn to the left peaking at 3 s, back, a turn right at 5 s. */
function session(): EvidenceCandidate[] {
  const out: EvidenceCandidate[] = [];
  for (let t = 0; t <= 6500; t += 66) {
    const yaw = 30 * Math.exp(-(((t - 3000) / 500) ** 2)) - 28 * Math.exp(-(((t - 5000) / 450) ** 2));
    const ear = t >= 1200 && t <= 1400 ? 0.05 : 0.31 + 0.08 * Math.min(1, Math.abs(yaw) / 30); // turned eyes read wider
    out.push({ tMs: t, yaw, ear });
  }
  return out;
}

/** The server's reading of the picked frames when it measures the same yaw (~15 % larger) and EAR. */
function serverVerdict(f: EvidenceCandidate[], idx: number[], steps: LivenessStep[]) {
  const frames = idx.map((i, k) => ({
    presence: 0.99,
    yaw: f[i]!.yaw * 1.15,
    ear: f[i]!.ear,
    antispoof: 0.99,
    embedding: [1, 0, 0],
    // the same picture gives the same thumbnail (a looped clip); otherwise each frame its own
    appearance: Array.from({ length: APPEARANCE_SIZE ** 2 }, (_, j) => (j * 3 + (f[i]!.picture !== undefined ? Number(f[i]!.picture) : k) * 11) % 17),
  }));
  return evaluateServerLiveness(frames, steps);
}

describe("selectEvidence", () => {
  it("keeps a frontal start and, per step in order, frames before, at and after its movement; 6–10 frames in order", () => {
    const f = session();
    const idx = selectEvidence(f, ["blink", "turn-left", "turn-right"])!;
    expect(idx.length).toBeGreaterThanOrEqual(6);
    expect(idx.length).toBeLessThanOrEqual(10);
    expect([...idx].sort((a, b) => a - b)).toEqual(idx);
    expect(Math.abs(f[idx[0]!]!.yaw)).toBeLessThan(10);
    expect(idx.some((i) => f[i]!.ear < 0.1)).toBe(true);
    expect(Math.max(...idx.map((i) => f[i]!.yaw))).toBeGreaterThan(25);
    expect(Math.min(...idx.map((i) => f[i]!.yaw))).toBeLessThan(-24);
    expect(serverVerdict(f, idx, ["blink", "turn-left", "turn-right"]).rules.filter((r) => r.status === "fail")).toEqual([]);
  });

  it("passes over movements made before the asked one, as the server does (the right turn first, then the asked blink and left turn)", () => {
    const f = session().map((c) => ({ ...c, yaw: c.tMs < 800 ? -25 * Math.sin((Math.PI * c.tMs) / 800) : c.yaw }));
    // [blink, turn-right]: the right turn at 0–0.8 s came before the blink; the one at 5 s is after it
    const idx = selectEvidence(f, ["blink", "turn-right"])!;
    expect(idx).not.toBeNull();
    expect(serverVerdict(f, idx, ["blink", "turn-right"]).passed).toBe(true);
    expect(Math.min(...idx.filter((i) => f[i]!.tMs > 4000).map((i) => f[i]!.yaw))).toBeLessThan(-24);
  });

  it("a blink the frames do not show (a partial closure only) or movements in the other order: null, nothing to send", () => {
    const partial = session().map((c) => (c.ear < 0.1 ? { ...c, ear: 0.25 } : c));
    expect(selectEvidence(partial, ["blink", "turn-left"])).toBeNull();
    expect(selectEvidence(session(), ["turn-right", "turn-left"])).toBeNull();
    expect(selectEvidence([], ["blink"])).toBeNull();
  });

  it("keeps the capture photo's frame, and fills a short burst to the minimum with spread, unturned frames", () => {
    const f = session();
    const idx = selectEvidence(f, ["turn-left"], [60])!;
    expect(idx).toContain(60);
    expect(idx.length).toBeGreaterThanOrEqual(6);
    for (let k = 1; k < idx.length; k++) expect(idx[k]!).toBeGreaterThan(idx[k - 1]!);
  });

  it("never sends a picture twice: a clip looping every 3.6 s shows its frames again, and the server refuses a repeat", () => {
    const loop = 54; // frames: the same picture every 54 frames (3.6 s at 15 frames/s)
    const f = session().map((c, i) => ({ ...c, picture: String(i % loop) }));
    const steps: LivenessStep[] = ["turn-left", "turn-right"];
    const unkeyed = selectEvidence(f.map(({ picture: _, ...c }) => c), steps)!;
    // without the pictures' identity, the filler frames land on a picture the burst already has
    expect(new Set(unkeyed.map((i) => i % loop)).size).toBeLessThan(unkeyed.length);
    expect(serverVerdict(f, unkeyed, steps).rules.find((r) => r.name === "distinct-frames")?.status).toBe("fail");
    const idx = selectEvidence(f, steps)!;
    expect(new Set(idx.map((i) => f[i]!.picture)).size).toBe(idx.length);
    expect(idx.length).toBeGreaterThanOrEqual(6);
    expect(serverVerdict(f, idx, steps).rules.filter((r) => r.status === "fail")).toEqual([]);
  });
});
