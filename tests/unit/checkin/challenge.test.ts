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

  it("draws only from the organisation's pool, both orders reachable", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const s = pickSteps(2, undefined, ["turn-right", "turn-left"]);
      expect(s.slice().sort()).toEqual(["turn-left", "turn-right"]);
      seen.add(s.join(","));
    }
    expect([...seen].sort()).toEqual(["turn-left,turn-right", "turn-right,turn-left"]);
    for (let i = 0; i < 100; i++) expect(pickSteps(2, undefined, ["blink", "turn-left", "blink"]).slice().sort()).toEqual(["blink", "turn-left"]);
  });

  it("refuses a pool smaller than the steps asked for (repeats and unknown steps do not count)", () => {
    expect(() => pickSteps(2, undefined, ["blink"])).toThrow(RangeError);
    expect(() => pickSteps(2, undefined, ["blink", "blink"])).toThrow(RangeError);
    expect(() => pickSteps(2, undefined, ["blink", "nod" as never])).toThrow(RangeError);
    expect(() => pickSteps(2, undefined, [])).toThrow(RangeError);
  });

  it("draws integers without modulo bias", () => {
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[randomInt(3)]!++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    expect(() => randomInt(0)).toThrow();
  });
});
