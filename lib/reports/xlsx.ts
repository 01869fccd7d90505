// XLSX export with exceljs's streaming WorkbookWriter: each row is committed (written and released) as it comes.
// Dates and times are real Excel dates (sortable, filterable, formattable), hours and days real numbers, each with
// its number format. Every cell of a column points at one shared style object: exceljs caches a style's id by the
// object (a WeakMap), so a shared style costs a lookup per cell where a fresh object per cell (what a column
// style gives each new cell) would cost rendering and hashing its XML.
import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { addDays, formatLocalDateTime } from "@/lib/attendance/local-time";
import { waitForDrain, yieldToEventLoop } from "./stream";
import { TIME_CELL, type CellValue, type Column, type ReportMeta, type ReportTable } from "./table";

export interface XlsxOptions {
  /** Rows committed between pauses that let the zip stream compress and flush. Default 256. */
  batchRows: number;
  /** Add a last sheet "About" with the organisation, range, timezone and export time. Default true. */
  aboutSheet: boolean;
}

const defaults: XlsxOptions = { batchRows: 256, aboutSheet: true };

/** Number formats of the typed columns (Excel's codes). */
export const XLSX_FORMATS = Object.freeze({
  date: "yyyy-mm-dd",
  /** A check-in or check-out on the row's own date. */
  time: "hh:mm",
  /** One that falls on another date (after midnight on an overnight shift): the date is shown. */
  dateTime: "yyyy-mm-dd hh:mm",
  hours: "0.00",
  days: "0.0",
});

type Style = Partial<ExcelJS.Style>;
// Shared, never mutated: exceljs maps each object to its style id once.
const NONE: Style = Object.freeze({}) as Style;
const HEADER: Style = Object.freeze({ font: Object.freeze({ bold: true }) }) as Style;
const styleOf = (numFmt: string): Style => Object.freeze({ numFmt }) as Style;
const STYLES = {
  date: styleOf(XLSX_FORMATS.date),
  time: styleOf(XLSX_FORMATS.time),
  dateTime: styleOf(XLSX_FORMATS.dateTime),
  hours: styleOf(XLSX_FORMATS.hours),
  days: styleOf(XLSX_FORMATS.days),
};

// A year's export repeats each date hundreds of times: parse each once (bounded, in case of a very long range).
const midnights = new Map<string, number>();
function midnightMs(date: string): number {
  let ms = midnights.get(date);
  if (ms === undefined) {
    if (midnights.size >= 4096) midnights.clear();
    midnights.set(date, (ms = Date.parse(`${date}T00:00:00Z`)));
  }
  return ms;
}

/** A local date "YYYY-MM-DD" (and minutes after its midnight) as the Date exceljs writes as that wall-clock time. */
export function excelDate(date: string, minutes = 0): Date {
  return new Date(midnightMs(date) + minutes * 60_000);
}

/**
 * What a cell of `column` becomes in the sheet: dates and times as Dates (a time on the row's `rowDate`, or
 * on the date it names with "(+1)"), with their shared style. Anything that does not parse stays as it is.
 */
export function xlsxCell(type: Column["type"], value: CellValue, rowDate: string | null): { value: CellValue | Date; style: Style } {
  if (value === null) return { value, style: NONE };
  switch (type) {
    case "date":
      return typeof value === "string" && /^\d{4}-\d\d-\d\d$/.test(value) ? { value: excelDate(value), style: STYLES.date } : { value, style: NONE };
    case "time": {
      const m = typeof value === "string" && rowDate ? TIME_CELL.exec(value) : null;
      if (!m || !rowDate) return { value, style: NONE };
      const shift = m[3] ? Number(m[3]) : 0;
      return { value: excelDate(addDays(rowDate, shift), Number(m[1]) * 60 + Number(m[2])), style: shift === 0 ? STYLES.time : STYLES.dateTime };
    }
    case "hours":
      return { value, style: STYLES.hours };
    case "days":
      return { value, style: STYLES.days };
    default:
      return { value, style: NONE };
  }
}

/** Excel limits sheet names to 31 characters without []:*?/\ . */
const sheetName = (s: string) => s.replace(/[[\]:*?/\\]/g, " ").slice(0, 31) || "Sheet";

/** The style a column gives cells typed into it later (`<col style>`); the rows' cells get theirs from xlsxCell. */
const columnStyle = (type: Column["type"]): Style | undefined =>
  type === "date" ? STYLES.date : type === "time" ? STYLES.time : type === "hours" ? STYLES.hours : type === "days" ? STYLES.days : undefined;

/**
 * Writes the tables, one sheet each in order (each table's rows are read after the previous sheet is done, so a
 * Report's summary() after its daily() costs no second pass), to `dest`; ends it; resolves when flushed.
 * Text stays text (a leading "=" is never a formula).
 */
export async function writeXlsx(tables: readonly ReportTable[], meta: ReportMeta, dest: Writable, options: Partial<XlsxOptions> = {}): Promise<void> {
  const o = { ...defaults, ...options };
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: dest, useStyles: true, useSharedStrings: false });
  wb.creator = "Clockface";
  wb.title = `Attendance ${meta.from} to ${meta.to} — ${meta.orgName}`;
  wb.created = meta.generatedAt;

  const header = (ws: ExcelJS.Worksheet) => {
    const row = ws.getRow(1);
    row.eachCell((c) => (c.style = HEADER));
    row.commit();
  };

  for (const table of tables) {
    const ws = wb.addWorksheet(sheetName(table.name), { views: [{ state: "frozen", ySplit: 1 }] });
    ws.columns = table.columns.map((c) => {
      const style = columnStyle(c.type);
      return { header: c.header, key: c.key, width: Math.max(c.width, c.header.length) + 2, ...(style ? { style } : {}) };
    });
    header(ws);
    const types = table.columns.map((c) => c.type);
    const dateAt = types.indexOf("date"); // a time cell is on its row's date
    let n = 0;
    for await (const cells of table.rows) {
      const rowDate = dateAt >= 0 && typeof cells[dateAt] === "string" ? (cells[dateAt] as string) : null;
      const typed = cells.map((v, i) => xlsxCell(types[i] ?? "text", v, rowDate));
      const row = ws.addRow(typed.map((t) => t.value));
      typed.forEach((t, i) => (row.getCell(i + 1).style = t.style));
      row.commit();
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
    header(ws);
    const rows: [string, CellValue, Column["type"]][] = [
      ["Organisation", meta.orgName, "text"],
      ["From", meta.from, "date"],
      ["To", meta.to, "date"],
      ["Timezone", meta.timezone, "text"],
      ["Generated", `${formatLocalDateTime(meta.generatedAt, meta.timezone)} (${meta.timezone})`, "text"],
      ...(meta.approval ? [["Approval", meta.approval, "text"] as [string, CellValue, Column["type"]]] : []),
    ];
    for (const [k, v, type] of rows) {
      const t = xlsxCell(type, v, null);
      const row = ws.addRow([k, t.value]);
      row.getCell(2).style = t.style;
      row.commit();
    }
    ws.commit();
  }
  await wb.commit(); // resolves on dest "finish"
}
