// Metric code on small hand-made score sets, with results worked out by hand in the comments.
import { describe, expect, it } from "vitest";
import {
  accuracyAt,
  auc,
  bestThreshold,
  kFoldAccuracy,
  matchEvents,
  nextUp,
  padMetrics,
  ratesAt,
  rocArea,
  rocCurve,
  std,
  tarAtFar,
  type FoldedScore,
} from "@/lib/eval/metrics";

/** Brute-force AUC: P(pos > neg) + ½ P(pos = neg), over all P·N pairs. */
function bruteAuc(pos: number[], neg: number[]): number {
  let s = 0;
  for (const p of pos) for (const n of neg) s += p > n ? 1 : p === n ? 0.5 : 0;
  return s / (pos.length * neg.length);
}

describe("auc", () => {
  it("is 1 for perfect separation, 0 for perfect inversion, 0.5 for identical sets", () => {
    expect(auc([0.9, 0.8], [0.1, 0.2, 0.3])).toBe(1);
    expect(auc([0.1, 0.2], [0.8, 0.9])).toBe(0);
    expect(auc([0.5, 0.5], [0.5, 0.5, 0.5])).toBe(0.5);
  });

  it("counts one overlap exactly", () => {
    // pos {0.9, 0.4}, neg {0.5, 0.1}: pairs (0.9>0.5) (0.9>0.1) (0.4<0.5) (0.4>0.1) → 3/4
    expect(auc([0.9, 0.4], [0.5, 0.1])).toBe(0.75);
  });

  it("counts ties as one half", () => {
    // pos {0.5, 0.7}, neg {0.5, 0.3}: (0.5=0.5 → ½) (0.5>0.3) (0.7>0.5) (0.7>0.3) → 3.5/4
    expect(auc([0.5, 0.7], [0.5, 0.3])).toBe(0.875);
    // heavy ties on both sides
    const pos = [0.2, 0.2, 0.5, 0.5, 0.5, 0.9];
    const neg = [0.2, 0.5, 0.5, 0.1, 0.2];
    expect(auc(pos, neg)).toBeCloseTo(bruteAuc(pos, neg), 12);
  });

  it("matches brute force and the ROC trapezoid area on random tied data", () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pos = Array.from({ length: 200 }, () => Math.round((0.3 + rnd()) * 20) / 20);
    const neg = Array.from({ length: 150 }, () => Math.round(rnd() * 20) / 20);
    const a = auc(pos, neg);
    expect(a).toBeCloseTo(bruteAuc(pos, neg), 12);
    expect(rocArea(rocCurve(pos, neg))).toBeCloseTo(a, 12);
  });

  it("refuses empty classes and non-finite scores", () => {
    expect(() => auc([], [0.1])).toThrow(RangeError);
    expect(() => auc([Number.NaN], [0.1])).toThrow(/not finite/);
  });
});

describe("rocCurve", () => {
  it("has one point per distinct score, with ties moving both rates at once", () => {
    const roc = rocCurve([0.9, 0.5], [0.5, 0.1]);
    expect(roc).toEqual([
      { threshold: Infinity, far: 0, tar: 0 },
      { threshold: 0.9, far: 0, tar: 0.5 },
      { threshold: 0.5, far: 0.5, tar: 1 },
      { threshold: 0.1, far: 1, tar: 1 },
    ]);
  });
});

describe("tarAtFar", () => {
  // 10 impostors 0.0 … 0.9, genuine 0.35 0.55 0.85 0.95
  const imp = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
  const gen = [0.35, 0.55, 0.85, 0.95];

  it("accepts at most ⌊FAR·N⌋ impostors and reports the lowest such threshold", () => {
    // FAR 0.2 → 2 impostors (0.9, 0.8) may pass: threshold just above 0.7
    const r = tarAtFar(gen, imp, 0.2);
    expect(r.acceptedImpostorsAllowed).toBe(2);
    expect(r.threshold).toBe(nextUp(0.7));
    expect(r.far).toBe(0.2);
    expect(r.tar).toBe(0.5); // 0.85, 0.95
  });

  it("with a target below 1/N accepts no impostor at all", () => {
    const r = tarAtFar(gen, imp, 0.01);
    expect(r.acceptedImpostorsAllowed).toBe(0);
    expect(r.threshold).toBe(nextUp(0.9));
    expect(r.far).toBe(0);
    expect(r.tar).toBe(0.25); // 0.95 only
  });

  it("never exceeds the target when impostors are tied at the boundary", () => {
    // impostors 0.9 0.8 0.8 0.1: FAR 0.5 allows 2, but accepting the tied 0.8s would make 3 → only 0.9 passes;
    // the genuine pair tied at 0.8 is rejected with them
    const r = tarAtFar([0.8, 0.95], [0.9, 0.8, 0.8, 0.1], 0.5);
    expect(r.far).toBe(0.25);
    expect(r.threshold).toBe(nextUp(0.8));
    expect(r.tar).toBe(0.5);
  });

  it("does not lose the last impostor to rounding (1e-3 × 3000 = 3)", () => {
    const many = Array.from({ length: 3000 }, (_, i) => i / 3000);
    expect(tarAtFar([1], many, 1e-3).acceptedImpostorsAllowed).toBe(3);
  });

  it("agrees with ratesAt at its threshold", () => {
    const r = tarAtFar(gen, imp, 0.3);
    const rates = ratesAt(gen, imp, r.threshold);
    expect(rates.far).toBe(r.far);
    expect(rates.tar).toBe(r.tar);
    expect(rates.frr).toBe(1 - r.tar);
  });
});

describe("bestThreshold and accuracy", () => {
  it("puts the threshold in the middle of the gap between the classes", () => {
    const pairs = [
      { score: 0.1, genuine: false },
      { score: 0.2, genuine: false },
      { score: 0.6, genuine: true },
      { score: 0.8, genuine: true },
    ];
    const b = bestThreshold(pairs);
    expect(b.accuracy).toBe(1);
    expect(b.threshold).toBeCloseTo(0.4, 12);
    expect(accuracyAt(pairs, 0.4)).toBe(1);
    expect(accuracyAt(pairs, 0.7)).toBe(0.75);
  });

  it("finds the best cut when the classes overlap", () => {
    // genuine 0.3 0.7 0.9, impostor 0.1 0.4 0.5: best 5/6 at a cut in (0.5, 0.7) (only 0.3 wrong)
    const pairs = [0.3, 0.7, 0.9].map((score) => ({ score, genuine: true })).concat([0.1, 0.4, 0.5].map((score) => ({ score, genuine: false })));
    const b = bestThreshold(pairs);
    expect(b.accuracy).toBeCloseTo(5 / 6, 12);
    expect(b.threshold).toBeCloseTo(0.6, 12);
  });
});

describe("kFoldAccuracy", () => {
  it("chooses each fold's threshold on the other folds only", () => {
    // fold 1 separates at 0.5 (genuine 0.6, 0.7; impostor 0.3, 0.4) → its best threshold 0.5
    // fold 2: genuine 0.45, 0.9; impostor 0.2, 0.55 → its best threshold is in (0.55, 0.9) or (0.2, 0.45)
    const pairs: FoldedScore[] = [
      { fold: 1, score: 0.6, genuine: true },
      { fold: 1, score: 0.7, genuine: true },
      { fold: 1, score: 0.3, genuine: false },
      { fold: 1, score: 0.4, genuine: false },
      { fold: 2, score: 0.45, genuine: true },
      { fold: 2, score: 0.9, genuine: true },
      { fold: 2, score: 0.2, genuine: false },
      { fold: 2, score: 0.55, genuine: false },
    ];
    const r = kFoldAccuracy(pairs);
    expect(r.sameDataThreshold).toBe(false);
    const [f1, f2] = r.folds;
    // Fold 2 is tested at fold 1's threshold 0.5: 0.45 rejected (wrong), 0.55 accepted (wrong) → 2/4.
    expect(f2!.threshold).toBeCloseTo(0.5, 12);
    expect(f2!.accuracy).toBe(0.5);
    // Fold 1 is tested at fold 2's threshold: fold 2 alone scores 3/4 at several cuts; either way fold 1 is judged on it.
    expect(accuracyAt(pairs.filter((p) => p.fold === 1), f1!.threshold)).toBe(f1!.accuracy);
    expect(r.mean).toBeCloseTo((f1!.accuracy + f2!.accuracy) / 2, 12);
    expect(r.std).toBeCloseTo(Math.abs(f1!.accuracy - f2!.accuracy) / 2, 12);
  });

  it("flags a single fold (threshold chosen on the tested pairs)", () => {
    const r = kFoldAccuracy([
      { fold: 1, score: 0.9, genuine: true },
      { fold: 1, score: 0.1, genuine: false },
    ]);
    expect(r.sameDataThreshold).toBe(true);
    expect(r.mean).toBe(1);
    expect(r.std).toBe(0);
  });

  it("uses the population standard deviation", () => {
    expect(std([0.99, 1])).toBeCloseTo(0.005, 12);
  });
});

describe("padMetrics", () => {
  const samples = [
    // 4 live: one below 0.5 → BPCER 1/4
    { score: 0.9, live: true, attackType: "none" },
    { score: 0.8, live: true, attackType: "none" },
    { score: 0.6, live: true, attackType: "none" },
    { score: 0.3, live: true, attackType: "none" },
    // 4 print: none accepted; 2 replay: one accepted
    { score: 0.1, live: false, attackType: "print" },
    { score: 0.2, live: false, attackType: "print" },
    { score: 0.05, live: false, attackType: "print" },
    { score: 0.49, live: false, attackType: "print" },
    { score: 0.7, live: false, attackType: "replay" },
    { score: 0.2, live: false, attackType: "replay" },
  ];

  it("reports APCER per attack type, the worst type, BPCER and ACER", () => {
    const m = padMetrics(samples, 0.5);
    expect(m.apcerByType.print).toEqual({ attacks: 4, acceptedAsLive: 0, apcer: 0 });
    expect(m.apcerByType.replay).toEqual({ attacks: 2, acceptedAsLive: 1, apcer: 0.5 });
    expect(m.apcer).toBe(0.5);
    expect(m.apcerPooled).toBeCloseTo(1 / 6, 12);
    expect(m.bpcer).toBe(0.25);
    expect(m.acer).toBe(0.375);
    expect(m.live).toBe(4);
    expect(m.attacks).toBe(6);
  });

  it("accepts a score equal to the threshold as live", () => {
    const m = padMetrics([{ score: 0.5, live: true, attackType: "none" }, { score: 0.5, live: false, attackType: "print" }], 0.5);
    expect(m.bpcer).toBe(0);
    expect(m.apcer).toBe(1);
  });
});

describe("matchEvents (blinks)", () => {
  const annotated = [
    { startFrame: 10, endFrame: 14, startMs: 434, endMs: 601 },
    { startFrame: 40, endFrame: 44, startMs: 1690, endMs: 1857 },
    { startFrame: 82, endFrame: 86 },
  ];

  it("matches within ±2 frames on both ends, one to one", () => {
    const detected = [
      { startFrame: 11, endFrame: 13, startMs: 476, endMs: 559 }, // matches 10-14 (Δ +1, −1)
      { startFrame: 40, endFrame: 47 }, // end 3 frames late: no match
      { startFrame: 12, endFrame: 14 }, // second candidate for 10-14: already taken → false positive
      { startFrame: 84, endFrame: 88 }, // matches 82-86 (Δ +2, +2)
    ];
    const m = matchEvents(detected, annotated, 2);
    expect(m.tp).toBe(2);
    expect(m.fp).toBe(2);
    expect(m.fn).toBe(1);
    expect(m.falseNegatives).toEqual([1]);
    expect(m.precision).toBe(0.5);
    expect(m.recall).toBeCloseTo(2 / 3, 12);
    expect(m.matches.map((x) => [x.detected, x.annotated])).toEqual([
      [0, 0],
      [3, 2],
    ]);
    expect(m.timing.meanAbsStartFrames).toBe(1.5);
    expect(m.timing.meanAbsEndFrames).toBe(1.5);
    expect(m.timing.meanStartFrames).toBe(1.5);
    expect(m.timing.meanEndFrames).toBe(0.5);
    // ms only when every match has times (82-86 has none)
    expect(m.timing.meanAbsStartMs).toBeUndefined();
  });

  it("prefers the closer detection when two compete for one annotation", () => {
    const m = matchEvents([{ startFrame: 12, endFrame: 16 }, { startFrame: 10, endFrame: 14 }], [annotated[0]!], 2);
    expect(m.matches[0]!.detected).toBe(1);
    expect(m.fp).toBe(1);
  });

  it("reports timing in ms when every match has times", () => {
    const m = matchEvents([{ startFrame: 11, endFrame: 14, startMs: 476, endMs: 601 }], [annotated[0]!], 2);
    expect(m.timing.meanAbsStartMs).toBeCloseTo(42, 9);
    expect(m.timing.meanAbsEndMs).toBe(0);
  });

  it("uses the vacuous conventions for empty sides", () => {
    expect(matchEvents([], annotated).precision).toBe(1);
    expect(matchEvents([], annotated).recall).toBe(0);
    expect(matchEvents([{ startFrame: 1, endFrame: 2 }], []).recall).toBe(1);
    expect(matchEvents([{ startFrame: 1, endFrame: 2 }], []).precision).toBe(0);
  });
});
