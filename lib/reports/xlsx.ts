// XLSX export with exceljs's streaming WorkbookWriter: each row is committed (written and released) as it comes.
import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { formatLocalDateTime } from "@/lib/attendance/local-time";
import { waitForDrain, yieldToEventLoop } from "./stream";
import type { CellValue, ReportMeta, ReportTable } from "./table";

export interface XlsxOptions {
  /** Rows committed between pauses that let the zip stream compress and flush. Default 256. */
  batchRows: number;
  /** Add a last sheet "About" with the organisation, range, timezone and export time. Default true. */
  aboutSheet: boolean;
  /**
   * Bold header row, hours shown as 0.00, "date" columns as real dates. Default false: exceljs resolves a style object for every styled
   * cell, which made a year export about 1.5x slower; without it hours show as Excel's General (7.5, 8).
   */
  styles: boolean;
}

const defaults: XlsxOptions = { batchRows: 256, aboutSheet: true, styles: false };

const DATE_FORMAT = "yyyy-mm-dd";

/** A local date "YYYY-MM-DD" as the Date exceljs stores as that calendar day (UTC midnight: no timezone shift). */
export function excelDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** Excel limits sheet names to 31 characters without []:*?/\ . */
const sheetName = (s: string) => s.replace(/[[\]:*?/\\]/g, " ").slice(0, 31) || "Sheet";

/**
 * Writes the tables, one sheet each in order (each table's rows are read after the previous sheet is done, so a
 * Report's summary() after its daily() costs no second pass), to `dest`; ends it; resolves when flushed.
 * Numbers are numbers (hours formatted 0.00 with `styles`), text stays text (a leading "=" is never a formula).
 */
export async function writeXlsx(tables: readonly ReportTable[], meta: ReportMeta, dest: Writable, options: Partial<XlsxOptions> = {}): Promise<void> {
  const o = { ...defaults, ...options };
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: dest, useStyles: o.styles, useSharedStrings: false });
  wb.creator = "Clockface";
  wb.title = `Attendance ${meta.from} to ${meta.to} — ${meta.orgName}`;
  wb.created = meta.generatedAt;

  for (const table of tables) {
    const ws = wb.addWorksheet(sheetName(table.name), { views: [{ state: "frozen", ySplit: 1 }] });
    // Only hours carry a style (0.00): every styled cell costs exceljs a style lookup.
    ws.columns = table.columns.map((c) => ({
      header: c.header,
      key: c.key,
      width: Math.max(c.width, c.header.length) + 2,
      ...(c.type === "hours" ? { style: { numFmt: "0.00" } } : c.type === "days" ? { style: { numFmt: "0.0" } } : c.type === "date" && o.styles ? { style: { numFmt: DATE_FORMAT } } : {}),
    }));
    // With styles, "date" cells are real dates (shown yyyy-mm-dd); without, a date would show as a serial number.
    const dateColumns = o.styles ? table.columns.flatMap((c, i) => (c.type === "date" ? [i] : [])) : [];
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    let n = 0;
    for await (const cells of table.rows) {
      const values: (CellValue | Date)[] = cells.map((v) => (v === null ? null : v));
      for (const i of dateColumns) if (typeof values[i] === "string") values[i] = excelDate(values[i] as string);
      ws.addRow(values).commit();
      if (++n % o.batchRows === 0) {
        await yieldToEventLoop();
        if (dest.writableNeedDrain) await waitForDrain(dest);
      }
    }
    ws.commit();
  }

  if (o.aboutSheet) {
    const ws = wb.addWorksheet("About");
    ws.columns = [
      { header: "Field", key: "k", width: 16 },
      { header: "Value", key: "v", width: 48 },
    ];
    ws.getRow(1).font = { bold: true };
    const rows: [string, string][] = [
      ["Organisation", meta.orgName],
      ["From", meta.from],
      ["To", meta.to],
      ["Timezone", meta.timezone],
      ["Generated", `${formatLocalDateTime(meta.generatedAt, meta.timezone)} (${meta.timezone})`],
      ...(meta.approval ? [["Approval", meta.approval] as [string, string]] : []),
    ];
    for (const r of rows) ws.addRow(r).commit();
    ws.commit();
  }
  await wb.commit(); // resolves on dest "finish"
}
