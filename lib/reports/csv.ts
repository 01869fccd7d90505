// CSV export: RFC 4180 (CRLF, quotes doubled, fields with comma/quote/CR/LF quoted), safe against formula
// injection when opened in a spreadsheet, streamed.
import type { Writable } from "node:stream";
import { endStream, writeChunk, yieldToEventLoop } from "./stream";
import { formatCell, type CellValue, type Column, type ReportTable } from "./table";

export interface CsvOptions {
  /** Start with a UTF-8 byte-order mark so that Excel reads names in UTF-8. Default true. */
  bom: boolean;
  /** Bytes gathered before each write. Default 64 KiB. */
  chunkBytes: number;
}

const defaults: CsvOptions = { bom: true, chunkBytes: 64 * 1024 };

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One text field: a value starting with = + - @ (or tab / CR) is prefixed with a single quote, so that a
 * spreadsheet shows it as text instead of running it (OWASP "CSV injection"); then RFC 4180 quoting.
 */
export function csvText(text: string): string {
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One cell: numbers as the screen shows them (never prefixed), text through csvText, null empty. */
export function csvCell(column: Pick<Column, "type">, value: CellValue): string {
  if (value === null) return "";
  if (typeof value === "number") return formatCell(column, value);
  return csvText(value);
}

export function csvLine(columns: readonly Pick<Column, "type">[], cells: readonly CellValue[]): string {
  let line = "";
  for (let i = 0; i < columns.length; i++) {
    if (i > 0) line += ",";
    line += csvCell(columns[i]!, cells[i] ?? null);
  }
  return line + "\r\n";
}

/** Writes a table as CSV (header line, then rows) to `dest`, ends it, resolves when flushed. */
export async function writeCsv(table: ReportTable, dest: Writable, options: Partial<CsvOptions> = {}): Promise<void> {
  const o = { ...defaults, ...options };
  let buf = (o.bom ? "\uFEFF" : "") + table.columns.map((c) => csvText(c.header)).join(",") + "\r\n";
  let rows = 0;
  for await (const cells of table.rows) {
    buf += csvLine(table.columns, cells);
    if (buf.length >= o.chunkBytes) {
      await writeChunk(dest, buf);
      buf = "";
    }
    if (++rows % 2048 === 0) await yieldToEventLoop();
  }
  if (buf) await writeChunk(dest, buf);
  await endStream(dest);
}
