import { describe, expect, it } from "vitest";
import { centralFaceIndex } from "@/lib/face/core/face-select";

describe("centralFaceIndex", () => {
  it("picks the face nearest the centre, not the largest", () => {
    // 250x250 LFW-like image: the subject centred (90 px), a larger bystander at the left edge (120 px)
    const boxes = [
      { x: -20, y: 60, width: 120, height: 130 },
      { x: 80, y: 85, width: 90, height: 100 },
    ];
    expect(centralFaceIndex(boxes, 250, 250)).toBe(1);
  });

  it("breaks a tie in distance by size and handles no faces", () => {
    const boxes = [
      { x: 100, y: 100, width: 50, height: 50 },
      { x: 75, y: 75, width: 100, height: 100 },
    ];
    expect(centralFaceIndex(boxes, 250, 250)).toBe(1);
    expect(centralFaceIndex([], 250, 250)).toBe(-1);
  });
});
