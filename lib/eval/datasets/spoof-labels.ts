// Presentation-attack folders: images plus labels.csv with the columns path,label,attack_type,subject,source
// (path relative to the folder; label live|spoof; attack_type none for live, e.g. print / replay_tablet for spoof).

import { existsSync } from "node:fs";
import path from "node:path";
import { EvalDataError, listSome } from "@/lib/eval/datasets/errors";
import { requireFile } from "@/lib/eval/datasets/lines";
import { readCsvRecords } from "@/lib/eval/datasets/records";

export const SPOOF_COLUMNS = ["path", "label", "attack_type", "subject", "source"] as const;

export interface SpoofLabel {
  path: string;
  live: boolean;
  /** "none" for live samples. */
  attackType: string;
  subject: string;
  source: string;
  line: number;
}

/** Reads and validates <dir>/labels.csv (every row) and checks that each image exists. */
export async function readSpoofLabels(dir: string): Promise<SpoofLabel[]> {
  const file = path.join(dir, "labels.csv");
  requireFile(file, `a spoof folder needs labels.csv with the header ${SPOOF_COLUMNS.join(",")}`);
  const rows: SpoofLabel[] = [];
  const missing: string[] = [];
  for await (const { lineNo, where, get } of readCsvRecords(file, SPOOF_COLUMNS)) {
    const rel = get("path");
    const label = get("label");
    const attackType = get("attack_type");
    if (!rel) throw new EvalDataError(`${where}: empty path`);
    if (path.isAbsolute(rel) || rel.split(/[\\/]/).includes("..")) throw new EvalDataError(`${where}: path must be relative to the folder: ${rel}`);
    if (label !== "live" && label !== "spoof") throw new EvalDataError(`${where}: label must be live or spoof, got "${label}"`);
    if (!attackType) throw new EvalDataError(`${where}: empty attack_type (use none for live samples)`);
    if (label === "live" && attackType !== "none") throw new EvalDataError(`${where}: a live sample must have attack_type none, got "${attackType}"`);
    if (label === "spoof" && attackType === "none") throw new EvalDataError(`${where}: a spoof sample needs an attack_type (e.g. print, replay_tablet)`);
    if (!existsSync(path.join(dir, rel))) missing.push(`${rel} (labels.csv:${lineNo})`);
    rows.push({ path: rel, live: label === "live", attackType, subject: get("subject"), source: get("source"), line: lineNo });
  }
  if (missing.length) throw new EvalDataError(`${dir}: ${missing.length} image(s) listed in labels.csv are missing: ${listSome(missing)}`);
  if (!rows.length) throw new EvalDataError(`${file} has a header but no samples`);
  return rows;
}
