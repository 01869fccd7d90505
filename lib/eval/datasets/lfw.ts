// LFW-format verification folders: images/<Name>/<Name>_NNNN.jpg and the official View-2 pairs.txt.
//
// pairs.txt: a header `<folds>\t<pairs per class per fold>` (a single number n means one fold, as in
// View 1's pairsDevTest.txt), then each fold in turn: n matched lines `name\tn1\tn2`, then n mismatched
// lines `name1\tn1\tname2\tn2`. Image n of name is images/name/name_%04d.jpg (n is 1-based).

import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { EvalDataError, listSome } from "@/lib/eval/datasets/errors";
import { readLines, requireFile } from "@/lib/eval/datasets/lines";

export interface LfwPair {
  /** 0-based fold index (order of the folds in pairs.txt). */
  fold: number;
  same: boolean;
  /** Image paths relative to the folder, e.g. images/Abel_Pacheco/Abel_Pacheco_0001.jpg. */
  a: string;
  b: string;
  /** Line in pairs.txt (1-based), for error messages. */
  line: number;
}

export interface LfwPairs {
  folds: number;
  perClass: number;
  pairs: LfwPair[];
}

const FORMAT = "expected the LFW View-2 format: a header `<folds>\\t<pairs per class>` then per fold the matched lines `name\\tn1\\tn2` and the mismatched lines `name1\\tn1\\tname2\\tn2`";

/** images/<name>/<name>_NNNN.jpg */
export function lfwImagePath(name: string, n: number): string {
  return `images/${name}/${name}_${String(n).padStart(4, "0")}.jpg`;
}

/** Parses the header line: "<folds>\t<perClass>" or "<perClass>" (one fold). Pure. */
export function parsePairsHeader(text: string): { folds: number; perClass: number } {
  const f = text.trim().split(/\s+/);
  const nums = f.map(Number);
  const ok = (v: number | undefined): v is number => v !== undefined && Number.isInteger(v) && v > 0;
  if (f.length === 2 && ok(nums[0]) && ok(nums[1])) return { folds: nums[0], perClass: nums[1] };
  if (f.length === 1 && ok(nums[0])) return { folds: 1, perClass: nums[0] };
  throw new Error(`bad header "${text.slice(0, 60)}"`);
}

/** Parses one pair line (tabs or spaces). Pure. */
export function parsePairLine(text: string): { same: boolean; a: string; b: string } {
  const f = text.trim().split(/\s+/);
  const num = (s: string | undefined): number => {
    const v = Number(s);
    if (!s || !/^\d+$/.test(s) || !(v >= 1)) throw new Error(`bad image number "${s ?? ""}"`);
    return v;
  };
  if (f.length === 3) return { same: true, a: lfwImagePath(f[0]!, num(f[1])), b: lfwImagePath(f[0]!, num(f[2])) };
  if (f.length === 4) return { same: false, a: lfwImagePath(f[0]!, num(f[1])), b: lfwImagePath(f[2]!, num(f[3])) };
  throw new Error(`expected 3 fields (matched) or 4 fields (mismatched), got ${f.length}`);
}

/**
 * Reads and validates <dir>/pairs.txt line by line: header, field counts, the matched-then-mismatched
 * order within each fold, and the number of lines. Does not touch the images (see checkPairImages).
 */
export async function readLfwPairs(dir: string): Promise<LfwPairs> {
  const file = path.join(dir, "pairs.txt");
  requireFile(file, `an LFW-format folder needs pairs.txt (View 2) next to images/<Name>/<Name>_NNNN.jpg`);
  let header: { folds: number; perClass: number } | undefined;
  const pairs: LfwPair[] = [];
  for await (const { lineNo, text } of readLines(file)) {
    if (!header) {
      try {
        header = parsePairsHeader(text);
      } catch (err) {
        throw new EvalDataError(`${file}:${lineNo}: ${(err as Error).message}; ${FORMAT}`);
      }
      continue;
    }
    if (text.trim() === "") continue;
    const expected = header.folds * header.perClass * 2;
    if (pairs.length >= expected) {
      throw new EvalDataError(`${file}:${lineNo}: more pair lines than the header's ${header.folds} folds × 2 × ${header.perClass} = ${expected}`);
    }
    let p: ReturnType<typeof parsePairLine>;
    try {
      p = parsePairLine(text);
    } catch (err) {
      throw new EvalDataError(`${file}:${lineNo}: ${(err as Error).message}; ${FORMAT}`);
    }
    const k = pairs.length;
    const fold = Math.floor(k / (2 * header.perClass));
    const wantSame = k % (2 * header.perClass) < header.perClass;
    if (p.same !== wantSame) {
      throw new EvalDataError(
        `${file}:${lineNo}: expected a ${wantSame ? "matched (3-field)" : "mismatched (4-field)"} line here (fold ${fold + 1}, ` +
          `pair ${(k % (2 * header.perClass)) + 1} of ${2 * header.perClass}); ${FORMAT}`,
      );
    }
    pairs.push({ fold, same: p.same, a: p.a, b: p.b, line: lineNo });
  }
  if (!header) throw new EvalDataError(`${file} is empty; ${FORMAT}`);
  const expected = header.folds * header.perClass * 2;
  if (pairs.length !== expected) {
    throw new EvalDataError(`${file}: the header promises ${header.folds} folds × 2 × ${header.perClass} = ${expected} pairs, the file has ${pairs.length}`);
  }
  return { ...header, pairs };
}

/** Throws EvalDataError naming the missing images (and the pairs.txt lines that use them). */
export function checkPairImages(dir: string, pairs: readonly LfwPair[]): void {
  const missing = new Map<string, number>();
  const seen = new Set<string>();
  for (const p of pairs) {
    for (const rel of [p.a, p.b]) {
      if (seen.has(rel)) continue;
      seen.add(rel);
      if (!existsSync(path.join(dir, rel))) missing.set(rel, p.line);
    }
  }
  if (missing.size) {
    const items = [...missing].map(([rel, line]) => `${rel} (pairs.txt:${line})`);
    throw new EvalDataError(`${dir}: ${missing.size} image(s) named in pairs.txt are missing: ${listSome(items)}`);
  }
}

export interface LfwImage {
  /** Relative path, e.g. images/Name/Name_0001.jpg. */
  rel: string;
  person: string;
}

const IMAGE_RE = /\.(jpe?g|png)$/i;

/**
 * Every image under <dir>/images/<Name>/, people and files in sorted order, yielded one at a time
 * (only names are read here; the pixels stay on disk).
 */
export function* listLfwImages(dir: string): Generator<LfwImage> {
  const root = path.join(dir, "images");
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new EvalDataError(`${root} not found: an LFW-format folder keeps its images in images/<Name>/<Name>_NNNN.jpg`);
  }
  const people = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  for (const person of people) {
    const files = readdirSync(path.join(root, person))
      .filter((f) => IMAGE_RE.test(f))
      .sort();
    for (const f of files) yield { rel: `images/${person}/${f}`, person };
  }
}

/** The person of an image path images/<Name>/... */
export function personOf(rel: string): string {
  const m = /^images\/([^/]+)\//.exec(rel);
  if (!m) throw new Error(`not an LFW image path: ${rel}`);
  return m[1]!;
}
