/**
 * Traces of the REAL MediaPipe model for the pure detectors' tests (tests/fixtures/face-core/*.json, produced in
 * headless Chromium from shared/data/dev/liveness; see each file's `producer`). The blink ground truth is read
 * from the dev data folder; tests that need it skip when it is absent.
 */
import fs from "node:fs";
import path from "node:path";
import type { BlinkSample } from "@/lib/face/core/blink";

const repoRoot = path.resolve(import.meta.dirname, "../../../..");
const fixtures = path.join(repoRoot, "tests/fixtures/face-core");

/** The dev data folder holding the blink annotations, or undefined when it is absent. */
export const dataDir = [process.env.CLOCKFACE_DATA_DIR, path.resolve(repoRoot, "../shared/data/dev")].find(
  (d) => d && fs.existsSync(path.join(d, "liveness/blink_annotations.csv")),
);

export interface Ann {
  event: string;
  start: number;
  end: number;
}

/** The annotated blinks and closures of repeating_blink_video.mp4 (needs `dataDir`). */
export function annotations(): Ann[] {
  const lines = fs.readFileSync(path.join(dataDir!, "liveness/blink_annotations.csv"), "utf8").trim().split("\n");
  return lines
    .slice(1)
    .map((l) => l.split(","))
    .filter((c) => c[0] === "repeating_blink_video.mp4")
    .map((c) => ({ event: c[1]!, start: Number(c[2]), end: Number(c[3]) }));
}

/** The per-frame EAR (and blendshape) trace of repeating_blink_video.mp4. */
export function blinkTrace(): BlinkSample[] {
  const trace = JSON.parse(fs.readFileSync(path.join(fixtures, "blink-ear-trace.json"), "utf8")) as {
    rows: [number, number, number, number][];
  };
  return trace.rows.map(([frame, tMs, ear, blendshape]) => ({ frame, tMs, ear, blendshape }));
}

/** MediaPipe's transformation matrix and five landmarks for each frame of intel_headpose_female.gif. */
export function headposeTrace(): { frames: { matrix: number[]; five: [number, number][] }[] } {
  return JSON.parse(fs.readFileSync(path.join(fixtures, "headpose-trace.json"), "utf8")) as {
    frames: { matrix: number[]; five: [number, number][] }[];
  };
}
