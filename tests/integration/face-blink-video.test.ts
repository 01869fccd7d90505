// The blink detector (lib/face/core/blink) on a real annotated video, with landmarks from the real
// MediaPipe FaceLandmarker running in the browser face worker (VIDEO mode, frames in decode order with
// their timestamps).
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectBlinks, type BlinkEvent } from "@/lib/face/core/blink";
import { devDataDir, startHarness, type FrameResult, type Harness } from "@/tools/browser-harness";
import { extractFrames, readBlinkAnnotations } from "@/tools/video-frames";

const data = devDataDir();
if (!data) console.warn("face-blink-video: ../shared/data/dev not found (set CLOCKFACE_DATA_DIR): skipped");
const VIDEO = "repeating_blink_video.mp4";
const TOLERANCE_FRAMES = 2;

describe.skipIf(!data)("blink detector on liveness/repeating_blink_video.mp4", () => {
  let h: Harness;
  let frames: FrameResult[];
  let events: BlinkEvent[];

  beforeAll(async () => {
    const fr = extractFrames(path.join(data!, "liveness", VIDEO));
    h = await startHarness({ threads: 2, delegate: "CPU" });
    await h.load();
    frames = await h.landmarksForFrames(fr.files, fr.tMs, { wantLandmarks: false });
    events = detectBlinks(
      frames.map((f, i) => ({ tMs: f.tMs, frame: i, ear: f.face?.ear.mean ?? Number.NaN, blendshape: f.face?.blinkBlendshape })),
    );
  }, 600_000);

  afterAll(async () => {
    await h?.close();
  });

  it("finds a face in (nearly) every frame", () => {
    const withFace = frames.filter((f) => f.faceCount === 1).length;
    expect(withFace / frames.length).toBeGreaterThan(0.98);
  });

  it("finds each annotated blink within ±2 frames and nothing else counts as a blink", () => {
    const ann = readBlinkAnnotations(path.join(data!, "liveness/blink_annotations.csv")).filter((a) => a.file === VIDEO);
    const blinks = events.filter((e) => e.kind === "blink");
    const annotated = ann.filter((a) => a.event === "blink");
    expect(annotated.length).toBe(6);
    for (const a of annotated) {
      const match = blinks.find(
        (e) => Math.abs(e.startFrame! - a.startFrame) <= TOLERANCE_FRAMES && Math.abs(e.endFrame! - a.endFrame) <= TOLERANCE_FRAMES,
      );
      expect(match, `blink at frames ${a.startFrame}-${a.endFrame}`).toBeDefined();
    }
    expect(blinks.length).toBe(annotated.length);
  });

  it("does not count the 2 long closures as blinks (reports them as long closures)", () => {
    const ann = readBlinkAnnotations(path.join(data!, "liveness/blink_annotations.csv")).filter(
      (a) => a.file === VIDEO && a.event === "long_closure",
    );
    expect(ann.length).toBe(2);
    for (const a of ann) {
      const inside = events.filter((e) => e.startFrame! <= a.endFrame && e.endFrame! >= a.startFrame);
      expect(inside.every((e) => e.kind === "long_closure"), `closure ${a.startFrame}-${a.endFrame}`).toBe(true);
      expect(inside.length).toBeGreaterThanOrEqual(1);
    }
  });
});
