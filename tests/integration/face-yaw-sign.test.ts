// Yaw sign convention on real faces: positive yaw = the subject turns to their own LEFT, which in an
// unmirrored frame moves the nose tip towards the image RIGHT of the eyes' midpoint. Mirroring the frames
// must flip the sign. Uses the Intel head-pose clip (a woman turning her head) and LFW stills.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Landmark } from "@/lib/face/core/types";
import { devDataDir, startHarness, type FrameResult, type Harness } from "@/tools/browser-harness";
import { extractFrames } from "@/tools/video-frames";

const data = devDataDir();
if (!data) console.warn("face-yaw-sign: ../shared/data/dev not found (set CLOCKFACE_DATA_DIR): skipped");

/** Nose tip offset from the midpoint of the outer eye corners, in units of the eye distance (+ = image right). */
function noseOffset(lm: Landmark[]): number {
  const nose = lm[1]!;
  const r = lm[33]!;
  const l = lm[263]!;
  return (nose.x - (r.x + l.x) / 2) / Math.abs(l.x - r.x);
}

describe.skipIf(!data)("yaw sign on real frames", () => {
  let h: Harness;
  let plain: FrameResult[];
  let mirrored: FrameResult[];

  beforeAll(async () => {
    const gif = path.join(data!, "liveness/intel_headpose_female.gif");
    // Upscale: the face in this clip is small (480x270).
    const a = extractFrames(gif, { filter: "scale=960:540" });
    const b = extractFrames(gif, { filter: "scale=960:540,hflip" });
    h = await startHarness({ threads: 2, delegate: "CPU" });
    await h.load();
    plain = await h.landmarksForFrames(a.files, a.tMs);
    await h.evaluate(() => window.harness.resetCapture(), undefined);
    mirrored = await h.landmarksForFrames(b.files, b.tMs.map((t) => t + 100_000));
  }, 600_000);

  afterAll(async () => {
    await h?.close();
  });

  it("positive yaw ⇔ nose towards the image right (subject's own left)", () => {
    const turned = plain.filter((f) => f.face && Math.abs(f.face.pose.yaw) >= 10);
    expect(turned.length).toBeGreaterThanOrEqual(3);
    for (const f of turned) {
      expect(Math.sign(f.face!.pose.yaw)).toBe(Math.sign(noseOffset(f.face!.landmarks!)));
    }
  });

  it("mirroring the frame flips the yaw sign", () => {
    let compared = 0;
    for (const [i, f] of plain.entries()) {
      const m = mirrored[i];
      if (!f.face || !m?.face || Math.abs(f.face.pose.yaw) < 8) continue;
      expect(Math.sign(m.face.pose.yaw)).toBe(-Math.sign(f.face.pose.yaw));
      // Same magnitude within a tolerance (the landmark model is not exactly mirror-symmetric).
      expect(Math.abs(m.face.pose.yaw + f.face.pose.yaw)).toBeLessThan(Math.max(6, 0.5 * Math.abs(f.face.pose.yaw)));
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(3);
  });
});
