/**
 * The pure detectors on traces of the REAL MediaPipe model (tests/fixtures/face-core/*.json, produced in
 * headless Chromium from shared/data/dev/liveness; see each file's `producer`). The blink ground truth is
 * read from the dev data folder and the blink test skips when it is absent.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { umeyama, ARCFACE_112 } from "@/lib/face/core/align";
import { detectBlinks, type BlinkSample } from "@/lib/face/core/blink";
import { headPoseFromMatrix, turnDirection } from "@/lib/face/core/pose";

const repoRoot = path.resolve(import.meta.dirname, "../../../..");
const fixtures = path.join(repoRoot, "tests/fixtures/face-core");
const dataDir = [process.env.CLOCKFACE_DATA_DIR, path.resolve(repoRoot, "../shared/data/dev")].find(
  (d) => d && fs.existsSync(path.join(d, "liveness/blink_annotations.csv")),
);

interface Ann {
  event: string;
  start: number;
  end: number;
}
function annotations(): Ann[] {
  const lines = fs.readFileSync(path.join(dataDir!, "liveness/blink_annotations.csv"), "utf8").trim().split("\n");
  return lines
    .slice(1)
    .map((l) => l.split(","))
    .filter((c) => c[0] === "repeating_blink_video.mp4")
    .map((c) => ({ event: c[1]!, start: Number(c[2]), end: Number(c[3]) }));
}

describe.skipIf(!dataDir)("blink detector on the real EAR trace of repeating_blink_video.mp4", () => {
  if (!dataDir) console.warn("skipped: shared/data/dev not found (set CLOCKFACE_DATA_DIR)");
  const trace = JSON.parse(fs.readFileSync(path.join(fixtures, "blink-ear-trace.json"), "utf8")) as {
    rows: [number, number, number, number][];
  };
  const samples: BlinkSample[] = trace.rows.map(([frame, tMs, ear, blendshape]) => ({ frame, tMs, ear, blendshape }));

  for (const [label, input] of [
    ["with blendshapes", samples],
    ["EAR only", samples.map(({ blendshape: _b, ...s }) => s)],
  ] as const) {
    it(`finds every annotated blink within ±2 frames and no long closure as a blink (${label})`, () => {
      const ann = annotations();
      expect(ann.filter((a) => a.event === "blink")).toHaveLength(6);
      const evs = detectBlinks(input);
      expect(evs).toHaveLength(ann.length); // nothing extra
      for (const a of ann) {
        const match = evs.filter((e) => Math.abs(e.startFrame! - a.start) <= 2 && Math.abs(e.endFrame! - a.end) <= 2);
        expect(match, `annotated ${a.event} ${a.start}-${a.end}`).toHaveLength(1);
        expect(match[0]!.kind).toBe(a.event);
      }
      expect(evs.filter((e) => e.kind === "blink")).toHaveLength(6);
    });
  }
});

describe("head pose on the real transformation matrices of intel_headpose_female.gif", () => {
  const trace = JSON.parse(fs.readFileSync(path.join(fixtures, "headpose-trace.json"), "utf8")) as {
    frames: { matrix: number[]; five: [number, number][] }[];
  };

  it("reads MediaPipe's matrix as column-major (translation in 12..14, bottom row 0 0 0 1)", () => {
    for (const f of trace.frames) {
      expect([f.matrix[3], f.matrix[7], f.matrix[11], f.matrix[15]]).toEqual([0, 0, 0, 1]);
      expect(f.matrix[14]).toBeLessThan(0); // the face is in front of the camera, which looks down −Z
    }
  });

  it("gives positive yaw when the nose points to the image right (the subject's own left, unmirrored)", () => {
    let agree = 0;
    let strong = 0;
    const yaws: number[] = [];
    for (const f of trace.frames) {
      const [le, re, nose] = f.five;
      const off = (nose![0] - (le![0] + re![0]) / 2) / (re![0] - le![0]);
      const { yaw } = headPoseFromMatrix(f.matrix);
      yaws.push(yaw);
      if (Math.abs(off) > 0.15) {
        strong++;
        if (Math.sign(off) === Math.sign(yaw)) agree++;
        expect(turnDirection(yaw, 10)).toBe(off > 0 ? "left" : "right");
      }
    }
    expect(strong).toBeGreaterThan(10);
    expect(agree).toBe(strong);
    // she turns both ways, well past a 20° challenge threshold
    expect(Math.max(...yaws)).toBeGreaterThan(25);
    expect(Math.min(...yaws)).toBeLessThan(-25);
  });

  it("aligns every frame without a reflection (landmark order is image left-to-right)", () => {
    for (const f of trace.frames) {
      const pts = f.five.map(([x, y]) => ({ x, y }));
      expect(pts[0]!.x).toBeLessThan(pts[1]!.x);
      expect(() => umeyama(pts, ARCFACE_112)).not.toThrow();
    }
  });
});
