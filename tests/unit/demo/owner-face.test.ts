// The demo owner's face fixture (lib/demo/face/): the committed GIF is the credited one, the committed stills are its
// frames as the fake camera shows them (re-cut with ffmpeg and compared), and the enrolment gates the seed applies.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEMO_FACE_DIR, DEMO_FACE_GIF, DEMO_FACE_GIF_SHA256, DEMO_FACE_STILLS, enrolmentProblems, faceClipFilter, type MeasuredStill } from "@/lib/demo/owner-face";
import { checkinOptions } from "@/lib/checkin/options";
import { decodeJpegRgba } from "@/lib/face/node/jpeg";
import { cutDemoFaceStill, DEMO_FACE_GIF_PATH, hasFfmpeg } from "@/tools/demo-face";

const root = path.resolve(import.meta.dirname, "../../..");
const read = (name: string) => new Uint8Array(readFileSync(path.join(root, DEMO_FACE_DIR, name)));

describe("the committed demo face", () => {
  it("is the credited GIF, unchanged, and NOTICE.md credits it", () => {
    expect(createHash("sha256").update(readFileSync(DEMO_FACE_GIF_PATH)).digest("hex")).toBe(DEMO_FACE_GIF_SHA256);
    const notice = readFileSync(path.join(root, DEMO_FACE_DIR, "NOTICE.md"), "utf8");
    for (const s of [DEMO_FACE_GIF, "CC BY 4.0", "Intel Corporation", "57978890822836f2b4743852f04f62fc511757e4", ...DEMO_FACE_STILLS.map((x) => x.file)]) expect(notice).toContain(s);
  });

  it("frames the GIF as a 640x480 camera, slowed down for the clip", () => {
    expect(faceClipFilter()).toBe("crop=320:240:50:0,scale=640:480:flags=bicubic,unsharp=5:5:0.6,setpts=2*PTS,fps=24");
    expect(faceClipFilter(undefined, false)).toBe("crop=320:240:50:0,scale=640:480:flags=bicubic,unsharp=5:5:0.6");
  });

  it.skipIf(!hasFfmpeg())("has stills that are the GIF's frames as the camera shows them (re-cut with ffmpeg: mean difference < 2 of 255)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "demo-face-"));
    try {
      for (const s of DEMO_FACE_STILLS) {
        const committed = await decodeJpegRgba(read(s.file));
        const again = await decodeJpegRgba(new Uint8Array(readFileSync(cutDemoFaceStill(s, path.join(dir, s.file)))));
        expect([committed.width, committed.height]).toEqual([s.box[2], s.box[2]]);
        expect([again.width, again.height]).toEqual([committed.width, committed.height]);
        let sum = 0;
        for (let i = 0; i < committed.data.length; i++) sum += Math.abs(committed.data[i]! - again.data[i]!);
        expect(sum / committed.data.length, s.file).toBeLessThan(2);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("enrolmentProblems", () => {
  const unit = (i: number) => Float32Array.from({ length: 4 }, (_, k) => (k === i ? 1 : 0.2));
  const thumb = (seed: number) => Float32Array.from({ length: 32 * 32 }, (_, k) => Math.sin(k * seed));
  const good: MeasuredStill[] = [
    { pose: "frontal", presence: 1, yaw: -1, quality: 0.9, embedding: unit(0), thumbnail: thumb(1) },
    { pose: "left", presence: 1, yaw: 10, quality: 0.9, embedding: unit(0), thumbnail: thumb(2) },
    { pose: "right", presence: 1, yaw: -12, quality: 0.9, embedding: unit(0), thumbnail: thumb(3) },
  ];
  const withPose = (pose: MeasuredStill["pose"], patch: Partial<MeasuredStill>) => good.map((s) => (s.pose === pose ? { ...s, ...patch } : s));

  it("passes three good, distinct captures of one person", () => {
    expect(enrolmentProblems(good)).toEqual([]);
  });

  it("names each gate an enrolment capture would fail", () => {
    expect(enrolmentProblems(good.slice(0, 2))).toEqual(["right: missing"]);
    expect(enrolmentProblems(withPose("frontal", { presence: 0.2 }))).toEqual(["frontal: no face (presence 0.20)"]);
    expect(enrolmentProblems(withPose("left", { quality: 0.3 }))).toEqual([`left: quality 0.300 < ${checkinOptions.minEnrolQuality}`]);
    expect(enrolmentProblems(withPose("left", { yaw: -10 }))).toEqual(["left: yaw -10.0°"]);
    expect(enrolmentProblems(withPose("right", { yaw: 1 - checkinOptions.minSideYawDeg }))).toEqual([`right: yaw ${(1 - checkinOptions.minSideYawDeg).toFixed(1)}°`]);
    expect(enrolmentProblems(withPose("right", { embedding: unit(3).map((v, k) => (k === 3 ? 1 : -v)) }))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^frontal\/right: cosine -/), expect.stringMatching(/^left\/right: cosine -/)]),
    );
    const repeated = enrolmentProblems(withPose("right", { thumbnail: thumb(1) }));
    expect(repeated).toEqual(["frontal: repeats the right capture (difference 0.000)", "right: repeats the frontal capture (difference 0.000)"]);
  });
});
