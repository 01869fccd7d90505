// Line-by-line reading of text files (pairs lists, label CSVs) without loading them whole.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createInterface } from "node:readline";
import { EvalDataError } from "@/lib/eval/datasets/errors";

export interface NumberedLine {
  /** 1-based line number in the file. */
  lineNo: number;
  /** The line without its line ending (CRLF tolerated) and without a UTF-8 BOM on line 1. */
  text: string;
}

/** Throws EvalDataError when `file` is missing or not a file; `what` explains what it should be. */
export function requireFile(file: string, what: string): void {
  if (!existsSync(file)) throw new EvalDataError(`${file} not found: ${what}`);
  if (!statSync(file).isFile()) throw new EvalDataError(`${file} is not a file: ${what}`);
}

export async function* readLines(file: string): AsyncGenerator<NumberedLine> {
  const rl = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const raw of rl) {
    lineNo++;
    const text = lineNo === 1 ? raw.replace(/^\uFEFF/, "") : raw;
    yield { lineNo, text: text.replace(/\r$/, "") };
  }
}
