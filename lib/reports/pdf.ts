// PDF export with pdfkit: paged tables with a header (organisation, title, range) and footer on every page,
// streamed: each finished page is flushed to the destination (no bufferPages), with backpressure.
import type { Writable } from "node:stream";
import PDFDocument from "pdfkit";
import { formatLocalDateTime } from "@/lib/attendance/local-time";
import { waitForDrain, yieldToEventLoop } from "./stream";
import { formatCell, type Column, type ReportMeta, type ReportTable } from "./table";

export interface PdfOptions {
  /** Page size name understood by pdfkit. Default "A4" (landscape). */
  size: string;
  landscape: boolean;
  /** Page margin, points. */
  margin: number;
  /** Table font size, points. */
  fontSize: number;
  /** Row height, points. */
  rowHeight: number;
  /**
   * A TrueType font file for the table text (and bold: `boldFontPath`), for names outside Latin-1; default the
   * built-in Helvetica (WinAnsi characters only; others print as "?").
   */
  fontPath?: string;
  boldFontPath?: string;
  /** Deflate page contents. Default true. */
  compress: boolean;
}

const defaults: PdfOptions = { size: "A4", landscape: true, margin: 28, fontSize: 7.5, rowHeight: 11, compress: true };

const CELL_PAD = 3; // points of padding left and right in a cell

/** Characters the built-in (WinAnsi) fonts can print; others become "?". */
const toWinAnsi = (s: string) => s.replace(/[^\x20-\x7e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac]/g, "?");

/**
 * Writes the tables (each starting on a new page, read in order) as one PDF to `dest`; ends it; resolves when
 * flushed. Text cells are cut with "…" to fit their column.
 */
export async function writePdf(tables: readonly ReportTable[], meta: ReportMeta, dest: Writable, options: Partial<PdfOptions> = {}): Promise<void> {
  const o = { ...defaults, ...options };
  const doc = new PDFDocument({
    size: o.size,
    layout: o.landscape ? "landscape" : "portrait",
    margin: o.margin,
    compress: o.compress,
    autoFirstPage: false,
    bufferPages: false,
    info: { Title: `Attendance ${meta.from} to ${meta.to}`, Author: meta.orgName, Creator: "Clockface" },
  });
  const regular = o.fontPath ?? "Helvetica";
  const bold = o.boldFontPath ?? o.fontPath ?? "Helvetica-Bold";
  const clean = o.fontPath ? (s: string) => s : toWinAnsi;

  let failed: Error | null = null;
  doc.on("data", (chunk: Uint8Array) => {
    if (!failed && !dest.destroyed) dest.write(chunk);
  });
  const ended = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });
  dest.on("error", (err) => {
    failed = err;
  });

  const generated = `${formatLocalDateTime(meta.generatedAt, meta.timezone)} (${meta.timezone})`;
  let pageNo = 0;

  for (const table of tables) {
    let widths: number[] = [];
    let xs: number[] = [];
    let y = 0;
    let bottom = 0;
    let rowOnPage = 0;
    const fitCache = new Map<string, string>();

    const fit = (text: string, width: number, font: string): string => {
      const key = `${font}|${width}|${text}`;
      const hit = fitCache.get(key);
      if (hit !== undefined) return hit;
      let out = text;
      if (doc.widthOfString(out) > width) {
        let lo = 0;
        let hi = text.length;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (doc.widthOfString(text.slice(0, mid) + "…") <= width) lo = mid;
          else hi = mid - 1;
        }
        out = text.slice(0, lo) + "…";
      }
      if (fitCache.size > 20_000) fitCache.clear();
      fitCache.set(key, out);
      return out;
    };

    const drawRow = (cells: readonly string[], columns: readonly Column[], font: string) => {
      doc.font(font).fontSize(o.fontSize);
      const ty = y + (o.rowHeight - o.fontSize) / 2;
      for (let i = 0; i < columns.length; i++) {
        const raw = cells[i] ?? "";
        if (!raw) continue;
        const w = widths[i]! - 2 * CELL_PAD;
        const text = fit(raw, w, font);
        const numeric = columns[i]!.type === "integer" || columns[i]!.type === "hours";
        const x = numeric ? xs[i]! + widths[i]! - CELL_PAD - doc.widthOfString(text) : xs[i]! + CELL_PAD;
        doc.text(text, x, ty, { lineBreak: false });
      }
      y += o.rowHeight;
    };

    const newPage = async () => {
      if (pageNo > 0) {
        // The previous page is flushed by addPage: let the destination drain before drawing more.
        await yieldToEventLoop();
        if (failed) throw failed;
        if (dest.writableNeedDrain) await waitForDrain(dest);
      }
      doc.addPage();
      pageNo++;
      const left = doc.page.margins.left;
      const right = doc.page.width - doc.page.margins.right;
      const avail = right - left;
      const total = table.columns.reduce((s, c) => s + c.width, 0);
      widths = table.columns.map((c) => (c.width / total) * avail);
      xs = [];
      let x = left;
      for (const w of widths) {
        xs.push(x);
        x += w;
      }
      // Header
      let hy = doc.page.margins.top;
      doc.font(bold).fontSize(13).text(clean(meta.orgName), left, hy, { lineBreak: false });
      hy += 16;
      doc.font(regular).fontSize(9).text(clean(`${table.title} · ${meta.from} to ${meta.to}`), left, hy, { lineBreak: false });
      hy += 12;
      doc.fontSize(7).fillColor("#555555").text(clean(`Generated ${generated}`), left, hy, { lineBreak: false });
      doc.fillColor("black");
      hy += 12;
      // Footer
      bottom = doc.page.height - doc.page.margins.bottom - 12;
      doc.fontSize(7).text(clean(`${meta.orgName} · ${meta.from} to ${meta.to} · page ${pageNo}`), left, bottom + 4, { lineBreak: false });
      // Column headings
      y = hy;
      doc.rect(left, y, avail, o.rowHeight).fill("#e8e8e8");
      doc.fillColor("black");
      drawRow(
        table.columns.map((c) => clean(c.header)),
        table.columns,
        bold,
      );
      doc.moveTo(left, y).lineTo(right, y).lineWidth(0.5).stroke("#999999");
      rowOnPage = 0;
      doc.font(regular).fontSize(o.fontSize);
    };

    await newPage();
    let any = false;
    for await (const cells of table.rows) {
      any = true;
      if (y + o.rowHeight > bottom) await newPage();
      if (rowOnPage % 2 === 1) {
        doc.rect(doc.page.margins.left, y, doc.page.width - doc.page.margins.left - doc.page.margins.right, o.rowHeight).fill("#f5f5f5");
        doc.fillColor("black");
      }
      drawRow(
        table.columns.map((c, i) => clean(formatCell(c, cells[i] ?? null))),
        table.columns,
        regular,
      );
      rowOnPage++;
    }
    if (!any) {
      doc.font(regular).fontSize(o.fontSize).text("No rows.", doc.page.margins.left + CELL_PAD, y + 4, { lineBreak: false });
    }
  }
  if (pageNo === 0) doc.addPage();
  doc.end();
  await ended;
  if (failed) throw failed;
  dest.end();
  await new Promise<void>((resolve, reject) => {
    if (dest.writableFinished) return resolve();
    dest.once("finish", resolve);
    dest.once("error", reject);
  });
}
