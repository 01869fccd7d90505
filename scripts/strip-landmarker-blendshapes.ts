// npx tsx scripts/strip-landmarker-blendshapes.ts [--check]
//
// Writes the browser's copy of MediaPipe's face_landmarker.task (issue 17: a first visit downloads ≤ 12 MB): the
// upstream bundle (public/models/face_landmarker.task, the registry's sha256) without the files named in the
// registry's `browser.without` (the blendshape model: the browser's blink detector decides from the eye aspect ratio
// alone, measured with `npm run eval:liveness`; the server never used them). The kept files are copied byte for byte
// (tools/task-bundle.ts), so the detector and the face mesh are the upstream ones. Deterministic: prints the copy's
// sha256 and size for the registry and public/models/NOTICE.md.
// --check: write nothing, exit 1 when the committed copy differs from what this script makes.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { committedFileMatches, sha256Hex } from "@/tools/committed-file";
import { withoutEntries, zipEntries } from "@/tools/task-bundle";
import { MODELS } from "@/lib/face/models";

const root = path.resolve(import.meta.dirname, "..");
const check = process.argv.includes("--check");
const m = MODELS.faceLandmarker;

const src = new Uint8Array(readFileSync(path.join(root, "public/models", m.file)));
if (sha256Hex(src) !== m.sha256) throw new Error(`${m.file} is not the registry's file (sha256 ${sha256Hex(src)})`);
const out = withoutEntries(src, m.browser.without);
const sha = sha256Hex(out);
const dest = path.join(root, "public/models", m.browser.file);
console.log(
  `${m.browser.file}: ${out.length} bytes, sha256 ${sha} (from ${m.file}, ${src.length} bytes, without ${m.browser.without.join(", ")}; ` +
    `keeps ${zipEntries(out).map((e) => e.name).join(", ")})`,
);
let stale = 0;
if (check) {
  if (!committedFileMatches(dest, sha)) {
    console.error(`${m.browser.file}: the committed file differs from this script's output`);
    stale++;
  }
} else {
  writeFileSync(dest, out);
}
if (sha !== m.browser.sha256 || out.length !== m.browser.bytes) {
  console.error(`${m.browser.file}: set lib/face/models.ts faceLandmarker.browser to sha256 "${sha}", bytes ${out.length}`);
  stale++;
}
if (stale) process.exit(1);
