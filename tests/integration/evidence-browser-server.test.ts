// The browser's evidence crops (the app's face worker in headless Chromium, VIDEO mode, `evidence: true`) on the
// turning clip, picked by selectEvidence as a check-in picks them, measured and decided by the server's own models:
// her turns to the left then the right pass; the same frames asked in the other order do not. Checks the worker's
// crop (drawImage of the mesh's square box) is what the server's parity was measured on.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateServerLiveness } from "@/lib/face/core/server-liveness";
import { selectEvidence } from "@/lib/face/evidence-select";
import { measureBurst } from "@/lib/face/node/evidence";
import { devDataDir, startHarness, type FrameResult, type Harness } from "@/tools/browser-harness";
import { faceSampleFromFrame } from "@/tools/evidence-bursts";
import { extractFrames } from "@/tools/video-frames";

const data = devDataDir();
if (!data) console.warn("evidence-browser-server: ../shared/data/dev not found (set CLOCKFACE_DATA_DIR): skipped");

describe.skipIf(!data)("browser evidence crops, server decision", () => {
  let h: Harness;
  let res: FrameResult[];
  let tMs: number[];
  beforeAll(async () => {
    // frames 8..22 of the clip: frontal-ish start, her left (peak 13), her right (22); 150 ms apart as a camera would
    const f = extractFrames(path.join(data!, "liveness/intel_headpose_female.gif"), { filter: "scale=960:540" });
    const files = f.files.slice(9, 23);
    tMs = files.map((_, i) => 1000 + i * 150);
    h = await startHarness({ threads: 2, delegate: "CPU" });
    await h.load();
    res = await h.landmarksForFrames(files, tMs, { evidence: true });
  }, 600_000);
  afterAll(async () => {
    await h?.close();
  });

  it("every frame with a face carries a 160-px JPEG crop; the selected burst passes the server's rules in order only", async () => {
    const withFace = res.filter((r) => r.face && r.evidenceJpegB64);
    expect(withFace.length).toBe(res.length);
    const cands = withFace.map((r, i) => ({ tMs: tMs[i]! - 1000, yaw: r.face!.pose.yaw, ear: r.face!.ear.mean }));
    const idx = selectEvidence(cands, ["turn-left", "turn-right"])!;
    expect(idx?.length).toBeGreaterThanOrEqual(6);
    const jpegs = idx.map((i) => new Uint8Array(Buffer.from(withFace[i]!.evidenceJpegB64!, "base64")));
    for (const j of jpegs) expect([j[0], j[1]]).toEqual([0xff, 0xd8]);
    const sample = await faceSampleFromFrame(data!, "female", 9);
    const m = await measureBurst(jpegs, sample.contextJpeg, sample.faceBox);
    const ok = evaluateServerLiveness(m.frames, ["turn-left", "turn-right"]);
    expect(ok.rules.filter((r) => r.status === "fail"), JSON.stringify(ok.rules)).toEqual([]);
    expect(evaluateServerLiveness(m.frames, ["turn-right", "turn-left"]).passed).toBe(false);
  }, 300_000);
});
