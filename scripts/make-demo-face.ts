// Writes the demo owner's enrolment stills into lib/demo/face/ (frontal.jpg, left.jpg, right.jpg): frames of the
// committed CC BY 4.0 Intel head-pose GIF framed as the fake camera shows it (lib/demo/owner-face.ts faceClipFilter)
// and cut about her face (DEMO_FACE_STILLS), JPEG. Needs Debian's ffmpeg. tests/unit/demo/owner-face-stills.test.ts
// checks that the committed stills are these frames.
//   npx tsx scripts/make-demo-face.ts            writes the stills
//   npx tsx scripts/make-demo-face.ts --measure  prints the server's measurement of each and what enrolment would refuse
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { DEMO_FACE_DIR, DEMO_FACE_STILLS, enrolmentProblems, type MeasuredStill } from "@/lib/demo/owner-face";
import { cosine } from "@/lib/face/core/similarity";
import { measureStillJpeg } from "@/lib/face/node/still";
import { cutDemoFaceStill } from "@/tools/demo-face";

const repoRoot = path.resolve(import.meta.dirname, "..");
const file = (name: string) => path.join(repoRoot, DEMO_FACE_DIR, name);

if (process.argv.includes("--measure")) {
  const measured: MeasuredStill[] = [];
  for (const s of DEMO_FACE_STILLS) {
    const m = await measureStillJpeg(new Uint8Array(readFileSync(file(s.file))));
    measured.push({ pose: s.pose, ...m });
    console.log(`${s.pose}\tframe ${s.gifFrame}\tyaw ${m.yaw.toFixed(1)}°\tpresence ${m.presence.toFixed(3)}\tquality ${m.quality.toFixed(3)}`);
  }
  for (const a of measured) console.log(`${a.pose}\t${measured.map((b) => `${b.pose} ${cosine(a.embedding, b.embedding).toFixed(3)}`).join("\t")}`);
  const problems = enrolmentProblems(measured);
  console.log(problems.length ? `enrolment would refuse: ${problems.join("; ")}` : "enrolment gates: all pass");
} else {
  for (const s of DEMO_FACE_STILLS) {
    const out = cutDemoFaceStill(s, file(s.file));
    console.log(`${path.relative(repoRoot, out)}\tframe ${s.gifFrame}\t${statSync(out).size} bytes`);
  }
}
