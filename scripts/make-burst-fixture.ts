// Writes tests/fixtures/burst/: a genuine evidence burst small enough to commit, so that the check-in suites run a
// real burst through the server's models on a fresh clone (without ../shared/data). From the CC BY 4.0 Intel
// head-pose GIFs (credit in tests/fixtures/CREDITS.md), cut as a browser cuts them (the evidence boxes the browser's
// own mesh gave, tests/fixtures/face-core/server-parity-browser.json), 160 px JPEG:
//   female-NN.jpg   the woman turning to her left (peak frame 13), back, then to her right (22): frames FEMALE
//   female-context.jpg, female-aligned.jpg   what the browser sends besides the burst for her frame 9
//   male-NN.jpg     the man of the other GIF (another person: splices, replaced frames)
//   npx tsx scripts/make-burst-fixture.ts --data ../shared/data/dev
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { devDataDir, repoRoot } from "@/tools/browser-harness";
import { BURST_FIXTURE_DIR, FEMALE_FRAMES, MALE_FRAMES } from "@/tools/burst-fixture";
import { evidenceFrame, faceSampleFromFrame } from "@/tools/evidence-bursts";

const a = process.argv.indexOf("--data");
const data = a >= 0 ? process.argv[a + 1] : devDataDir();
if (!data) throw new Error("dev data not found: pass --data <dir>");
mkdirSync(BURST_FIXTURE_DIR, { recursive: true });
const pad = (i: number) => String(i).padStart(2, "0");
let bytes = 0;
const put = (name: string, b: Uint8Array) => {
  writeFileSync(path.join(BURST_FIXTURE_DIR, name), b);
  bytes += b.length;
};
for (const i of FEMALE_FRAMES) put(`female-${pad(i)}.jpg`, await evidenceFrame(data, "female", i));
for (const i of MALE_FRAMES) put(`male-${pad(i)}.jpg`, await evidenceFrame(data, "male", i));
const s = await faceSampleFromFrame(data, "female", FEMALE_FRAMES[0]!);
put("female-context.jpg", s.contextJpeg);
put("female-aligned.jpg", s.alignedJpeg);
writeFileSync(path.join(BURST_FIXTURE_DIR, "female-context-box.json"), JSON.stringify(s.faceBox) + "\n");
console.log(`${path.relative(repoRoot, BURST_FIXTURE_DIR)}: ${FEMALE_FRAMES.length + MALE_FRAMES.length + 2} JPEGs, ${(bytes / 1024).toFixed(1)} KiB`);
