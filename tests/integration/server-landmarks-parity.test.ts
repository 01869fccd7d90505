// The server's own face mesh (onnxruntime-node, lib/face/node/landmarks.ts) on client-style evidence crops of the
// dev clips agrees with what the browser's MediaPipe FaceLandmarker measured on the same frames (recorded in
// tests/fixtures/face-core/server-parity-browser.json by scripts/parity-server-landmarks.ts --record).
// A sample (every 3rd frame, one mesh pass as the server runs it); the full table: the script without --record.
import { beforeAll, describe, expect, it } from "vitest";
import { devDataDir } from "@/tools/browser-harness";
import { agreement, compareWithBrowser, type ParityRow } from "@/tools/server-parity";

const data = devDataDir();
if (!data) console.warn("server-landmarks-parity: ../shared/data/dev not found (set CLOCKFACE_DATA_DIR): skipped");

describe.skipIf(!data)("server face mesh vs the browser's, dev clips", () => {
  let rows: ParityRow[];
  beforeAll(async () => {
    rows = await compareWithBrowser(data!, { stride: 3, passes: [1] });
  }, 600_000);

  it("finds the face in every crop", () => {
    expect(rows.length).toBeGreaterThan(130);
    for (const r of rows) expect(r.presence).toBeGreaterThan(0.5);
  });

  it("yaw: same sign beyond 5°, mean difference under 2°, correlation over 0.99 (head-pose clips)", () => {
    const turns = rows.filter((r) => r.clip.includes("headpose"));
    const a = agreement(
      turns.map((r) => r.serverYaw[0]!),
      turns.map((r) => r.browserYaw),
    );
    expect(a.mae).toBeLessThan(2);
    expect(a.r).toBeGreaterThan(0.99);
    for (const r of turns) if (Math.abs(r.browserYaw) > 5) expect(Math.sign(r.serverYaw[0]!)).toBe(Math.sign(r.browserYaw));
  });

  it("EAR: mean difference under 0.02, correlation over 0.99, every closed-eye frame closed on the server too (blink clip)", () => {
    const blink = rows.filter((r) => r.clip.includes("blink"));
    const a = agreement(
      blink.map((r) => r.serverEar[0]!),
      blink.map((r) => r.browserEar),
    );
    expect(a.mae).toBeLessThan(0.02);
    expect(a.r).toBeGreaterThan(0.99);
    const closed = blink.filter((r) => r.browserEar < 0.1);
    expect(closed.length).toBeGreaterThanOrEqual(3);
    for (const r of closed) expect(r.serverEar[0]!).toBeLessThan(0.15);
    for (const r of blink.filter((x) => x.browserEar > 0.25)) expect(r.serverEar[0]!).toBeGreaterThan(0.2);
  });
});
