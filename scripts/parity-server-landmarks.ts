// Agreement of the server's face mesh (lib/face/node/landmarks.ts) with the browser's MediaPipe FaceLandmarker on
// the dev clips: yaw (degrees) and eye-aspect ratio per frame.
//
//   npx tsx scripts/parity-server-landmarks.ts --record   # run the browser (headless Chromium), write the fixture
//   npx tsx scripts/parity-server-landmarks.ts            # server vs the recorded browser values
//
// Recording runs the app's own worker in VIDEO mode (as a check-in does) on every frame of each clip and keeps, per
// frame, the browser's yaw (facialTransformationMatrix), EAR, the yaw our landmark-only geometry gives on the
// browser's own landmarks, and the evidence crop box a client would cut (lib/face/core/evidence-crop.ts). The
// comparison cuts that crop from the same frame, encodes it as the client does (JPEG, EVIDENCE_CROP_PX), decodes and
// measures it on the server with one and two mesh passes. Last line: key=value summary; JSON in
// bench-results/server-landmarks-parity.json.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { evidenceCropBox } from "@/lib/face/core/evidence-crop";
import { headPoseFromLandmarks } from "@/lib/face/core/face-geometry";
import { devDataDir } from "@/tools/browser-harness";
import {
  agreement,
  compareWithBrowser,
  PARITY_CLIPS,
  PARITY_FIXTURE,
  type ParityClip,
  type ParityFrame,
  type ParityRow,
} from "@/tools/server-parity";
import { extractFrames } from "@/tools/video-frames";

const repoRoot = path.resolve(import.meta.dirname, "..");

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

async function record(data: string) {
  const { startHarness } = await import("@/tools/browser-harness");
  const h = await startHarness({ threads: 2, delegate: "CPU" });
  await h.load();
  const clips: ParityClip[] = [];
  let offset = 0;
  for (const c of PARITY_CLIPS) {
    const f = extractFrames(path.join(data, c.clip), c.filter ? { filter: c.filter } : {});
    await h.evaluate(() => window.harness.resetCapture(), undefined);
    const res = await h.landmarksForFrames(
      f.files,
      f.tMs.map((t) => t + offset),
    );
    offset += 1_000_000;
    const frames: ParityFrame[] = [];
    for (const [i, r] of res.entries()) {
      const lm = r.face?.landmarks;
      if (!r.face || !lm) continue;
      const b = evidenceCropBox(lm, r.width, r.height);
      frames.push({
        i,
        tMs: f.tMs[i]!,
        box: [r4(b.x), r4(b.y), r4(b.width)],
        yaw: r4(r.face.pose.yaw),
        ear: r4(r.face.ear.mean),
        geomYaw: r4(headPoseFromLandmarks(lm, r.width, r.height).yaw),
      });
    }
    console.log(`${c.clip}: ${frames.length}/${res.length} frames with a face`);
    clips.push({ clip: c.clip, ...(c.filter ? { filter: c.filter } : {}), frames });
  }
  await h.close();
  writeFileSync(
    PARITY_FIXTURE,
    JSON.stringify({
      producer:
        "MediaPipe FaceLandmarker (face_landmarker.task float16 v1, @mediapipe/tasks-vision 1.1.0, CPU delegate, VIDEO mode, numFaces 2, the app's face worker) in headless Debian Chromium; yaw from facialTransformationMatrixes; ear = earFromMesh(...).mean; box = evidenceCropBox(landmarks) [x, y, side] px; geomYaw = headPoseFromLandmarks(browser landmarks)",
      clips,
    }),
  );
  console.log(`wrote ${path.relative(repoRoot, PARITY_FIXTURE)}`);
}

export function summarise(rows: ParityRow[]) {
  const yawRows = rows.filter((r) => r.clip.includes("headpose"));
  const earRows = rows.filter((r) => r.clip.includes("blink"));
  return {
    geometryOnBrowserLandmarks: agreement(
      rows.map((r) => r.geomYaw),
      rows.map((r) => r.browserYaw),
    ),
    yaw: ([0, 1] as const).map((p) =>
      agreement(
        yawRows.map((r) => r.serverYaw[p]!),
        yawRows.map((r) => r.browserYaw),
      ),
    ),
    yawAll: ([0, 1] as const).map((p) =>
      agreement(
        rows.map((r) => r.serverYaw[p]!),
        rows.map((r) => r.browserYaw),
      ),
    ),
    ear: ([0, 1] as const).map((p) =>
      agreement(
        earRows.map((r) => r.serverEar[p]!),
        earRows.map((r) => r.browserEar),
      ),
    ),
    minPresence: Math.min(...rows.map((r) => r.presence)),
  };
}

async function main() {
  const args = process.argv.slice(2);
  const di = args.indexOf("--data");
  const data = di >= 0 ? args[di + 1] : devDataDir();
  if (!data) throw new Error("dev data not found: pass --data <dir> (../shared/data/dev)");
  if (args.includes("--record")) return record(data);
  const rows = await compareWithBrowser(data);
  const s = summarise(rows);
  mkdirSync(path.join(repoRoot, "bench-results"), { recursive: true });
  writeFileSync(path.join(repoRoot, "bench-results/server-landmarks-parity.json"), JSON.stringify({ summary: s, rows }, null, 1));
  const f = (x: number) => x.toFixed(3);
  console.log(JSON.stringify(s, null, 1));
  console.log(
    `frames=${rows.length} yaw_mae_deg_1pass=${f(s.yawAll[0]!.mae)} yaw_mae_deg_2pass=${f(s.yawAll[1]!.mae)} yaw_r_2pass=${f(s.yawAll[1]!.r)} ` +
      `yaw_slope_2pass=${f(s.yawAll[1]!.slope)} ear_mae_1pass=${f(s.ear[0]!.mae)} ear_mae_2pass=${f(s.ear[1]!.mae)} ear_r_2pass=${f(s.ear[1]!.r)} ` +
      `geometry_yaw_mae_deg=${f(s.geometryOnBrowserLandmarks.mae)} min_presence=${f(s.minPresence)}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
