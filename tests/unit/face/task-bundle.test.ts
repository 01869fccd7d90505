// tools/task-bundle.ts: a MediaPipe .task bundle without some of its files (the browser's face landmarker copy),
// on the real upstream bundle.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "@/tools/committed-file";
import { storedFile, withoutEntries, zipEntries } from "@/tools/task-bundle";
import { MODELS } from "@/lib/face/models";

const upstream = new Uint8Array(readFileSync(path.resolve(import.meta.dirname, "../../../public/models/face_landmarker.task")));
const NAMES = ["face_detector.tflite", "face_landmarks_detector.tflite", "geometry_pipeline_metadata_landmarks.binarypb", "face_blendshapes.tflite"];

describe("withoutEntries", () => {
  it("reads the upstream bundle: four stored files, each starting at a multiple of 4", () => {
    const entries = zipEntries(upstream);
    expect(entries.map((e) => e.name)).toEqual(NAMES);
    for (const e of entries) {
      expect(e.method).toBe(0);
      expect(e.dataOffset % 4).toBe(0);
    }
    expect(storedFile(upstream, "face_blendshapes.tflite").length).toBe(955_312);
  });

  for (const drop of [["face_blendshapes.tflite"], ["face_detector.tflite"], ["face_landmarks_detector.tflite", "face_blendshapes.tflite"]]) {
    it(`without ${drop.join(" and ")}: the other files byte for byte, aligned, in order`, () => {
      const out = withoutEntries(upstream, drop);
      const entries = zipEntries(out);
      expect(entries.map((e) => e.name)).toEqual(NAMES.filter((n) => !drop.includes(n)));
      for (const e of entries) {
        expect(e.dataOffset % 4).toBe(0);
        expect(Buffer.from(storedFile(out, e.name)).equals(Buffer.from(storedFile(upstream, e.name)))).toBe(true);
      }
      expect(Buffer.from(withoutEntries(upstream, drop)).equals(Buffer.from(out))).toBe(true); // deterministic
    });
  }

  it("dropping the last file keeps the others where they were", () => {
    const out = withoutEntries(upstream, ["face_blendshapes.tflite"]);
    const before = zipEntries(upstream);
    expect(zipEntries(out).map((e) => e.dataOffset)).toEqual(before.slice(0, 3).map((e) => e.dataOffset));
    expect(out.length).toBeLessThan(upstream.length - 955_312);
  });

  it("the browser's face_landmarker copy is what scripts/strip-landmarker-blendshapes.ts makes of the upstream bundle", () => {
    const { browser } = MODELS.faceLandmarker;
    expect(sha256Hex(upstream)).toBe(MODELS.faceLandmarker.sha256);
    const out = withoutEntries(upstream, browser.without);
    expect(out.length).toBe(browser.bytes);
    expect(sha256Hex(out)).toBe(browser.sha256);
    expect(zipEntries(out).map((e) => e.name)).not.toContain("face_blendshapes.tflite");
  });

  it("refuses a name the bundle does not have, and what is not a zip", () => {
    expect(() => withoutEntries(upstream, ["nope.tflite"])).toThrow(/not in the archive/);
    expect(() => zipEntries(new Uint8Array(100))).toThrow(/not a zip/);
  });
});
