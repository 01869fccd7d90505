// npm run eval:pad -- --data <dir> [--out <file.json>]
//
// Presentation-attack detection with the PRODUCTION browser pipeline: MediaPipe FaceLandmarker (IMAGE
// mode) finds the largest face, the face worker builds both MiniFASNet crops from the landmark box
// (lib/face/antispoof-input.ts) and fuses the two models' real-face scores, exactly as on a camera frame.
// Reports APCER per attack type, BPCER and ACER at the product's anti-spoof threshold (the Settings
// default, or --threshold), the ROC, and a threshold sweep. An image where no face is found gets score 0
// (rejected: the check-in cannot proceed), which counts against BPCER for live samples.

import { readFileSync } from "node:fs";
import path from "node:path";
import { readSpoofLabels } from "@/lib/eval/datasets/spoof-labels";
import { auc, padMetrics, rocCurve, type PadSample } from "@/lib/eval/metrics";
import { thresholdGrid, type AntispoofPoint, type OperatingPoints } from "@/lib/eval/operating-points";
import { linePlotSvg, scoreStripSvg } from "@/lib/eval/roc-svg";
import { thresholdBounds } from "@/lib/validations/settings";
import { f3, f4, intArg, openPipeline, parseCommon, plotPathFor, refreshEngineInfo, relToRepo, runMain, streamImages, UsageError, writeJson, writeText } from "./eval/common";

const USAGE = `usage: npm run eval:pad -- --data <dir> [--out <file.json>] [options]

  --data <dir>                 folder with images and labels.csv (path,label,attack_type,subject,source)
  --out <file.json>            results (default eval-results/pad.json); the ROC plot is written next to it (.roc.svg)
  --threshold <x>              anti-spoof threshold to report at (default: the product default, ${thresholdBounds.antispoof.default})
  --limit <n>                  only the first n samples of labels.csv (smoke tests)
  --write-operating-points <f> also write the threshold → APCER/BPCER table into <f> (e.g. lib/eval/operating-points.json)
  --threads <n>                onnxruntime-web WASM threads (default 2)
  --delegate auto|CPU|GPU      MediaPipe delegate (default auto, as in the app)
  --batch <n>                  images per browser round trip (default 32)
`;

/** Blue for all attacks, green for live faces, then one colour per attack type. */
const ALL_COLOUR = "#2563eb";
const LIVE_COLOUR = "#059669";
const TYPE_COLOURS = ["#dc2626", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563"];

async function main(): Promise<void> {
  const { common, values } = parseCommon(USAGE, "pad.json", {
    threshold: { type: "string" },
    limit: { type: "string" },
    "write-operating-points": { type: "string" },
  });
  const threshold = values.threshold === undefined ? thresholdBounds.antispoof.default : Number(values.threshold);
  if (!(threshold >= 0 && threshold <= 1)) throw new UsageError(`--threshold must be in [0, 1], got "${String(values.threshold)}"`);
  const limit = values.limit === undefined ? undefined : intArg(values.limit as string, "limit", 1);
  const opFile = values["write-operating-points"] as string | undefined;
  const dir = common.data;

  let labels = await readSpoofLabels(dir);
  if (limit !== undefined) labels = labels.slice(0, limit);
  const byPath = new Map(labels.map((l) => [l.path, l]));
  if (byPath.size !== labels.length) process.stderr.write("note: labels.csv lists some paths more than once; each is scored once\n");
  process.stderr.write(
    `${dir}: ${labels.length} samples (${labels.filter((l) => l.live).length} live, ${labels.filter((l) => !l.live).length} attacks)\n`,
  );

  const { h, info } = await openPipeline(common);
  const scores = new Map<string, { score: number; faceFound: boolean; faceCount: number }>();
  let run: { seconds: number; count: number };
  try {
    run = await streamImages(h, dir, byPath.keys(), byPath.size, { embed: false, antispoof: true }, common.batch, "anti-spoof", (rel, r) => {
      scores.set(rel, { score: r.antispoof?.score ?? 0, faceFound: r.faceFound, faceCount: r.faceCount });
    });
    await refreshEngineInfo(h, info);
  } finally {
    await h.close();
  }

  const samples: (PadSample & { path: string; faceFound: boolean; faceCount: number; subject: string })[] = labels.map((l) => {
    const s = scores.get(l.path)!;
    return { path: l.path, live: l.live, attackType: l.live ? "none" : l.attackType, subject: l.subject, ...s };
  });
  const live = samples.filter((s) => s.live);
  const attacks = samples.filter((s) => !s.live);
  const atProduct = padMetrics(samples, threshold);
  const types = [...new Set(attacks.map((s) => s.attackType))].sort();
  const canRoc = live.length > 0 && attacks.length > 0;
  const aucAll = canRoc ? auc(live.map((s) => s.score), attacks.map((s) => s.score)) : Number.NaN;
  const aucByType = Object.fromEntries(
    types.map((t) => [t, live.length ? auc(live.map((s) => s.score), attacks.filter((s) => s.attackType === t).map((s) => s.score)) : Number.NaN]),
  );

  // Threshold sweep, and the threshold with the lowest ACER on this data (middle of the best run).
  const sweep = thresholdGrid(0.05, 0.95, 0.01).map((t) => {
    const m = padMetrics(samples, t);
    return { threshold: t, apcer: m.apcer, apcerPooled: m.apcerPooled, bpcer: m.bpcer, acer: m.acer };
  });
  const bestAcer = Math.min(...sweep.map((s) => s.acer).filter(Number.isFinite));
  const bestRun = sweep.filter((s) => s.acer === bestAcer);
  const lowestAcer = bestRun.length ? { acer: bestAcer, from: bestRun[0]!.threshold, to: bestRun[bestRun.length - 1]!.threshold } : null;

  const svgFile = plotPathFor(common.out);
  if (canRoc) {
    const series = [
      { label: `all attacks (${attacks.length}), AUC ${aucAll.toFixed(3)}`, points: rocCurve(live.map((s) => s.score), attacks.map((s) => s.score)), colour: ALL_COLOUR },
      ...types.map((t, k) => {
        const a = attacks.filter((s) => s.attackType === t);
        return { label: `${t} (${a.length}), AUC ${aucByType[t]!.toFixed(3)}`, points: rocCurve(live.map((s) => s.score), a.map((s) => s.score)), colour: TYPE_COLOURS[k % TYPE_COLOURS.length]!, dashed: true };
      }),
    ];
    writeText(
      svgFile,
      linePlotSvg({
        title: `Anti-spoof ROC — ${path.basename(dir)} (${live.length} live, ${attacks.length} attacks)`,
        xLabel: "attacks accepted as live (APCER)",
        yLabel: "live faces accepted (1 − BPCER)",
        series: series.map((s) => ({ ...s, points: s.points.map((p) => ({ x: p.far, y: p.tar })) })),
        markers: [{ x: atProduct.apcerPooled, y: 1 - atProduct.bpcer, label: `threshold ${threshold}` }],
      }),
    );
  }

  const stripFile = plotPathFor(common.out, "scores");
  writeText(
    stripFile,
    scoreStripSvg({
      title: `Real-face scores — ${path.basename(dir)}`,
      xLabel: "real-face score (MiniFASNet V2 + V1SE), live when score >= threshold",
      groups: [
        { label: "live", scores: live.map((s) => s.score), colour: LIVE_COLOUR },
        ...types.map((t, k) => ({ label: t, scores: attacks.filter((s) => s.attackType === t).map((s) => s.score), colour: TYPE_COLOURS[k % TYPE_COLOURS.length]! })),
      ],
      lines: [{ x: threshold, label: `threshold ${threshold}` }],
    }),
  );

  const report = {
    command: "eval:pad",
    data: dir,
    generatedAt: new Date().toISOString(),
    pipeline: info,
    protocol: {
      score: "real-face score = mean of the class-1 softmax of MiniFASNet V2 (scale 2.7) and V1SE (scale 4.0) on the landmark face box; live when score >= threshold",
      noFace: "no face found → score 0 (rejected)",
      apcer: "APCER per attack type; the headline APCER is the worst type (ISO/IEC 30107-3); ACER = (APCER + BPCER) / 2",
      singleFrame: "one still image per sample; the product averages several frames (trimmed mean) and adds an active challenge",
      limit: limit ?? null,
    },
    counts: { samples: samples.length, live: live.length, attacks: attacks.length, noFace: samples.filter((s) => !s.faceFound).length, byType: Object.fromEntries(types.map((t) => [t, attacks.filter((s) => s.attackType === t).length])) },
    atThreshold: atProduct,
    auc: aucAll,
    aucByType,
    lowestAcer,
    sweep,
    imagesPerSecond: run.count / run.seconds,
    samples: samples.map((s) => ({ path: s.path, live: s.live, attackType: s.attackType, subject: s.subject, score: s.score, faceFound: s.faceFound, faceCount: s.faceCount })),
    plot: canRoc ? svgFile : null,
    scoresPlot: stripFile,
  };
  writeJson(common.out, report);

  if (opFile) {
    const file = path.resolve(opFile);
    let existing: OperatingPoints = {};
    try {
      existing = JSON.parse(readFileSync(file, "utf8")) as OperatingPoints;
    } catch {
      // new file
    }
    const points: AntispoofPoint[] = thresholdGrid(thresholdBounds.antispoof.min, thresholdBounds.antispoof.max, 0.01).map((t) => {
      const m = padMetrics(samples, t);
      return { threshold: t, apcer: m.apcer, bpcer: m.bpcer };
    });
    existing.antispoof = {
      source: `npm run eval:pad -- --data ${relToRepo(dir)}; single still images, ${live.length} live and ${attacks.length} attacks (${types.join(", ")})`,
      generatedAt: report.generatedAt,
      counts: { live: live.length, attacks: attacks.length },
      points,
    };
    writeJson(file, existing);
    process.stderr.write(`wrote the anti-spoof operating points to ${file}\n`);
  }

  const out = process.stdout;
  for (const t of types) {
    const m = atProduct.apcerByType[t]!;
    out.write(`APCER ${t}: ${f4(m.apcer)} (${m.acceptedAsLive}/${m.attacks} accepted as live), AUC ${f3(aucByType[t]!)}\n`);
  }
  out.write(`BPCER: ${f4(atProduct.bpcer)} (${Math.round(atProduct.bpcer * live.length)}/${live.length} live rejected) at threshold ${threshold}; AUC all attacks ${f3(aucAll)}\n`);
  if (lowestAcer) out.write(`lowest ACER on this data: ${f4(lowestAcer.acer)} for thresholds ${lowestAcer.from}–${lowestAcer.to}\n`);
  out.write(`no face found: ${report.counts.noFace} of ${samples.length}; ${report.imagesPerSecond.toFixed(2)} images/s\n`);
  out.write(`wrote ${common.out}${canRoc ? `, ${svgFile}` : ""} and ${stripFile}\n`);
  out.write(`apcer=${f4(atProduct.apcer)} bpcer=${f4(atProduct.bpcer)} acer=${f4(atProduct.acer)} n=${samples.length}\n`);
}

runMain(USAGE, main);
