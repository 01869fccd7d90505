// npm run eval:liveness -- --data <dir> [--out <file.json>]
//
// Blink liveness with the PRODUCTION pipeline: every frame of each annotated video (decoded by ffmpeg in
// decode order, with its timestamp) goes through the app's face worker in VIDEO mode (MediaPipe
// FaceLandmarker → EAR and eyeBlink blendshapes), then through the product's blink detector
// (lib/face/core/blink.ts) exactly as on a camera stream. Detected blinks are matched one-to-one to the
// annotated ones (start and end within ±2 frames); long closures must not count as blinks. Each video is also run
// without the blendshapes (EAR alone, what a face_landmarker.task without its blendshape model gives the detector),
// and the folder's videos without annotations (the head-pose clips: turns and tilts) report the blinks found in them
// with and without the blendshapes (issue 17: can the browser drop that model).

import { readdirSync } from "node:fs";
import path from "node:path";
import { readBlinkAnnotationsCsv, type BlinkAnnotationRow } from "@/lib/eval/datasets/blink-annotations";
import { EvalDataError } from "@/lib/eval/datasets/errors";
import { matchEvents, precisionRecall, timingError, type EventMatch } from "@/lib/eval/metrics";
import { Progress } from "@/lib/eval/progress";
import { DEFAULT_BLINK_OPTIONS, detectBlinks, type BlinkEvent } from "@/lib/face/core/blink";
import { BROWSER_LANDMARKER_BLENDSHAPES } from "@/lib/face/models";
import { extractFrames } from "@/tools/video-frames";
import { f4, intArg, openPipeline, parseCommon, refreshEngineInfo, runMain, writeJson } from "./eval/common";

const USAGE = `usage: npm run eval:liveness -- --data <dir> [--out <file.json>] [options]

  --data <dir>            folder with the videos and blink_annotations.csv (file,event,start_frame,end_frame,start_s,end_s)
  --out <file.json>       results (default eval-results/liveness.json)
  --tolerance <frames>    start and end of a detected blink within this many frames of the annotation (default 2)
  --max-frames <n>        only the first n frames of each video (smoke tests; annotations past them are ignored)
  --threads <n>           onnxruntime-web WASM threads (default 2)
  --delegate auto|CPU|GPU MediaPipe delegate (default auto, as in the app)
  --batch <n>             frames per browser round trip (default 32)
`;

interface VideoResult {
  file: string;
  frames: number;
  framesWithOneFace: number;
  fps: number;
  annotatedBlinks: number;
  detectedBlinks: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  timing: ReturnType<typeof timingError>;
  longClosures: { annotated: number; reportedAsLongClosure: number; blinksInside: number };
  /**
   * The same detector on the same frames without the blendshapes (what a face_landmarker.task without its blendshape
   * model would give it: EAR alone; issue 17 asked whether the browser can drop that model).
   */
  withoutBlendshapes: { detectedBlinks: number; tp: number; fp: number; fn: number; blinksInsideLongClosures: number };
  detected: Pick<BlinkEvent, "kind" | "startFrame" | "endFrame" | "startMs" | "endMs" | "durationMs">[];
  /** Mean eye aspect ratio per frame (null: no face), to compare runs frame by frame. */
  ear: (number | null)[];
  missed: { startFrame: number; endFrame: number }[];
  falseBlinks: { startFrame?: number; endFrame?: number }[];
}

/** A video with no annotations (head movement): the blinks the detector reports in it, with and without blendshapes. */
interface UnannotatedResult {
  file: string;
  frames: number;
  framesWithOneFace: number;
  blinks: number;
  blinksWithoutBlendshapes: number;
  detected: { startFrame?: number; endFrame?: number; withBlendshapes: boolean }[];
  ear: (number | null)[];
}

const earTrace = (samples: { ear: number }[]) => samples.map((s) => (Number.isFinite(s.ear) ? Math.round(s.ear * 1e5) / 1e5 : null));

const VIDEO_EXT = /\.(mp4|gif|webm|mov)$/i;

async function main(): Promise<void> {
  const { common, values } = parseCommon(USAGE, "liveness.json", {
    tolerance: { type: "string" },
    "max-frames": { type: "string" },
  });
  const tolerance = intArg(values.tolerance as string | undefined, "tolerance", 2, 0);
  const maxFrames = values["max-frames"] === undefined ? Infinity : intArg(values["max-frames"] as string, "max-frames", 1);
  const dir = common.data;

  const rows = await readBlinkAnnotationsCsv(dir);
  const byVideo = new Map<string, BlinkAnnotationRow[]>();
  for (const r of rows) byVideo.set(r.file, [...(byVideo.get(r.file) ?? []), r]);
  process.stderr.write(`${dir}: ${byVideo.size} annotated video(s), ${rows.filter((r) => r.event === "blink").length} blinks, ${rows.filter((r) => r.event === "long_closure").length} long closures\n`);

  // Decode every video first (ffmpeg, cached on disk under tests/.tmp/frames): frames stay on disk.
  const videos = [...byVideo.keys()].map((file) => {
    let fr: ReturnType<typeof extractFrames>;
    try {
      fr = extractFrames(path.join(dir, file));
    } catch (err) {
      throw new EvalDataError(`${path.join(dir, file)}: could not decode the video (${(err as Error).message.split("\n")[0]})`);
    }
    const n = Math.min(fr.files.length, maxFrames);
    return { file, files: fr.files.slice(0, n), tMs: fr.tMs.slice(0, n), total: fr.files.length };
  });
  const unannotated = readdirSync(dir)
    .filter((f) => VIDEO_EXT.test(f) && !byVideo.has(f))
    .sort()
    .map((file) => {
      const fr = extractFrames(path.join(dir, file));
      const n = Math.min(fr.files.length, maxFrames);
      return { file, files: fr.files.slice(0, n), tMs: fr.tMs.slice(0, n), total: fr.files.length };
    });
  const totalFrames = [...videos, ...unannotated].reduce((s, v) => s + v.files.length, 0);

  const { h, info } = await openPipeline(common);
  const results: VideoResult[] = [];
  const headMovement: UnannotatedResult[] = [];
  const allMatches: EventMatch[] = [];
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const progress = new Progress("frames", totalFrames, process.stderr, " frames/s");
  // VIDEO mode needs increasing timestamps across videos: each video is shifted past the previous one.
  let offsetMs = 0;
  try {
    /** Every frame of a video through the landmarker: EAR and blendshape per frame, and how many had one face. */
    const measure = async (v: (typeof videos)[number]) => {
      const samples: { tMs: number; frame: number; ear: number; blendshape?: number }[] = [];
      let withFace = 0;
      for (let i = 0; i < v.files.length; i += common.batch) {
        const tMs = v.tMs.slice(i, i + common.batch);
        const res = await h.landmarksForFrames(v.files.slice(i, i + common.batch), tMs.map((t) => t + offsetMs), { wantLandmarks: false });
        res.forEach((f, k) => {
          if (f.faceCount === 1) withFace++;
          samples.push({ tMs: tMs[k]!, frame: i + k, ear: f.face?.ear.mean ?? Number.NaN, blendshape: f.face?.blinkBlendshape });
        });
        progress.tick(res.length);
      }
      offsetMs += (v.tMs[v.tMs.length - 1] ?? 0) + 1000;
      return { samples, withFace };
    };
    for (const v of videos) {
      const { samples, withFace } = await measure(v);
      const events = detectBlinks(samples);
      const blinks = events.filter((e) => e.kind === "blink");
      const ann = byVideo.get(v.file)!.filter((a) => a.endFrame < v.files.length);
      const annBlinks = ann.filter((a) => a.event === "blink");
      const m = matchEvents(
        blinks.map((e) => ({ startFrame: e.startFrame!, endFrame: e.endFrame!, startMs: e.startMs, endMs: e.endMs })),
        annBlinks.map((a) => ({ startFrame: a.startFrame, endFrame: a.endFrame, startMs: a.startS * 1000, endMs: a.endS * 1000 })),
        tolerance,
      );
      const closures = ann.filter((a) => a.event === "long_closure");
      const overlaps = (e: BlinkEvent, a: BlinkAnnotationRow) => e.startFrame! <= a.endFrame && e.endFrame! >= a.startFrame;
      const bare = detectBlinks(samples.map((s) => ({ tMs: s.tMs, frame: s.frame, ear: s.ear }))).filter((e) => e.kind === "blink");
      const mBare = matchEvents(
        bare.map((e) => ({ startFrame: e.startFrame!, endFrame: e.endFrame!, startMs: e.startMs, endMs: e.endMs })),
        annBlinks.map((a) => ({ startFrame: a.startFrame, endFrame: a.endFrame, startMs: a.startS * 1000, endMs: a.endS * 1000 })),
        tolerance,
      );
      tp += m.tp;
      fp += m.fp;
      fn += m.fn;
      allMatches.push(...m.matches);
      const span = v.tMs.length > 1 ? (v.tMs[v.tMs.length - 1]! - v.tMs[0]!) / 1000 : Number.NaN;
      results.push({
        file: v.file,
        frames: v.files.length,
        framesWithOneFace: withFace,
        fps: (v.tMs.length - 1) / span,
        annotatedBlinks: annBlinks.length,
        detectedBlinks: blinks.length,
        tp: m.tp,
        fp: m.fp,
        fn: m.fn,
        precision: m.precision,
        recall: m.recall,
        timing: m.timing,
        longClosures: {
          annotated: closures.length,
          reportedAsLongClosure: closures.filter((a) => events.some((e) => e.kind === "long_closure" && overlaps(e, a))).length,
          blinksInside: blinks.filter((e) => closures.some((a) => overlaps(e, a))).length,
        },
        withoutBlendshapes: {
          detectedBlinks: bare.length,
          tp: mBare.tp,
          fp: mBare.fp,
          fn: mBare.fn,
          blinksInsideLongClosures: bare.filter((e) => closures.some((a) => overlaps(e, a))).length,
        },
        detected: events.map((e) => ({ kind: e.kind, startFrame: e.startFrame, endFrame: e.endFrame, startMs: e.startMs, endMs: e.endMs, durationMs: e.durationMs })),
        ear: earTrace(samples),
        missed: m.falseNegatives.map((k) => ({ startFrame: annBlinks[k]!.startFrame, endFrame: annBlinks[k]!.endFrame })),
        falseBlinks: m.falsePositives.map((k) => ({ startFrame: blinks[k]!.startFrame, endFrame: blinks[k]!.endFrame })),
      });
    }
    for (const v of unannotated) {
      const { samples, withFace } = await measure(v);
      const blinks = detectBlinks(samples).filter((e) => e.kind === "blink");
      const bare = detectBlinks(samples.map((s) => ({ tMs: s.tMs, frame: s.frame, ear: s.ear }))).filter((e) => e.kind === "blink");
      headMovement.push({
        file: v.file,
        frames: v.files.length,
        framesWithOneFace: withFace,
        blinks: blinks.length,
        blinksWithoutBlendshapes: bare.length,
        detected: [
          ...blinks.map((e) => ({ startFrame: e.startFrame, endFrame: e.endFrame, withBlendshapes: true })),
          ...bare.map((e) => ({ startFrame: e.startFrame, endFrame: e.endFrame, withBlendshapes: false })),
        ],
        ear: earTrace(samples),
      });
    }
    progress.finish();
    await refreshEngineInfo(h, info);
  } finally {
    await h.close();
  }

  const overall = { tp, fp, fn, ...precisionRecall(tp, fp, fn), timing: timingError(allMatches) };
  const bareTotals = results.reduce((a, r) => ({ tp: a.tp + r.withoutBlendshapes.tp, fp: a.fp + r.withoutBlendshapes.fp, fn: a.fn + r.withoutBlendshapes.fn }), { tp: 0, fp: 0, fn: 0 });
  const withoutBlendshapes = { ...bareTotals, ...precisionRecall(bareTotals.tp, bareTotals.fp, bareTotals.fn) };
  const report = {
    command: "eval:liveness",
    data: dir,
    generatedAt: new Date().toISOString(),
    pipeline: info,
    protocol: {
      detector: `lib/face/core/blink.ts detectBlinks with DEFAULT_BLINK_OPTIONS (EAR hysteresis${BROWSER_LANDMARKER_BLENDSHAPES ? " + blendshape cross-check" : "; the browser's landmarker bundle has no blendshapes"}), frames in decode order at their timestamps`,
      blinkOptions: DEFAULT_BLINK_OPTIONS,
      matching: `one-to-one, start and end frames both within ±${tolerance} frames; detected blinks overlapping an annotated long closure are false positives`,
      maxFrames: Number.isFinite(maxFrames) ? maxFrames : null,
    },
    overall,
    withoutBlendshapes,
    videos: results,
    withoutAnnotations: headMovement,
  };
  writeJson(common.out, report);

  const out = process.stdout;
  for (const r of results) {
    out.write(
      `${r.file}: ${r.frames} frames (${r.framesWithOneFace} with one face, ${r.fps.toFixed(1)} fps), blinks annotated ${r.annotatedBlinks} detected ${r.detectedBlinks}: ` +
        `precision ${f4(r.precision)} recall ${f4(r.recall)}, timing |Δstart| ${r.timing.meanAbsStartFrames.toFixed(2)} |Δend| ${r.timing.meanAbsEndFrames.toFixed(2)} frames; ` +
        `long closures ${r.longClosures.reportedAsLongClosure}/${r.longClosures.annotated} reported as such, ${r.longClosures.blinksInside} blink(s) inside; ` +
        `without blendshapes: ${r.withoutBlendshapes.tp} matched, ${r.withoutBlendshapes.fp} false, ${r.withoutBlendshapes.fn} missed, ${r.withoutBlendshapes.blinksInsideLongClosures} inside long closures\n`,
    );
  }
  for (const r of headMovement) {
    out.write(
      `${r.file} (no annotations): ${r.frames} frames (${r.framesWithOneFace} with one face), blinks reported ${r.blinks}, ` +
        `without blendshapes ${r.blinksWithoutBlendshapes}\n`,
    );
  }
  const t = overall.timing;
  out.write(
    `overall: ${tp} matched, ${fp} false blink(s), ${fn} missed; timing |Δstart| ${t.meanAbsStartFrames.toFixed(2)} |Δend| ${t.meanAbsEndFrames.toFixed(2)} frames` +
      `${t.meanAbsStartMs !== undefined ? ` (${t.meanAbsStartMs.toFixed(0)} / ${t.meanAbsEndMs!.toFixed(0)} ms)` : ""}\n`,
  );
  out.write(`wrote ${common.out}\n`);
  const headBlinks = (k: "blinks" | "blinksWithoutBlendshapes") => headMovement.reduce((n, r) => n + r[k], 0);
  out.write(
    `blink_precision=${f4(overall.precision)} blink_recall=${f4(overall.recall)} false_blinks=${fp} ` +
      `ear_only_precision=${f4(withoutBlendshapes.precision)} ear_only_recall=${f4(withoutBlendshapes.recall)} ear_only_false_blinks=${withoutBlendshapes.fp} ` +
      `head_movement_blinks=${headBlinks("blinks")} ear_only_head_movement_blinks=${headBlinks("blinksWithoutBlendshapes")} videos=${results.length + headMovement.length}\n`,
  );
}

runMain(USAGE, main);
