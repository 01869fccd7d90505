import { describe, expect, it } from "vitest";
import { cosine, dot, euclidean, l2norm, l2normalize } from "@/lib/face/core/similarity";

describe("similarity", () => {
  it("computes norms and normalises", () => {
    expect(l2norm([3, 4])).toBe(5);
    const u = l2normalize(new Float32Array([3, 4]));
    expect(u).toBeInstanceOf(Float32Array);
    expect(Array.from(u)).toEqual([Math.fround(0.6), Math.fround(0.8)]);
    expect(l2norm(u)).toBeCloseTo(1, 6);
    expect(() => l2normalize([0, 0])).toThrow(RangeError);
  });

  it("computes cosine similarity", () => {
    expect(cosine([1, 0], [0, 1])).toBe(0);
    expect(cosine([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosine([1, 2, 3], [-1, -2, -3])).toBeCloseTo(-1, 12);
    // 45°
    expect(cosine([1, 0], [1, 1])).toBeCloseTo(Math.SQRT1_2, 12);
    // scale invariant
    expect(cosine([0.3, -1.2, 4], [2, 2, 1])).toBeCloseTo(cosine([3, -12, 40], [0.2, 0.2, 0.1]), 12);
    expect(cosine([0, 0], [1, 1])).toBe(0);
    expect(() => cosine([1], [1, 2])).toThrow(RangeError);
  });

  it("computes Euclidean distance, consistent with cosine on unit vectors", () => {
    expect(euclidean([0, 0], [3, 4])).toBe(5);
    const a = l2normalize([0.2, -0.7, 1.1, 0.4]);
    const b = l2normalize([0.5, 0.1, 0.9, -0.3]);
    expect(euclidean(a, b) ** 2).toBeCloseTo(2 - 2 * cosine(a, b), 6);
    expect(dot(a, b)).toBeCloseTo(cosine(a, b), 6);
  });
});

describe("meanEmbedding (probe fusion)", async () => {
  const { meanEmbedding } = await import("@/lib/face/core/similarity");
  it("averages unit directions, each frame weighing the same", () => {
    // (2, 0) and (0, 5) normalise to (1, 0) and (0, 1); their mean direction is (1, 1)/√2.
    const m = meanEmbedding([[2, 0], [0, 5]]);
    expect(m[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(m[1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect([...meanEmbedding([[3, 4]])].map((x) => Number(x.toFixed(6)))).toEqual([0.6, 0.8]);
  });
  it("refuses no embeddings, a zero one and different lengths", () => {
    expect(() => meanEmbedding([])).toThrow(RangeError);
    expect(() => meanEmbedding([[1, 0], [0, 0]])).toThrow(/zero/);
    expect(() => meanEmbedding([[1, 0], [1, 0, 0]])).toThrow(/lengths differ/);
  });
});
