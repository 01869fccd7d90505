import { describe, expect, it } from "vitest";
import { cropQuality } from "@/lib/checkin/quality";

/** A 112x112 RGBA test card: a checkerboard (sharp) or a flat grey (no detail) at a given brightness. */
function card(kind: "checker" | "flat", level: number): Uint8ClampedArray {
  const d = new Uint8ClampedArray(112 * 112 * 4);
  for (let y = 0; y < 112; y++)
    for (let x = 0; x < 112; x++) {
      const v = kind === "checker" ? (((x >> 2) + (y >> 2)) % 2 ? level + 40 : level - 40) : level;
      d.set([v, v, v, 255], (y * 112 + x) * 4);
    }
  return d;
}

describe("crop quality", () => {
  it("scores detail in good light high, and no detail or bad exposure low", () => {
    expect(cropQuality(card("checker", 128), 112, 112).score).toBe(1);
    expect(cropQuality(card("flat", 128), 112, 112).score).toBe(0);
    expect(cropQuality(card("checker", 45), 112, 112).score).toBeLessThan(0.5);
    expect(cropQuality(card("checker", 215), 112, 112).score).toBeLessThan(0.6);
    const q = cropQuality(card("checker", 128), 112, 112);
    expect(q.luma).toBeCloseTo(128, 0);
    expect(q.sharpness).toBeGreaterThan(80);
  });
});
