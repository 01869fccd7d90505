// The worker thread for strict-mode inference (the server's default) gives the same numbers as in-process inference.
import { afterEach, describe, expect, it, vi } from "vitest";
import { nodeFace } from "@/lib/face/node/server-face";
import { pooledFace } from "@/lib/face/node/face-pool";
import { cosine } from "@/lib/face/core/similarity";
import { faceSample, hasFaceData, noFaceDataMessage, PEOPLE } from "@/tools/faces";

if (!hasFaceData) console.warn(noFaceDataMessage);

describe.skipIf(!hasFaceData)("face models on a worker thread", () => {
  it("embeds and scores exactly as in-process, and reports either unreadable crop as an error", async () => {
    const fellBack = () => Promise.reject(new Error("fell back to in-process"));
    const pooled = pooledFace({ measureCrops: fellBack, measureBurst: fellBack });
    const s = await faceSample(PEOPLE.alice, 4);
    const [a, b] = await Promise.all([
      pooled.measureCrops(s.alignedJpeg, s.contextJpeg, s.faceBox),
      nodeFace.measureCrops(s.alignedJpeg, s.contextJpeg, s.faceBox),
    ]);
    expect(a.embedding).toBeInstanceOf(Float32Array);
    expect(cosine(a.embedding, b.embedding)).toBeGreaterThan(0.99999);
    expect(a.antispoof).toBeCloseTo(b.antispoof, 5);
    for (const [aligned, context] of [
      [new Uint8Array([1, 2, 3]), s.contextJpeg],
      [s.alignedJpeg, s.contextJpeg.subarray(0, 100)],
    ] as const) {
      const bad = await pooled.measureCrops(aligned, context, s.faceBox).then(
        () => "resolved",
        (e: Error) => e.message,
      );
      expect(bad).not.toBe("resolved");
      expect(bad).not.toContain("fell back"); // the worker's own error, not the in-process fallback
    }
  }, 60_000);
});

describe("the server's choice of face models", () => {
  const saved = process.env.CLOCKFACE_FACE_WORKER;
  afterEach(() => {
    if (saved === undefined) delete process.env.CLOCKFACE_FACE_WORKER;
    else process.env.CLOCKFACE_FACE_WORKER = saved;
    vi.resetModules();
  });

  it("uses the worker pool unless CLOCKFACE_FACE_WORKER=0", async () => {
    for (const [value, pooled] of [
      [undefined, true],
      ["1", true],
      ["0", false],
    ] as const) {
      vi.resetModules();
      if (value === undefined) delete process.env.CLOCKFACE_FACE_WORKER;
      else process.env.CLOCKFACE_FACE_WORKER = value;
      const m = await import("@/lib/face/node/server-face");
      const chosen = await m.serverFace();
      expect(chosen === m.nodeFace, `CLOCKFACE_FACE_WORKER=${value}`).toBe(!pooled);
      expect(await m.serverFace()).toBe(chosen); // chosen once per process
    }
  });
});
