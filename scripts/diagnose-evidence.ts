// Reproduces the browser's evidence bursts offline and shows, frame by frame, what the server makes of them.
//
//   npx tsx scripts/diagnose-evidence.ts capture --clip <y4m> --steps blink,turn-left [--pose right] [--runs 3]
//       runs the production <FaceCapture> (tools/harness/capture-page.tsx) on a fake camera playing the clip and
//       saves each outcome (evidence burst, every analysed frame's browser yaw/EAR, transcript) as JSON in
//       tests/.tmp/bursts/
//   npx tsx scripts/diagnose-evidence.ts replay [--reselect] [files…]   (default: every JSON in tests/.tmp/bursts/)
//       measures each saved burst with the server's models (lib/face/node/evidence.ts) and prints the server's
//       rule table (lib/face/core/server-liveness.ts) with, per frame, the browser's and the server's yaw and EAR.
//       --reselect: the burst chosen again from the session's frames by the current lib/face/evidence-select.ts.
//
// The fake camera is the E2E's turning clip (tests/support/make-turning-clip.ts) unless --clip says otherwise.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { earBaseline, evaluateServerLiveness, locateSteps } from "@/lib/face/core/server-liveness";
import type { LivenessStep } from "@/lib/face/core/liveness-rules";
import { selectEvidence } from "@/lib/face/evidence-select";
import { measureBurst } from "@/lib/face/node/evidence";
import { repoRoot, startHarness } from "@/tools/browser-harness";
/** The E2E's turning clip (built by tests/support/make-turning-clip.ts). */
const TURNING_CLIP = path.join(repoRoot, "tests/.tmp/fake-camera/live-turns.y4m");
const OUT = path.join(repoRoot, "tests/.tmp/bursts");

interface PageFrame {
  tMs: number;
  phase: string;
  yaw?: number;
  ear?: number;
  evidenceB64?: string;
}

interface Saved {
  steps: LivenessStep[];
  pose?: string;
  clip: string;
  outcome: {
    status: string;
    code?: string;
    message?: string;
    evidence?: { tMs: number; b64: string }[];
    contextJpegB64?: string;
    contextFaceBox?: { x: number; y: number; width: number; height: number };
    transcript?: unknown;
  };
  frames: PageFrame[];
}

function arg(name: string, fallback?: string): string | undefined {
  const a = process.argv.indexOf(`--${name}`);
  return a >= 0 ? process.argv[a + 1] : fallback;
}

async function capture(): Promise<void> {
  const clip = arg("clip", TURNING_CLIP)!;
  if (!existsSync(clip)) throw new Error(`${clip} not found (npx tsx tests/support/make-turning-clip.ts builds the default)`);
  const steps = (arg("steps", "blink,turn-left")!).split(",") as LivenessStep[];
  const pose = arg("pose");
  const runs = Number(arg("runs", "1"));
  mkdirSync(OUT, { recursive: true });
  for (let run = 0; run < runs; run++) {
    const h = await startHarness({ extraArgs: ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", `--use-file-for-fake-video-capture=${clip}`] });
    try {
      await h.page.goto(`${h.baseUrl}/capture.html?delegate=CPU&steps=${steps.join(",")}&mode=${pose ? "enrol" : "check-in"}${pose ? `&pose=${pose}` : ""}`);
      await h.page.waitForFunction(() => window.__capture !== undefined, null, { timeout: 180_000, polling: 250 });
      const outcome = (await h.page.evaluate(() => window.__capture)) as Saved["outcome"];
      const frames = (await h.page.evaluate(() => window.__frames)) as PageFrame[];
      const name = `${steps.join("+")}${pose ? `-${pose}` : ""}-${Date.now()}.json`;
      writeFileSync(path.join(OUT, name), JSON.stringify({ steps, pose, clip, outcome, frames } satisfies Saved));
      console.log(`${name}: ${outcome.status}${outcome.code ? ` ${outcome.code}` : ""}${outcome.message ? ` (${outcome.message})` : ""}, ${outcome.evidence?.length ?? 0} evidence frames of ${frames.length}`);
    } finally {
      await h.close();
    }
  }
}

const f1 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? "   -  " : x.toFixed(1).padStart(6));
const f3 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? "   -  " : x.toFixed(3).padStart(6));

/** The burst chosen again from the saved session (frames with an evidence crop, the same camera frame once). */
function reselect(s: Saved): { tMs: number; b64: string }[] | undefined {
  const cands = s.frames.filter((f, i, all) => f.evidenceB64 && f.yaw !== undefined && f.ear !== undefined && f.evidenceB64 !== all[i - 1]?.evidenceB64);
  const t0 = cands[0]?.tMs ?? 0;
  const idx = selectEvidence(cands.map((f) => ({ tMs: f.tMs - t0, yaw: f.yaw!, ear: f.ear!, picture: f.evidenceB64 })), s.steps);
  if (!idx) console.log("  selection: the steps are not in these frames in order (the browser would fail the session)");
  return idx?.map((i) => ({ tMs: Math.round(cands[i]!.tMs - t0) + 100, b64: cands[i]!.evidenceB64! }));
}

async function replay(files: string[], again: boolean): Promise<void> {
  let pass = 0;
  let n = 0;
  for (const file of files) {
    const s = JSON.parse(readFileSync(file, "utf8")) as Saved;
    console.log(`\n== ${path.basename(file)}: steps ${s.steps.join(",")}${s.pose ? `, pose ${s.pose}` : ""}; browser: ${s.outcome.status} ${s.outcome.code ?? ""}`);
    const ev = again ? reselect(s) : s.outcome.evidence;
    if (!ev || !s.outcome.contextJpegB64 || !s.outcome.contextFaceBox) continue;
    const m = await measureBurst(
      ev.map((f) => new Uint8Array(Buffer.from(f.b64, "base64"))),
      new Uint8Array(Buffer.from(s.outcome.contextJpegB64, "base64")),
      s.outcome.contextFaceBox,
    );
    // The browser's measurements of the same frames (matched by their JPEG bytes).
    const byJpeg = new Map(s.frames.filter((f) => f.evidenceB64).map((f) => [f.evidenceB64!, f]));
    const base = earBaseline(m.frames, 18);
    console.log(`server EAR baseline ${base.toFixed(3)}; steps located at frames ${locateSteps(m.frames, s.steps).join(",")}`);
    console.log(" #   tMs  phase      b.yaw  s.yaw  b.ear  s.ear  s.ear/base presence");
    for (const [i, f] of m.frames.entries()) {
      const b = byJpeg.get(ev[i]!.b64);
      console.log(`${String(i).padStart(2)} ${String(ev[i]!.tMs).padStart(5)}  ${(b?.phase ?? "?").padEnd(9)} ${f1(b?.yaw)} ${f1(f.yaw)} ${f3(b?.ear)} ${f3(f.ear)} ${f3(f.ear / base)}    ${f3(f.presence)}`);
    }
    const v = evaluateServerLiveness(m.frames, s.steps);
    for (const r of v.rules) if (r.status === "fail") console.log(`  FAIL ${r.name}: ${r.value} (threshold ${r.threshold})`);
    console.log(`  server verdict: ${v.passed ? "PASS" : "FAIL"}`);
    n++;
    if (v.passed) pass++;
    // The whole session as the browser saw it (where the movements were, and which frames were eligible).
    const t0 = s.frames.find((f) => f.evidenceB64 === ev[0]!.b64)?.tMs ?? 0;
    const line = s.frames
      .filter((f) => f.phase !== "positioning")
      .map((f) => `${Math.round(f.tMs - t0 + ev[0]!.tMs)}:${f.phase[0]}:${f1(f.yaw).trim()}/${f3(f.ear).trim()}${ev.some((e) => e.b64 === f.evidenceB64) ? "*" : ""}`);
    if (process.argv.includes("--sessions")) console.log(`  session (t:phase:yaw/ear, * = sent): ${line.join(" ")}`);
  }
  console.log(`\nserver passed ${pass} of ${n} bursts (${files.length} sessions)`);
}

const cmd = process.argv[2];
if (cmd === "capture") await capture();
else if (cmd === "replay") {
  const given = process.argv.slice(3).filter((a) => a.endsWith(".json"));
  await replay(given.length ? given : existsSync(OUT) ? readdirSync(OUT).filter((f) => f.endsWith(".json")).sort().map((f) => path.join(OUT, f)) : [], process.argv.includes("--reselect"));
} else {
  console.error("usage: diagnose-evidence.ts capture [--clip y4m] [--steps a,b] [--pose left|right] [--runs n] | replay [files…]");
  process.exit(2);
}
