// One entry point for the export routes: a report, a format, a destination.
import type { Writable } from "node:stream";
import type { Report } from "./build";
import { writeCsv } from "./csv";
import { writePdf } from "./pdf";
import { toWebStream, type ExportFormat } from "./stream";
import { dailyTable, summaryTable, type ReportMeta, type ReportTable } from "./table";
import { writeXlsx, type XlsxOptions } from "./xlsx";

/** Which tables go into the file. CSV holds one table: "both" is refused there. */
export type ReportPart = "daily" | "summary" | "both";

function tablesOf(report: Report, meta: ReportMeta, part: ReportPart): ReportTable[] {
  // The daily sheet comes first: the summary is gathered while it streams (one pass over the events).
  if (part === "daily") return [dailyTable(report, meta.timezone)];
  if (part === "summary") return [summaryTable(report)];
  return [dailyTable(report, meta.timezone), summaryTable(report)];
}

/**
 * Writes `report` in `format` to `dest` and ends it. `part` defaults to "daily" for CSV and "both" for XLSX
 * (two sheets) and PDF (two sections).
 */
export async function writeReport(
  format: ExportFormat,
  report: Report,
  meta: ReportMeta,
  dest: Writable,
  part?: ReportPart,
  xlsxOptions?: Partial<XlsxOptions>,
): Promise<void> {
  const p = part ?? (format === "csv" ? "daily" : "both");
  if (format === "csv") {
    if (p === "both") throw new RangeError("A CSV file holds one table: choose daily or summary");
    const [table] = tablesOf(report, meta, p);
    return writeCsv(table!, dest);
  }
  const tables = tablesOf(report, meta, p);
  return format === "xlsx" ? writeXlsx(tables, meta, dest, xlsxOptions) : writePdf(tables, meta, dest);
}

/** Writes ready-made tables (e.g. the payroll sheet) in `format`: CSV takes exactly one table. */
export async function writeTables(format: ExportFormat, tables: readonly ReportTable[], meta: ReportMeta, dest: Writable, xlsxOptions?: Partial<XlsxOptions>): Promise<void> {
  if (format === "csv") {
    if (tables.length !== 1) throw new RangeError("A CSV file holds one table");
    return writeCsv(tables[0]!, dest);
  }
  return format === "xlsx" ? writeXlsx(tables, meta, dest, xlsxOptions) : writePdf(tables, meta, dest);
}

/** writeTables as a web ReadableStream, for a route handler. */
export function tablesStream(format: ExportFormat, tables: readonly ReportTable[], meta: ReportMeta, xlsxOptions?: Partial<XlsxOptions>): ReadableStream<Uint8Array> {
  return toWebStream((dest) => writeTables(format, tables, meta, dest, xlsxOptions));
}

/** The same as a web ReadableStream, for `new Response(stream, { headers: downloadHeaders(format, name) })`. */
export function reportStream(format: ExportFormat, report: Report, meta: ReportMeta, part?: ReportPart): ReadableStream<Uint8Array> {
  return toWebStream((dest) => writeReport(format, report, meta, dest, part));
}
