// Person-level bootstrap helpers on hand-made scores.
import { describe, expect, it } from "vitest";
import { quantile, resampleWeights, weightedTarAtFar, type PairScores } from "@/lib/eval/bootstrap";
import { nextUp, tarAtFar } from "@/lib/eval/metrics";

// People 0, 1, 2. Genuine: person 0: 0.9, 0.5; person 1: 0.7; person 2: 0.3.
// Impostors (a, b): 0.6 (0,1), 0.4 (0,2), 0.2 (1,2), 0.1 (0,1).
const s: PairScores = {
  genuine: Float64Array.from([0.9, 0.5, 0.7, 0.3]),
  genuinePerson: Int32Array.from([0, 0, 1, 2]),
  impostor: Float64Array.from([0.6, 0.4, 0.2, 0.1]),
  impostorA: Int32Array.from([0, 0, 1, 0]),
  impostorB: Int32Array.from([1, 2, 2, 1]),
};

describe("weighted TAR at FAR", () => {
  it("equals tarAtFar with every person weighing 1", () => {
    const w = Float64Array.from([1, 1, 1]);
    for (const far of [0, 0.25, 0.5]) {
      const a = weightedTarAtFar(s, w, far);
      const b = tarAtFar(s.genuine, s.impostor, far);
      expect(a.threshold).toBe(b.threshold);
      expect(a.tar).toBe(b.tar);
    }
    // FAR 0.25 of 4 impostors: one may pass (0.6) → threshold nextUp(0.4); genuine ≥ it: 0.9, 0.5, 0.7 → 3/4.
    expect(weightedTarAtFar(s, w, 0.25)).toEqual({ threshold: nextUp(0.4), tar: 0.75 });
  });

  it("weighs a genuine pair by its person and an impostor pair by the product of its people", () => {
    // Person 2 dropped (w = 0), person 0 drawn twice: impostor weights 0.6→2, 0.4→0, 0.2→0, 0.1→2 (total 4).
    // FAR 0.5 allows weight 2: 0.6 passes, 0.1 must not → threshold nextUp(0.1)... the next group down from
    // 0.6 is 0.4 (weight 0, passes), 0.2 (weight 0), then 0.1 (weight 2 would make 4 > 2) → nextUp(0.1).
    // Genuine weights 2, 2, 1, 0: all of persons 0 and 1 are ≥ nextUp(0.1) → TAR 1.
    const w = Float64Array.from([2, 1, 0]);
    expect(weightedTarAtFar(s, w, 0.5)).toEqual({ threshold: nextUp(0.1), tar: 1 });
    // FAR 0.25 allows weight 1: 0.6 (weight 2) already exceeds → threshold nextUp(0.6); genuine ≥: 0.9 (w 2), 0.7 (w 1) of 5 → 0.6.
    expect(weightedTarAtFar(s, w, 0.25)).toEqual({ threshold: nextUp(0.6), tar: 3 / 5 });
  });
});

describe("bootstrap helpers", () => {
  it("draws as many people as there are, with replacement", () => {
    let k = 0;
    const seq = [0.1, 0.1, 0.9, 0.5];
    const w = resampleWeights(4, () => seq[k++]!);
    expect([...w]).toEqual([2, 0, 1, 1]);
  });
  it("interpolates quantiles", () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(quantile([], 0.5)).toBeNaN();
  });
});
