import { describe, expect, it } from "vitest";
import { projectLandmarks, roiFromLandmarks, roiToFrame, wholeFrameRoi } from "@/lib/face/core/landmark-roi";
import { evidenceCropBox } from "@/lib/face/core/evidence-crop";
import type { Landmark } from "@/lib/face/core/types";

function mesh(points: Record<number, [number, number]>): Landmark[] {
  const m: Landmark[] = Array.from({ length: 478 }, () => ({ x: 0.5, y: 0.5, z: 0 }));
  for (const [k, [x, y]] of Object.entries(points)) m[Number(k)] = { x, y, z: 0 };
  return m;
}

describe("face-mesh ROI (MediaPipe's rules)", () => {
  it("levels the eye line: a face rolled 30° gives rotation 30°, square side 1.5x the long side", () => {
    const a = (30 * Math.PI) / 180;
    // eyes 100 px apart on a 30° line about (200, 100) in a 400x200 frame; box 160 x 120 px
    const m = mesh({
      33: [(200 - 50 * Math.cos(a)) / 400, (100 - 50 * Math.sin(a)) / 200],
      263: [(200 + 50 * Math.cos(a)) / 400, (100 + 50 * Math.sin(a)) / 200],
      0: [120 / 400, 40 / 200],
      1: [280 / 400, 160 / 200],
    });
    const roi = roiFromLandmarks(m, 400, 200);
    expect((roi.rotation * 180) / Math.PI).toBeCloseTo(30, 6);
    expect(roi.side).toBeCloseTo(240, 6);
    expect(roi.cx).toBeCloseTo(200, 6);
    expect(roi.cy).toBeCloseTo(100, 6);
    // the crop's x axis runs along the eye line
    const l = roiToFrame(roi, 256, 0, 128);
    const r = roiToFrame(roi, 256, 256, 128);
    expect(Math.atan2(r.y - l.y, r.x - l.x)).toBeCloseTo(a, 6);
  });

  it("projection inverts the crop: the crop's centre and corners land where the ROI says", () => {
    const roi = { cx: 100, cy: 80, side: 64, rotation: Math.PI / 2 };
    const pts = projectLandmarks([128, 128, 0, 256, 0, 25.6], 2, roi, 256, 200, 160);
    expect(pts[0]!.x * 200).toBeCloseTo(100, 6);
    expect(pts[0]!.y * 160).toBeCloseTo(80, 6);
    // (u = n, v = 0) is half a side right and half up in the crop; rotated 90° → (cx + 32, cy + 32)
    expect(pts[1]!.x * 200).toBeCloseTo(132, 6);
    expect(pts[1]!.y * 160).toBeCloseTo(112, 6);
    expect(pts[1]!.z).toBeCloseTo((0.1 * 64) / 200, 9);
    expect(wholeFrameRoi(160, 160)).toEqual({ cx: 80, cy: 80, side: 160, rotation: 0 });
  });

  it("the evidence crop is square about the mesh's box, 1.5x its long side", () => {
    const b = evidenceCropBox(mesh({ 0: [0.25, 0.25], 1: [0.75, 0.5] }), 400, 200);
    // box 100..300 x 50..100 px (the untouched points sit at the centre): centre (200, 75), side 1.5 × 200
    expect(b).toEqual({ x: 50, y: -75, width: 300, height: 300 });
  });
});
