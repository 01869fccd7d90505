// "More than one face" in VIDEO mode (the quality gate's "one face only"): a frame with a second face is
// reported as such and carries no face measurements, so it never becomes the capture; when the second
// face leaves, frames are analysed again.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, startHarness, type FrameResult, type Harness } from "@/tools/browser-harness";

const ONE = path.join(repoRoot, "tests/fixtures/silent-face-print-F1.jpg");
const STEP_MS = 40;
/**
 * Frames after a cut that may still show the previous count: VIDEO mode carries the faces it tracked into
 * the next frame (and runs its detector only while it tracks fewer than numFaces), so a hard cut between
 * unrelated images settles within a frame or two. A real camera has no cuts.
 */
const SETTLE_FRAMES = 2;

describe("second face in VIDEO mode", () => {
  let h: Harness;
  let frames: FrameResult[];
  const phases: { file: string; faces: number; fromMs: number }[] = [];

  beforeAll(async () => {
    const dir = path.join(repoRoot, "tests/.tmp/crowd");
    mkdirSync(dir, { recursive: true });
    const two = path.join(dir, "two-faces.jpg");
    // The same 640x480 photo twice side by side, scaled back into a 640x480 frame.
    execFileSync("ffmpeg", ["-v", "error", "-y", "-i", ONE, "-i", ONE, "-filter_complex", "[0][1]hstack,scale=640:240,pad=640:480:0:120", two]);
    const files: string[] = [];
    const tMs: number[] = [];
    let t = 0;
    for (const [file, faces, n] of [[ONE, 1, 8], [two, 2, 25], [ONE, 1, 25]] as const) {
      phases.push({ file, faces, fromMs: t });
      for (let i = 0; i < n; i++, t += STEP_MS) {
        files.push(file);
        tMs.push(t);
      }
    }
    h = await startHarness({ threads: 1, delegate: "CPU" });
    await h.load();
    frames = await h.landmarksForFrames(files, tMs, { wantLandmarks: false, candidate: true });
  }, 300_000);

  afterAll(async () => {
    await h?.close();
  });

  it("reports one face on a one-face frame", () => {
    const first = frames.filter((f) => f.tMs < phases[1]!.fromMs);
    expect(first.length).toBe(8);
    for (const f of first) {
      expect(f.faceCount).toBe(1);
      expect(f.face).toBeDefined();
    }
  });

  it("reports the second face on every two-face frame, without face measurements", () => {
    const crowded = frames.filter((f) => f.tMs >= phases[1]!.fromMs + SETTLE_FRAMES * STEP_MS && f.tMs < phases[2]!.fromMs);
    expect(crowded.length).toBe(25 - SETTLE_FRAMES);
    for (const f of crowded) {
      expect(f.faceCount, `t=${f.tMs}`).toBe(2);
      expect(f.face).toBeUndefined();
      expect(f.bestSoFar).toBe(false);
    }
  });

  it("analyses the face again once the second has left", () => {
    const from = phases[2]!.fromMs;
    const after = frames.filter((f) => f.tMs >= from + SETTLE_FRAMES * STEP_MS);
    expect(after.length).toBe(25 - SETTLE_FRAMES);
    for (const f of after) {
      expect(f.faceCount, `t=${f.tMs}`).toBe(1);
      expect(f.face).toBeDefined();
    }
  });
});
