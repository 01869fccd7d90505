// Blink-annotated videos: the videos plus blink_annotations.csv with the columns
// file,event,start_frame,end_frame,start_s,end_s (event blink|long_closure; frames 0-based in decode order).

import { existsSync } from "node:fs";
import path from "node:path";
import { EvalDataError, listSome } from "@/lib/eval/datasets/errors";
import { requireFile } from "@/lib/eval/datasets/lines";
import { readCsvRecords } from "@/lib/eval/datasets/records";

export const BLINK_COLUMNS = ["file", "event", "start_frame", "end_frame", "start_s", "end_s"] as const;

export interface BlinkAnnotationRow {
  file: string;
  event: "blink" | "long_closure";
  startFrame: number;
  endFrame: number;
  startS: number;
  endS: number;
  line: number;
}

/** Reads and validates <dir>/blink_annotations.csv and checks that every video exists. */
export async function readBlinkAnnotationsCsv(dir: string): Promise<BlinkAnnotationRow[]> {
  const file = path.join(dir, "blink_annotations.csv");
  requireFile(file, `a liveness folder needs blink_annotations.csv with the header ${BLINK_COLUMNS.join(",")}`);
  const rows: BlinkAnnotationRow[] = [];
  const missing = new Set<string>();
  for await (const { lineNo, where, get } of readCsvRecords(file, BLINK_COLUMNS)) {
    const video = get("file");
    const event = get("event");
    if (!video) throw new EvalDataError(`${where}: empty file`);
    if (event !== "blink" && event !== "long_closure") throw new EvalDataError(`${where}: event must be blink or long_closure, got "${event}"`);
    const int = (k: "start_frame" | "end_frame") => {
      const v = get(k);
      if (!/^\d+$/.test(v)) throw new EvalDataError(`${where}: ${k} must be a frame index (integer >= 0), got "${v}"`);
      return Number(v);
    };
    const num = (k: "start_s" | "end_s") => {
      const v = Number(get(k));
      if (get(k) === "" || !Number.isFinite(v) || v < 0) throw new EvalDataError(`${where}: ${k} must be a time in seconds, got "${get(k)}"`);
      return v;
    };
    const startFrame = int("start_frame");
    const endFrame = int("end_frame");
    if (endFrame < startFrame) throw new EvalDataError(`${where}: end_frame ${endFrame} is before start_frame ${startFrame}`);
    if (!existsSync(path.join(dir, video))) missing.add(video);
    rows.push({ file: video, event, startFrame, endFrame, startS: num("start_s"), endS: num("end_s"), line: lineNo });
  }
  if (missing.size) throw new EvalDataError(`${dir}: video(s) named in blink_annotations.csv are missing: ${listSome([...missing])}`);
  if (!rows.length) throw new EvalDataError(`${file} has a header but no annotations`);
  return rows;
}
