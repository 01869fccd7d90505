// Streams the records of a CSV file with a required header: errors name the file and line.
import { headerIndex, parseCsvLine } from "@/lib/eval/datasets/csv";
import { EvalDataError } from "@/lib/eval/datasets/errors";
import { readLines } from "@/lib/eval/datasets/lines";

export interface CsvRecord<K extends string> {
  lineNo: number;
  /** "file:line", for error messages. */
  where: string;
  /** The trimmed cell of a required column. */
  get(column: K): string;
}

/** Yields every non-empty record after the header; throws EvalDataError for a bad line, bad header or empty file. */
export async function* readCsvRecords<K extends string>(file: string, columns: readonly K[]): AsyncGenerator<CsvRecord<K>> {
  let idx: Record<K, number> | undefined;
  for await (const { lineNo, text } of readLines(file)) {
    const where = `${file}:${lineNo}`;
    let cells: string[];
    try {
      cells = parseCsvLine(text);
    } catch (err) {
      throw new EvalDataError(`${where}: ${(err as Error).message}`);
    }
    if (!idx) {
      try {
        idx = headerIndex(cells, columns);
      } catch (err) {
        throw new EvalDataError(`${where}: bad header "${text.slice(0, 80)}": ${(err as Error).message}`);
      }
      continue;
    }
    if (text.trim() === "") continue;
    const at = idx;
    yield { lineNo, where, get: (k) => (cells[at[k]] ?? "").trim() };
  }
  if (!idx) throw new EvalDataError(`${file} is empty: expected the header ${columns.join(",")}`);
}
