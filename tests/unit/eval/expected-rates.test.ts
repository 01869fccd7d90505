// The measured operating points (lib/eval/operating-points.json, written by eval:verify / eval:pad) and
// the defaults in lib/validations/settings.ts must agree: the default match threshold is the FAR-1e-3
// point, and the table covers every threshold an organisation may choose.
import { describe, expect, it } from "vitest";
import { expectedAntispoofRates, expectedMatchRates, operatingPoints } from "@/lib/eval/expected-rates";
import { thresholdBounds } from "@/lib/validations/settings";

describe("operating points table", () => {
  it("has both tables, with sample sizes and a source", () => {
    expect(operatingPoints.match?.source).toMatch(/eval:verify/);
    expect(operatingPoints.match?.counts.impostorPairs).toBeGreaterThanOrEqual(100_000);
    expect(operatingPoints.antispoof?.source).toMatch(/eval:pad/);
  });

  it("covers the allowed threshold ranges", () => {
    const m = operatingPoints.match!.points.map((p) => p.threshold);
    expect(Math.min(...m)).toBeLessThanOrEqual(thresholdBounds.match.min);
    expect(Math.max(...m)).toBeGreaterThanOrEqual(thresholdBounds.match.max);
    const a = operatingPoints.antispoof!.points.map((p) => p.threshold);
    expect(Math.min(...a)).toBeLessThanOrEqual(thresholdBounds.antispoof.min);
    expect(Math.max(...a)).toBeGreaterThanOrEqual(thresholdBounds.antispoof.max);
  });

  it("is monotone: a higher threshold accepts fewer impostors and rejects more genuine users", () => {
    const pts = [...operatingPoints.match!.points].sort((x, y) => x.threshold - y.threshold);
    for (let i = 1; i < pts.length; i++) {
      expect(pts[i]!.far).toBeLessThanOrEqual(pts[i - 1]!.far);
      expect(pts[i]!.frr).toBeGreaterThanOrEqual(pts[i - 1]!.frr);
    }
  });

  it("puts the default match threshold at a false-accept rate of about 1 in 1,000", () => {
    const r = expectedMatchRates(thresholdBounds.match.default)!;
    expect(r.far).toBeLessThanOrEqual(1.1e-3);
    expect(r.far).toBeGreaterThan(0.5e-3);
  });

  it("gives the anti-spoof default's rates", () => {
    const r = expectedAntispoofRates(thresholdBounds.antispoof.default)!;
    expect(r.apcer).toBeGreaterThanOrEqual(0);
    expect(r.bpcer).toBeLessThan(0.1);
  });
});

describe("Settings: expected rates shown next to the thresholds", () => {
  it("renders the false-accept and false-reject rates of a match threshold", async () => {
    const { createElement } = await import("react");
    const { renderToStaticMarkup } = await import("react-dom/server");
    const { ExpectedMatchRates, ExpectedAntispoofRates } = await import("@/app/admin/settings/expected-rates");
    const html = renderToStaticMarkup(createElement(ExpectedMatchRates, { threshold: thresholdBounds.match.default }));
    expect(html).toContain("Someone else accepted as this person");
    expect(html).toMatch(/0\.(098|099|10) % \(about 1 in 1,0\d0\)/);
    const strict = renderToStaticMarkup(createElement(ExpectedMatchRates, { threshold: 0.5 }));
    expect(strict).toMatch(/0 % \(none in 300,000 tries\)/);
    const pad = renderToStaticMarkup(createElement(ExpectedAntispoofRates, { threshold: 0.5 }));
    expect(pad).toContain("Real faces rejected");
    expect(pad).toMatch(/\d+ real faces and \d+ attacks/);
    // Plain words for an admin: no metric names, dataset names or repository paths.
    for (const text of [html, strict, pad]) expect(text).not.toMatch(/cosine|LFW|docs\/|\.md\b/i);
  });
});
