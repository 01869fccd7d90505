// Open-set identification metrics, gallery splits and identity folders on small hand-made inputs, with the
// expected values worked out by hand in the comments.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inflateSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { greyToPng, parsePgm, pgmToPng, readIdentityFolder } from "@/lib/eval/datasets/identities";
import { EvalDataError } from "@/lib/eval/datasets/errors";
import { checkGallery, drawGallery, maxGallery } from "@/lib/eval/gallery";
import {
  fitExponentialTail,
  fnirAt,
  fnirAtFpir,
  fpirAt,
  fuseTemplates,
  modelFnir,
  modelFpir,
  modelThresholdForFpir,
  rank1Rate,
  tailP,
  tailThreshold,
  type MatedSearch,
} from "@/lib/eval/identification";
import { nextUp } from "@/lib/eval/metrics";
import { identificationAt, type IdentificationPoint } from "@/lib/eval/operating-points";

describe("template fusion", () => {
  it("takes the best template, the mean template, or the larger of the two", () => {
    expect(fuseTemplates([0.2, 0.5, 0.3], 0.45, "max")).toBe(0.5);
    expect(fuseTemplates([0.2, 0.5, 0.3], 0.45, "mean")).toBe(0.45);
    expect(fuseTemplates([0.2, 0.5, 0.3], 0.55, "both")).toBe(0.55);
    expect(fuseTemplates([0.2, 0.5, 0.3], 0.45, "both")).toBe(0.5);
  });
});

describe("FPIR, FNIR, rank-1", () => {
  // Mated: A found (0.8 > 0.3), B at rank 2 (0.5 < 0.6), C found but low (0.35 > 0.2), D a tie (0.4 = 0.4 → not found).
  const mated: MatedSearch[] = [
    { mate: 0.8, other: 0.3 },
    { mate: 0.5, other: 0.6 },
    { mate: 0.35, other: 0.2 },
    { mate: 0.4, other: 0.4 },
  ];
  const nonMated = [0.1, 0.2, 0.3, 0.45, 0.25, 0.15, 0.05, 0.33, 0.22, 0.41];

  it("rank-1 counts strict wins only", () => {
    expect(rank1Rate(mated)).toBe(2 / 4);
  });

  it("FNIR at t: not at rank 1 or below t", () => {
    // t = 0.3: A found, B rank 2, C found (0.35 ≥ 0.3), D tie → 2 misses of 4.
    expect(fnirAt(mated, 0.3)).toBe(0.5);
    // t = 0.4: C now below → 3 misses.
    expect(fnirAt(mated, 0.4)).toBe(0.75);
  });

  it("FPIR at t: non-mated best scores ≥ t", () => {
    // ≥ 0.33: 0.45, 0.33, 0.41 → 3/10
    expect(fpirAt(nonMated, 0.33)).toBe(0.3);
  });

  it("the threshold at FPIR ≤ target lies just above the (⌊target·M⌋+1)-th highest non-mated score", () => {
    // M = 10, target 0.1 → 1 may pass: threshold = nextUp(second highest 0.41); FPIR 1/10.
    const p = fnirAtFpir({ mated, nonMated }, 0.1);
    expect(p.threshold).toBe(nextUp(0.41));
    expect(p.fpir).toBe(0.1);
    expect(p.nonMatedAllowed).toBe(1);
    // At 0.41+: A found; B, C, D missed → FNIR 3/4.
    expect(p.fnir).toBe(0.75);
    // target 0.001 → none may pass: above the highest (0.45); A still found.
    const q = fnirAtFpir({ mated, nonMated }, 0.001);
    expect(q.threshold).toBe(nextUp(0.45));
    expect(q.fpir).toBe(0);
  });
});

describe("extrapolation model", () => {
  // 20 stranger scores 0.00, 0.05, …, 0.95; tail over the top 4 (0.80, 0.85, 0.90, 0.95): t0 = 0.80,
  // p0 = 4/20 = 0.2, beta = (0 + 0.05 + 0.10 + 0.15) / 3 = 0.1.
  const scores = Array.from({ length: 20 }, (_, i) => i * 0.05);
  const tail = fitExponentialTail(scores, 4);

  it("fits the exponential tail by its mean excess", () => {
    expect(tail.t0).toBeCloseTo(0.8, 12);
    expect(tail.p0).toBe(0.2);
    expect(tail.beta).toBeCloseTo(0.1, 12);
  });

  it("P(score ≥ t) is measured below t0 and exponential above", () => {
    // ≥ 0.5: 0.50 … 0.95 = 10 of 20
    expect(tailP(tail, 0.5)).toBe(0.5);
    // 0.2·exp(−(1.0 − 0.8)/0.1) = 0.2·e^−2
    expect(tailP(tail, 1.0)).toBeCloseTo(0.2 * Math.exp(-2), 12);
    expect(tailThreshold(tail, 0.2 * Math.exp(-2))).toBeCloseTo(1.0, 12);
  });

  it("FPIR of N people is 1 − (1 − p)^N, and the threshold inverts it", () => {
    const t = 1.0;
    const p = 0.2 * Math.exp(-2);
    expect(modelFpir(tail, 10, t)).toBeCloseTo(1 - (1 - p) ** 10, 12);
    const t10 = modelThresholdForFpir(tail, 10, 1e-3);
    expect(modelFpir(tail, 10, t10)).toBeCloseTo(1e-3, 9);
    // a larger organisation needs a higher threshold for the same FPIR
    expect(modelThresholdForFpir(tail, 1000, 1e-3)).toBeGreaterThan(t10);
  });

  it("FNIR: below t is a miss; above, each of the N − 1 others must stay under the bound", () => {
    // mate scores 0.5 (below t = 0.9: miss) and 1.0: the others must stay below 1.0 → (1 − p(1.0))^(N−1).
    const p1 = 0.2 * Math.exp(-2);
    expect(modelFnir(tail, [0.5, 1.0], 5, 0.9)).toBeCloseTo(1 - (1 - p1) ** 4 / 2, 12);
    // with margin 0.15 the bound is max(0.9, 1.0 − 0.15) = 0.9: p(0.9) = 0.2·e^−1
    const p9 = 0.2 * Math.exp(-1);
    expect(modelFnir(tail, [0.5, 1.0], 5, 0.9, 0.15)).toBeCloseTo(1 - (1 - p9) ** 4 / 2, 12);
  });
});

describe("gallery splits", () => {
  const req = { imagesPerPerson: [1, 2, 3, 4, 1, 5, 2, 1], names: ["a", "b", "c", "d", "e", "f", "g", "h"], k: 3 };

  it("the largest gallery keeps a quarter of the people unenrolled", () => {
    // 8 people, 3 with ≥ 3 images (c, d, f); reserve ⌈8/4⌉ = 2 ≤ 5 people with fewer → all 3 may enrol.
    expect(maxGallery(req)).toBe(3);
    // k = 1: all 8 eligible, reserve 2 → 6.
    expect(maxGallery({ ...req, k: 1 })).toBe(6);
  });

  it("names what is missing when N is too large", () => {
    expect(() => checkGallery(req, 4)).toThrow(EvalDataError);
    expect(() => checkGallery(req, 4)).toThrow(/too few people for N=4 with k=3.*8 people, 3 of them with at least 3 images.*fewer than 3: a \(1\), b \(2\), e \(1\), g \(2\), h \(1\).*at most 3/);
    expect(() => checkGallery({ ...req, imagesPerPerson: [3, 3, 2], names: ["a", "b", "c"] }, 1)).toThrow(/no person has more than k=3 images/);
  });

  it("draws N people, k templates each, the rest as mated probes, everyone else as non-mated", () => {
    let seed = 7;
    const rng = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const s = drawGallery(req, 2, rng);
    expect(s.enrolled).toHaveLength(2);
    for (const [i, p] of s.enrolled.entries()) {
      expect([2, 3, 5]).toContain(p);
      expect(s.templates[i]).toHaveLength(3);
    }
    const matedCount = s.enrolled.reduce((a, p) => a + req.imagesPerPerson[p]! - 3, 0);
    expect(s.mated).toHaveLength(matedCount);
    const enrolled = new Set(s.enrolled);
    expect(s.nonMated.every((q) => !enrolled.has(q.person))).toBe(true);
    expect(s.nonMated).toHaveLength(19 - s.enrolled.reduce((a, p) => a + req.imagesPerPerson[p]!, 0));
  });
});

describe("identity folders", () => {
  const root = mkdtempSync(path.join(tmpdir(), "ident-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("reads the LFW layout and the ORL layout (subjects in numeric order)", () => {
    const lfw = path.join(root, "lfw");
    for (const [name, n] of [["Bob", 2], ["Al", 1]] as const) {
      mkdirSync(path.join(lfw, "images", name), { recursive: true });
      for (let i = 1; i <= n; i++) writeFileSync(path.join(lfw, "images", name, `${name}_000${i}.jpg`), "x");
    }
    expect(readIdentityFolder(lfw)).toEqual({
      layout: "lfw",
      people: [
        { name: "Al", images: ["images/Al/Al_0001.jpg"] },
        { name: "Bob", images: ["images/Bob/Bob_0001.jpg", "images/Bob/Bob_0002.jpg"] },
      ],
    });
    const orl = path.join(root, "orl");
    for (const s of ["s10", "s2"]) {
      mkdirSync(path.join(orl, s), { recursive: true });
      for (const f of ["10.pgm", "2.pgm"]) writeFileSync(path.join(orl, s, f), "x");
    }
    expect(readIdentityFolder(orl).people.map((p) => p.images)).toEqual([
      ["s2/2.pgm", "s2/10.pgm"],
      ["s10/2.pgm", "s10/10.pgm"],
    ]);
  });

  it("explains a malformed layout and an empty person folder", () => {
    mkdirSync(path.join(root, "flat"));
    writeFileSync(path.join(root, "flat", "a.jpg"), "x");
    expect(() => readIdentityFolder(path.join(root, "flat"))).toThrow(/no images\/ folder and no s<k>\/ subject folders/);
    mkdirSync(path.join(root, "e", "images", "Nobody"), { recursive: true });
    expect(() => readIdentityFolder(path.join(root, "e"))).toThrow(/1 person folder\(s\) without a .jpg\/.png image: images\/Nobody\//);
  });

  it("parses a binary PGM and writes a greyscale PNG with the same pixels", () => {
    const pgm = new Uint8Array([...Buffer.from("P5\n# c\n3 2\n255\n"), 0, 50, 100, 150, 200, 250]);
    const { width, height, grey } = parsePgm(pgm);
    expect([width, height, [...grey]]).toEqual([3, 2, [0, 50, 100, 150, 200, 250]]);
    const png = Buffer.from(greyToPng(3, 2, grey));
    expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
    // IDAT starts after the 8-byte signature and the 25-byte IHDR chunk; its length is at offset 33.
    const idatLen = png.readUInt32BE(33);
    const raw = inflateSync(png.subarray(41, 41 + idatLen));
    expect([...raw]).toEqual([0, 0, 50, 100, 0, 150, 200, 250]);
    expect(() => pgmToPng(Buffer.from("P2\n1 1\n255\n0"), "x.pgm")).toThrow(/x.pgm: not a binary PGM/);
    expect(() => pgmToPng(Buffer.from("P5\n4 4\n255\n\0"), "y.pgm")).toThrow(/y.pgm: truncated PGM/);
  });
});

describe("kiosk table lookup", () => {
  const row = (people: number, t: number, fnir: number): IdentificationPoint => ({
    people,
    "0.01": { threshold: t - 0.1, fnir },
    "0.001": { threshold: t, fnir },
    "0.0001": { threshold: t + 0.1, fnir },
  });
  const points = [row(10, 0.4, 0.01), row(1000, 0.6, 0.05)];

  it("interpolates in log(people) and clamps at the ends", () => {
    // 100 people is halfway between 10 and 1000 in log: threshold 0.5, FNIR 0.03
    const r = identificationAt(points, 100, 1e-3)!;
    expect(r.threshold).toBeCloseTo(0.5, 12);
    expect(r.fnir).toBeCloseTo(0.03, 12);
    expect(identificationAt(points, 3, 1e-2)!.threshold).toBeCloseTo(0.3, 12);
    expect(identificationAt(points, 1e6, 1e-4)!.threshold).toBeCloseTo(0.7, 12);
    expect(identificationAt([], 5, 1e-3)).toBeNull();
  });
});
