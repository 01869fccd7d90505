// Size-dependent thresholds from a small hand-made identification table.
import { describe, expect, it } from "vitest";
import { DEFAULT_KIOSK_FPIR, sizedThresholds } from "@/lib/checkin/org-size";
import { operatingPoints } from "@/lib/eval/expected-rates";
import type { IdentificationTable } from "@/lib/eval/operating-points";

const row = (people: number, t: number) => ({
  people,
  "0.01": { threshold: t - 0.05, fnir: 0.01 },
  "0.001": { threshold: t, fnir: 0.02 },
  "0.0001": { threshold: t + 0.05, fnir: 0.04 },
});
const table: IdentificationTable = {
  source: "test",
  generatedAt: "2026-12-04T00:00:00Z",
  counts: {},
  templatesPerPerson: 3,
  margin: 0.05,
  model: "test",
  points: [row(1, 0.3), row(100, 0.5), row(10000, 0.7)],
};
const s = { matchThreshold: 0.342, matchMargin: 0.05 };

describe("thresholds by organisation size", () => {
  it("raises the kiosk threshold with the number of people, at the chosen FPIR", () => {
    const small = sizedThresholds(1, s, table);
    // the table's 0.3 for one person is below the organisation's 1:1 threshold: the higher one is kept
    expect(small.kiosk.threshold).toBe(0.342);
    const mid = sizedThresholds(1000, s, table);
    // 1,000 is halfway between 100 and 10,000 in log: 0.6
    expect(mid.kiosk.threshold).toBeCloseTo(0.6, 12);
    expect(mid.kiosk.guard).toBe(mid.kiosk.threshold);
    expect(sizedThresholds(1000, { ...s, kioskFpir: 1e-2 }, table).kiosk.threshold).toBeCloseTo(0.55, 12);
    expect(mid.expected).toEqual({ people: 1000, fpir: DEFAULT_KIOSK_FPIR, fnir: 0.02 });
  });

  it("keeps the 1:1 threshold for laptops and guards the margin at the kiosk threshold", () => {
    const r = sizedThresholds(1000, s, table);
    expect(r.verify.threshold).toBe(0.342);
    expect(r.verify.margin).toBe(0.05);
    expect(r.verify.guard).toBeCloseTo(0.6, 12);
  });

  it("falls back to the organisation's threshold without a table", () => {
    const r = sizedThresholds(1000, s, null);
    expect(r.kiosk).toEqual({ threshold: 0.342, margin: 0.05, guard: 0.342 });
    expect(r.expected).toBeNull();
  });

  it("the shipped table grows with the organisation", () => {
    const t = operatingPoints.identification;
    expect(t, "lib/eval/operating-points.json has no identification table (npm run eval:identify -- --write-operating-points)").toBeDefined();
    const at = (n: number) => sizedThresholds(n, s).kiosk.threshold;
    expect(at(100)).toBeLessThan(at(1000));
    expect(at(1000)).toBeLessThan(at(100000));
  });
});

describe("Settings: rates at the organisation's size", async () => {
  const { orgSizeRates } = await import("@/lib/eval/expected-rates");
  const points = { identification: table };
  it("gives the kiosk threshold and expected FNIR for the organisation and the example sizes", () => {
    const r = orgSizeRates(1000, 0.342, 1e-3, points)!;
    expect(r.own).toEqual({ people: 1000, kioskThreshold: expect.closeTo(0.6, 12), fpir: 1e-3, fnir: 0.02 });
    expect(r.examples.map((e) => e.people)).toEqual([100, 1000, 10000]);
    expect(r.examples[0]!.kioskThreshold).toBeCloseTo(0.5, 12);
    // never below the organisation's own threshold
    expect(orgSizeRates(1, 0.45, 1e-3, points)!.own.kioskThreshold).toBe(0.45);
    expect(orgSizeRates(5, 0.342, 1e-3, {})).toBeNull();
  });
});
