import { describe, expect, it } from "vitest";
import { newNonce, pickSteps, randomInt } from "@/lib/checkin/challenge";

describe("challenge content", () => {
  it("nonces are 32 random bytes in base64url", () => {
    const a = newNonce();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(Array.from({ length: 200 }, () => newNonce())).size).toBe(200);
  });

  it("picks 2 distinct known steps, every ordered pair reachable", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 600; i++) {
      const s = pickSteps();
      expect(s).toHaveLength(2);
      expect(new Set(s).size).toBe(2);
      for (const x of s) expect(["blink", "turn-left", "turn-right"]).toContain(x);
      seen.add(s.join(","));
    }
    expect(seen.size).toBe(6);
  });

  it("draws integers without modulo bias", () => {
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[randomInt(3)]!++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    expect(() => randomInt(0)).toThrow();
  });
});
