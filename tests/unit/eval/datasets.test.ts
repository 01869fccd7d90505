// Readers of the evaluation folders (LFW pairs, spoof labels, blink annotations) on temp folders made
// here, including every malformed case the commands must explain; plus the small pure helpers
// (CSV, pair sampling, progress line, operating-point interpolation, SVG plot).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readBlinkAnnotationsCsv } from "@/lib/eval/datasets/blink-annotations";
import { headerIndex, parseCsvLine } from "@/lib/eval/datasets/csv";
import { EvalDataError } from "@/lib/eval/datasets/errors";
import { checkPairImages, lfwImagePath, listLfwImages, parsePairsHeader, readLfwPairs } from "@/lib/eval/datasets/lfw";
import { readSpoofLabels } from "@/lib/eval/datasets/spoof-labels";
import { describeRate, interpolateAt, thresholdGrid } from "@/lib/eval/operating-points";
import { genuinePairCount, genuinePairs, impostorPairCount, sampleImpostorPairs } from "@/lib/eval/pairs";
import { formatDuration, formatProgress } from "@/lib/eval/progress";
import { decimate, linePlotSvg } from "@/lib/eval/roc-svg";

const root = mkdtempSync(path.join(tmpdir(), "clockface-eval-data-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let seq = 0;

/** A temp folder with the given files (text content; "" for an empty image placeholder). */
function folder(files: Record<string, string>): string {
  const dir = path.join(root, String(++seq));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

const IMAGES = {
  "images/Ann/Ann_0001.jpg": "",
  "images/Ann/Ann_0002.jpg": "",
  "images/Bob/Bob_0001.jpg": "",
  "images/Cy/Cy_0001.jpg": "",
  "images/Cy/Cy_0002.jpg": "",
};
const GOOD_PAIRS = "2\t1\nAnn\t1\t2\nAnn\t1\tBob\t1\nCy\t1\t2\nBob\t1\tCy\t2\n";

describe("LFW pairs.txt", () => {
  it("reads folds, labels and image paths", async () => {
    const dir = folder({ ...IMAGES, "pairs.txt": GOOD_PAIRS });
    const p = await readLfwPairs(dir);
    expect(p.folds).toBe(2);
    expect(p.perClass).toBe(1);
    expect(p.pairs.map((x) => [x.fold, x.same, x.a, x.b])).toEqual([
      [0, true, "images/Ann/Ann_0001.jpg", "images/Ann/Ann_0002.jpg"],
      [0, false, "images/Ann/Ann_0001.jpg", "images/Bob/Bob_0001.jpg"],
      [1, true, "images/Cy/Cy_0001.jpg", "images/Cy/Cy_0002.jpg"],
      [1, false, "images/Bob/Bob_0001.jpg", "images/Cy/Cy_0002.jpg"],
    ]);
    expect(() => checkPairImages(dir, p.pairs)).not.toThrow();
    expect([...listLfwImages(dir)].map((i) => i.rel)).toEqual(Object.keys(IMAGES));
  });

  it("accepts CRLF line endings and a one-number (one fold) header", async () => {
    const dir = folder({ ...IMAGES, "pairs.txt": "1\r\nAnn\t1\t2\r\nAnn\t1\tBob\t1\r\n" });
    const p = await readLfwPairs(dir);
    expect(p.folds).toBe(1);
    expect(p.pairs).toHaveLength(2);
    expect(parsePairsHeader("10\t300")).toEqual({ folds: 10, perClass: 300 });
    expect(lfwImagePath("Zico", 3)).toBe("images/Zico/Zico_0003.jpg");
  });

  it("explains a missing pairs file", async () => {
    const dir = folder(IMAGES);
    await expect(readLfwPairs(dir)).rejects.toThrow(EvalDataError);
    await expect(readLfwPairs(dir)).rejects.toThrow(/pairs\.txt not found.*View 2/);
  });

  it("explains a bad header", async () => {
    const dir = folder({ ...IMAGES, "pairs.txt": "folds\tpairs\nAnn\t1\t2\n" });
    await expect(readLfwPairs(dir)).rejects.toThrow(/pairs\.txt:1: bad header "folds\tpairs".*LFW View-2 format/);
  });

  it("explains a line of the wrong kind, a bad number, and a wrong count", async () => {
    await expect(readLfwPairs(folder({ "pairs.txt": "1\t1\nAnn\t1\tBob\t1\nAnn\t1\t2\n" }))).rejects.toThrow(
      /pairs\.txt:2: expected a matched \(3-field\) line here \(fold 1/,
    );
    await expect(readLfwPairs(folder({ "pairs.txt": "1\t1\nAnn\tx\t2\nAnn\t1\tBob\t1\n" }))).rejects.toThrow(/pairs\.txt:2: bad image number "x"/);
    await expect(readLfwPairs(folder({ "pairs.txt": "2\t1\nAnn\t1\t2\nAnn\t1\tBob\t1\n" }))).rejects.toThrow(/promises 2 folds × 2 × 1 = 4 pairs, the file has 2/);
    await expect(readLfwPairs(folder({ "pairs.txt": "1\t1\nAnn\t1\t2\nAnn\t1\tBob\t1\nAnn\t1\t2\n" }))).rejects.toThrow(/more pair lines than/);
    await expect(readLfwPairs(folder({ "pairs.txt": "" }))).rejects.toThrow(/is empty/);
  });

  it("names missing images and the pairs.txt line that uses them", async () => {
    const { "images/Cy/Cy_0002.jpg": _gone, ...rest } = IMAGES;
    const dir = folder({ ...rest, "pairs.txt": GOOD_PAIRS });
    const p = await readLfwPairs(dir);
    expect(() => checkPairImages(dir, p.pairs)).toThrow(/1 image\(s\) named in pairs\.txt are missing: images\/Cy\/Cy_0002\.jpg \(pairs\.txt:4\)/);
  });

  it("explains a folder without images/", () => {
    expect(() => [...listLfwImages(folder({ "pairs.txt": GOOD_PAIRS }))]).toThrow(/images not found/);
  });
});

describe("spoof labels.csv", () => {
  const HEADER = "path,label,attack_type,subject,source\n";

  it("reads rows (quoted fields, extra columns, any column order)", async () => {
    const dir = folder({
      "a.jpg": "",
      "b c.jpg": "",
      "labels.csv": 'label,path,attack_type,subject,source,extra\nlive,a.jpg,none,s1,"NUAA, via x",1\nspoof,"b c.jpg",print,s1,src,2\n',
    });
    const rows = await readSpoofLabels(dir);
    expect(rows.map((r) => [r.path, r.live, r.attackType, r.source])).toEqual([
      ["a.jpg", true, "none", "NUAA, via x"],
      ["b c.jpg", false, "print", "src"],
    ]);
  });

  it("explains a missing labels file, a bad header, bad labels and missing images", async () => {
    await expect(readSpoofLabels(folder({ "a.jpg": "" }))).rejects.toThrow(/labels\.csv not found.*path,label,attack_type,subject,source/);
    await expect(readSpoofLabels(folder({ "labels.csv": "file,label\na.jpg,live\n" }))).rejects.toThrow(
      /labels\.csv:1: bad header "file,label".*missing column\(s\) path, attack_type, subject, source/,
    );
    await expect(readSpoofLabels(folder({ "a.jpg": "", "labels.csv": HEADER + "a.jpg,real,none,s,x\n" }))).rejects.toThrow(
      /labels\.csv:2: label must be live or spoof, got "real"/,
    );
    await expect(readSpoofLabels(folder({ "a.jpg": "", "labels.csv": HEADER + "a.jpg,live,print,s,x\n" }))).rejects.toThrow(/live sample must have attack_type none/);
    await expect(readSpoofLabels(folder({ "a.jpg": "", "labels.csv": HEADER + "a.jpg,spoof,none,s,x\n" }))).rejects.toThrow(/spoof sample needs an attack_type/);
    await expect(readSpoofLabels(folder({ "labels.csv": HEADER + "../a.jpg,live,none,s,x\n" }))).rejects.toThrow(/must be relative/);
    await expect(readSpoofLabels(folder({ "a.jpg": "", "labels.csv": HEADER + "a.jpg,live,none,s,x\nb.jpg,spoof,print,s,x\n" }))).rejects.toThrow(
      /1 image\(s\) listed in labels\.csv are missing: b\.jpg \(labels\.csv:3\)/,
    );
    await expect(readSpoofLabels(folder({ "labels.csv": HEADER }))).rejects.toThrow(/no samples/);
  });
});

describe("blink_annotations.csv", () => {
  const HEADER = "file,event,start_frame,end_frame,start_s,end_s\n";

  it("reads rows", async () => {
    const dir = folder({ "v.mp4": "", "blink_annotations.csv": HEADER + "v.mp4,blink,10,14,0.434,0.601\nv.mp4,long_closure,137,194,5.751,8.137\n" });
    const rows = await readBlinkAnnotationsCsv(dir);
    expect(rows.map((r) => [r.event, r.startFrame, r.endFrame, r.startS])).toEqual([
      ["blink", 10, 14, 0.434],
      ["long_closure", 137, 194, 5.751],
    ]);
  });

  it("explains every malformed case", async () => {
    await expect(readBlinkAnnotationsCsv(folder({ "v.mp4": "" }))).rejects.toThrow(/blink_annotations\.csv not found/);
    await expect(readBlinkAnnotationsCsv(folder({ "blink_annotations.csv": "video,event\n" }))).rejects.toThrow(/:1: bad header.*missing column/);
    await expect(readBlinkAnnotationsCsv(folder({ "v.mp4": "", "blink_annotations.csv": HEADER + "v.mp4,wink,1,2,0,0.1\n" }))).rejects.toThrow(
      /:2: event must be blink or long_closure, got "wink"/,
    );
    await expect(readBlinkAnnotationsCsv(folder({ "v.mp4": "", "blink_annotations.csv": HEADER + "v.mp4,blink,1.5,2,0,0.1\n" }))).rejects.toThrow(
      /start_frame must be a frame index/,
    );
    await expect(readBlinkAnnotationsCsv(folder({ "v.mp4": "", "blink_annotations.csv": HEADER + "v.mp4,blink,5,2,0,0.1\n" }))).rejects.toThrow(
      /end_frame 2 is before start_frame 5/,
    );
    await expect(readBlinkAnnotationsCsv(folder({ "blink_annotations.csv": HEADER + "gone.mp4,blink,1,2,0,0.1\n" }))).rejects.toThrow(
      /video\(s\) named in blink_annotations\.csv are missing: gone\.mp4/,
    );
  });
});

describe("csv", () => {
  it("parses quotes, escaped quotes and empty fields", () => {
    expect(parseCsvLine('a,"b,c","d ""e""",,f')).toEqual(["a", "b,c", 'd "e"', "", "f"]);
    expect(parseCsvLine("")).toEqual([""]);
    expect(() => parseCsvLine('a,"b')).toThrow(/unterminated/);
    expect(headerIndex(["x", " b ", "a"], ["a", "b"] as const)).toEqual({ a: 2, b: 1 });
  });
});

describe("pair sampling", () => {
  // people: 0 0 0 1 1 2 → genuine pairs 3 + 1 = 4, impostor pairs 15 − 4 = 11
  const person = Int32Array.from([0, 0, 0, 1, 1, 2]);
  const rng = () => {
    let s = 42;
    return () => ((s = (s * 16807) % 2147483647) / 2147483647);
  };

  it("counts and enumerates when asked for most of the pairs", () => {
    expect(genuinePairCount(person)).toBe(4);
    expect(impostorPairCount(person)).toBe(11);
    const all = sampleImpostorPairs(person, 100, rng());
    expect(all.length).toBe(22);
    for (let k = 0; k < all.length; k += 2) expect(person[all[k]!]).not.toBe(person[all[k + 1]!]);
  });

  it("samples distinct impostor pairs of different people, deterministically", () => {
    const many = Int32Array.from({ length: 200 }, (_, i) => i % 50);
    const a = sampleImpostorPairs(many, 1000, rng());
    const b = sampleImpostorPairs(many, 1000, rng());
    expect(a).toEqual(b);
    const keys = new Set<string>();
    for (let k = 0; k < a.length; k += 2) {
      expect(a[k]!).toBeLessThan(a[k + 1]!);
      expect(many[a[k]!]).not.toBe(many[a[k + 1]!]);
      keys.add(`${a[k]},${a[k + 1]}`);
    }
    expect(keys.size).toBe(1000);
  });

  it("returns every genuine pair, or a sample of distinct ones above the cap", () => {
    expect(genuinePairs(person, 100, rng()).length).toBe(8);
    const s = genuinePairs(person, 2, rng());
    expect(s.length).toBe(4);
    expect(`${s[0]},${s[1]}`).not.toBe(`${s[2]},${s[3]}`);
    for (let k = 0; k < s.length; k += 2) expect(person[s[k]!]).toBe(person[s[k + 1]!]);
  });
});

describe("progress line", () => {
  it("shows count, percentage, rate and ETA", () => {
    expect(formatProgress("embedding", 100, 400, 50, " img/s", 8)).toBe("embedding [##......] 100/400  25%  2.0 img/s  ETA 2m30s");
    expect(formatProgress("x", 4, 4, 3725, "/s", 4)).toBe("x [####] 4/4 100%  0.0/s  done in 1h02m");
    expect(formatDuration(42)).toBe("42s");
    expect(formatDuration(Number.NaN)).toBe("?");
  });
});

describe("operating points", () => {
  const pts = [
    { threshold: 0.3, far: 0.01, frr: 0.001 },
    { threshold: 0.4, far: 0.001, frr: 0.011 },
  ];

  it("interpolates linearly and clamps outside the table", () => {
    const mid = interpolateAt(pts, 0.35)!;
    expect(mid.far).toBeCloseTo(0.0055, 12);
    expect(mid.frr).toBeCloseTo(0.006, 12);
    expect(interpolateAt(pts, 0.1)).toEqual({ threshold: 0.1, far: 0.01, frr: 0.001 });
    expect(interpolateAt(pts, 0.9)).toEqual({ threshold: 0.9, far: 0.001, frr: 0.011 });
    expect(interpolateAt([], 0.3)).toBeNull();
    expect(interpolateAt(pts, Number.NaN)).toBeNull();
  });

  it("describes rates for people", () => {
    expect(describeRate(0.001)).toBe("0.10 % (about 1 in 1,000)");
    expect(describeRate(0.025)).toBe("2.5 % (about 1 in 40)");
    expect(describeRate(0, 300000)).toBe("0 % (none in 300,000 tries)");
    expect(thresholdGrid(0.3, 0.32, 0.005)).toEqual([0.3, 0.305, 0.31, 0.315, 0.32]);
  });
});

describe("ROC plot", () => {
  it("writes an SVG with one path per series, thinned to visible steps", () => {
    const pts = Array.from({ length: 5000 }, (_, i) => ({ x: i / 5000, y: Math.sqrt(i / 5000) }));
    expect(decimate(pts, 0.01, 0.01, false).length).toBeLessThan(200);
    const svg = linePlotSvg({
      title: "A & B",
      xLabel: "FAR",
      yLabel: "TAR",
      logX: true,
      xMin: 1e-4,
      series: [
        { label: "one", points: pts, colour: "#000" },
        { label: "two", points: pts, colour: "#f00", dashed: true },
      ],
      markers: [{ x: 1e-3, y: 0.5, label: "op" }],
    });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.trim().endsWith("</svg>")).toBe(true);
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg).toContain("A &amp; B");
    expect(svg).toContain(">1e-4<");
    expect(svg).not.toMatch(/NaN|Infinity/);
  });
});
