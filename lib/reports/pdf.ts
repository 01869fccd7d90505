// PDF export with pdfkit: paged tables with a header (organisation, title, range) and footer on every page,
// streamed: each finished page is flushed to the destination (no bufferPages), with backpressure.
import { readFileSync } from "node:fs";
import path from "node:path";
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
   * A TrueType font file for all text (and bold: `boldFontPath`). Default: the bundled DejaVu Sans Condensed
   * (lib/reports/fonts, Latin, Greek, Cyrillic and more; no CJK), so that every name prints as written. null: the
   * built-in Helvetica (WinAnsi characters only; others print as "?").
   */
  fontPath?: string | null;
  boldFontPath?: string | null;
  /**
   * The font for characters the main font lacks (regular and bold alike). Default: the bundled WenQuanYi Micro Hei
   * (Chinese, Japanese, Korean). null: none. A character neither font has prints as MISSING_GLYPH, never as an
   * empty box.
   */
  fallbackFontPath?: string | null;
  /** Deflate page contents. Default true. */
  compress: boolean;
}

const defaults: PdfOptions = { size: "A4", landscape: true, margin: 28, fontSize: 7.5, rowHeight: 11, compress: true };

const CELL_PAD = 3; // points of padding left and right in a cell

/**
 * The bundled Unicode fonts (lib/reports/fonts/NOTICE.md): DejaVu (Bitstream Vera licence) for all text, and
 * WenQuanYi Micro Hei (Apache-2.0; a collection: `fallbackFamily` names the font in it) for the CJK DejaVu lacks.
 */
export const BUNDLED_FONTS = {
  regular: "lib/reports/fonts/DejaVuSansCondensed.ttf",
  bold: "lib/reports/fonts/DejaVuSansCondensed-Bold.ttf",
  fallback: "lib/reports/fonts/wqy-microhei.ttc",
  fallbackFamily: "WenQuanYiMicroHei",
} as const;

/** What a character no font of the PDF has prints as (visible, unlike the empty box of a missing glyph). */
export const MISSING_GLYPH = "\uFFFD";

const fontCache = new Map<string, Buffer>();
/** A font file's bytes, read once per process (relative paths from the project root). */
function fontBytes(file: string): Buffer {
  let b = fontCache.get(file);
  if (!b) fontCache.set(file, (b = readFileSync(path.isAbsolute(file) ? file : path.join(/*turbopackIgnore: true*/ process.cwd(), file))));
  return b;
}

/** Characters the built-in (WinAnsi) fonts can print; others become "?". */
const toWinAnsi = (s: string) => s.replace(/[^\x20-\x7e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac]/g, "?");

/** The parts of pdfkit 0.20's font and document objects that the fast cell renderer uses (not in its typings). */
interface GlyphPosition {
  xAdvance: number;
  advanceWidth: number;
  xOffset: number;
  yOffset: number;
}
interface FontInternals {
  id: string;
  ascender: number;
  ref(): unknown;
  encode(text: string): [string[], GlyphPosition[]];
  /** The fontkit font. */
  font: { hasGlyphForCodePoint(codePoint: number): boolean };
}
interface DocInternals {
  _font: FontInternals;
  page: { fonts: Record<string, unknown>; height: number };
}

interface EncodedText {
  /**
   * The TJ operator drawing the text (kerning included), or null when it needs pdfkit's own path. Text in two
   * fonts is several TJ, each after its Tf, ending back on the main font.
   */
  tj: string | null;
  /** Width in points at the table font size. */
  width: number;
  /** The fonts it draws with besides the main one (each must be in the page's resources). */
  others: FontInternals[];
  /** The text for pdfkit's own path (main font only): characters it lacks as MISSING_GLYPH. */
  plainText: string;
}

/** Text every bundled main font prints (Latin, Greek, Cyrillic…): no per-character look-up needed. */
const MAIN_FONT_ONLY = /^[\u0020-\u024f\u0370-\u04ff\u2000-\u206f\u20ac]*$/;

/** Splits text into runs of one font each: the main font, else the fallback, else MISSING_GLYPH in the main font. */
export function fontRuns<F extends { font: { hasGlyphForCodePoint(cp: number): boolean } }>(text: string, main: F, fallback: (() => F | null) | null): { font: F; text: string }[] {
  if (MAIN_FONT_ONLY.test(text)) return [{ font: main, text }];
  const runs: { font: F; text: string }[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    let font = main;
    let out = ch;
    if (!/\s/.test(ch) && !main.font.hasGlyphForCodePoint(cp)) {
      const fb = fallback?.() ?? null;
      if (fb?.font.hasGlyphForCodePoint(cp)) font = fb;
      else out = MISSING_GLYPH;
    }
    const last = runs.at(-1);
    if (last?.font === font) last.text += out;
    else runs.push({ font, text: out });
  }
  return runs;
}

const num = (n: number) => (Math.round(n * 100) / 100).toString();

/**
 * Encodes text once per distinct string (cells repeat a lot: dates, times, names), the way pdfkit's _fragment does,
 * so that a table row is one content operation instead of one doc.text() per cell (10x faster on a year report).
 */
class TextEncoder {
  private readonly cache = new Map<string, EncodedText>();
  /**
   * @param fallback the font for characters `font` lacks, opened on first need (null: none; they print as
   * MISSING_GLYPH).
   */
  constructor(
    private readonly font: FontInternals,
    private readonly size: number,
    private readonly fallback: (() => FontInternals | null) | null = null,
  ) {}

  /** One run in one font: its TJ operand list, width and whether pdfkit's simple path can draw it. */
  private run(font: FontInternals, text: string): { parts: string; width: number; plain: boolean } {
    const [encoded, positions] = font.encode(text);
    const scale = this.size / 1000;
    let width = 0;
    let plain = true;
    const parts: string[] = [];
    let last = 0;
    for (let i = 0; i < positions.length; i++) {
      const pos = positions[i]!;
      if (pos.xOffset || pos.yOffset) plain = false;
      width += pos.xAdvance * scale;
      const adjust = pos.xAdvance - pos.advanceWidth;
      if (adjust !== 0) {
        parts.push(`<${encoded.slice(last, i + 1).join("")}> ${num(-adjust)}`);
        last = i + 1;
      }
    }
    if (last < encoded.length) parts.push(`<${encoded.slice(last).join("")}>`);
    return { parts: `[${parts.join(" ")}] TJ`, width, plain };
  }

  encode(text: string): EncodedText {
    let hit = this.cache.get(text);
    if (hit) return hit;
    const runs = fontRuns(text, this.font, this.fallback);
    const plainText = runs.map((r) => (r.font === this.font ? r.text : MISSING_GLYPH.repeat([...r.text].length))).join("");
    if (runs.length === 1 && runs[0]!.font === this.font) {
      const r = this.run(this.font, runs[0]!.text);
      hit = { tj: r.plain ? r.parts : null, width: r.width, others: [], plainText };
    } else {
      const size = num(this.size);
      let width = 0;
      let plain = true;
      const ops: string[] = [];
      const others = new Set<FontInternals>();
      for (const { font, text: t } of runs) {
        const r = this.run(font, t);
        width += r.width;
        plain &&= r.plain;
        if (font !== this.font) others.add(font);
        ops.push(`/${font.id} ${size} Tf ${r.parts}`);
      }
      ops.push(`/${this.font.id} ${size} Tf`);
      hit = { tj: plain ? ops.join(" ") : null, width, others: [...others], plainText };
    }
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(text, hit);
    return hit;
  }

  /** The text, cut with "…" to fit `width` points. */
  fit(text: string, width: number): string {
    if (this.encode(text).width <= width) return text;
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.encode(text.slice(0, mid) + "…").width <= width) lo = mid;
      else hi = mid - 1;
    }
    return text.slice(0, lo) + "…";
  }
}

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
  const builtIn = o.fontPath === null;
  let regular = "Helvetica";
  let bold = "Helvetica-Bold";
  let fallback: (() => FontInternals | null) | null = null;
  if (!builtIn) {
    const regularFile = o.fontPath ?? BUNDLED_FONTS.regular;
    const boldFile = o.boldFontPath ?? (o.fontPath ? o.fontPath : BUNDLED_FONTS.bold);
    doc.registerFont((regular = "cf-regular"), fontBytes(regularFile));
    doc.registerFont((bold = "cf-bold"), fontBytes(boldFile));
    const fallbackFile = o.fallbackFontPath === undefined ? BUNDLED_FONTS.fallback : o.fallbackFontPath;
    if (fallbackFile) {
      // Opened (parsed, and embedded) only when some text needs it; the current font is left as it was.
      let opened: FontInternals | undefined;
      fallback = () => {
        if (!opened) {
          const internals = doc as unknown as DocInternals;
          const current = internals._font;
          const family = fallbackFile === BUNDLED_FONTS.fallback ? BUNDLED_FONTS.fallbackFamily : undefined;
          doc.registerFont("cf-fallback", fontBytes(fallbackFile), family as string);
          doc.font("cf-fallback");
          opened = internals._font;
          internals._font = current;
        }
        return opened;
      };
    }
  }
  const clean = builtIn ? toWinAnsi : (s: string) => s;

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

  const lineEncoders = new Map<string, { font: FontInternals; enc: TextEncoder }>();
  /** One line of text with its top at y (as doc.text would place it), through the cached encoder. */
  const line = (text: string, fontName: string, size: number, x: number, y: number) => {
    const key = `${fontName}|${size}`;
    let le = lineEncoders.get(key);
    if (!le) {
      doc.font(fontName).fontSize(size);
      const font = (doc as unknown as DocInternals)._font;
      le = { font, enc: new TextEncoder(font, size, fallback) };
      lineEncoders.set(key, le);
    }
    const e = le.enc.encode(text);
    const page = (doc as unknown as DocInternals).page;
    if (!e.tj) {
      doc.font(fontName).fontSize(size).text(e.plainText, x, y, { lineBreak: false });
      return;
    }
    page.fonts[le.font.id] ??= le.font.ref();
    for (const f of e.others) page.fonts[f.id] ??= f.ref();
    const baseline = page.height - (y + (le.font.ascender / 1000) * size);
    doc.addContent(`q 1 0 0 -1 0 ${num(page.height)} cm BT /${le.font.id} ${num(size)} Tf ${num(x)} ${num(baseline)} Td ${e.tj} ET Q`);
  };

  for (const table of tables) {
    let widths: number[] = [];
    let xs: number[] = [];
    let y = 0;
    let bottom = 0;
    let rowOnPage = 0;
    const internals = doc as unknown as DocInternals;
    doc.font(regular).fontSize(o.fontSize);
    const regularFont = internals._font;
    const regularText = new TextEncoder(regularFont, o.fontSize, fallback);
    doc.font(bold).fontSize(o.fontSize);
    const boldFont = internals._font;
    const boldText = new TextEncoder(boldFont, o.fontSize, fallback);
    const fitCache = new Map<string, string>();

    /** One row of cells as a single text object; cells that need pdfkit's own layout go through doc.text(). */
    const drawRow = (cells: readonly string[], columns: readonly Column[], isBold: boolean) => {
      const font = isBold ? boldFont : regularFont;
      const enc = isBold ? boldText : regularText;
      const pageHeight = internals.page.height;
      internals.page.fonts[font.id] ??= font.ref();
      const baseline = pageHeight - (y + (o.rowHeight - o.fontSize) / 2 + (font.ascender / 1000) * o.fontSize);
      let ops = `q 1 0 0 -1 0 ${num(pageHeight)} cm BT /${font.id} ${num(o.fontSize)} Tf`;
      const slow: [string, number][] = [];
      let lastX: number | null = null;
      for (let i = 0; i < columns.length; i++) {
        const raw = cells[i] ?? "";
        if (!raw) continue;
        const w = widths[i]! - 2 * CELL_PAD;
        const key = `${isBold ? 1 : 0}|${i}|${raw}`;
        let text = fitCache.get(key);
        if (text === undefined) {
          text = enc.fit(raw, w);
          if (fitCache.size > 50_000) fitCache.clear();
          fitCache.set(key, text);
        }
        const e = enc.encode(text);
        const numeric = columns[i]!.type === "integer" || columns[i]!.type === "hours" || columns[i]!.type === "days";
        const x = numeric ? xs[i]! + widths[i]! - CELL_PAD - e.width : xs[i]! + CELL_PAD;
        if (e.tj) {
          // Td moves relative to the previous cell's start: shorter content than a full Tm per cell.
          ops += lastX === null ? ` ${num(x)} ${num(baseline)} Td ${e.tj}` : ` ${num(x - lastX)} 0 Td ${e.tj}`;
          lastX = x;
          for (const f of e.others) internals.page.fonts[f.id] ??= f.ref();
        } else slow.push([e.plainText, x]);
      }
      doc.addContent(`${ops} ET Q`);
      for (const [text, x] of slow) {
        doc.font(isBold ? bold : regular).fontSize(o.fontSize).text(text, x, y + (o.rowHeight - o.fontSize) / 2, { lineBreak: false });
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
      line(clean(meta.orgName), bold, 13, left, hy);
      hy += 16;
      line(clean(`${table.title} · ${meta.from} to ${meta.to}`), regular, 9, left, hy);
      hy += 12;
      doc.fillColor("#555555");
      line(clean(`Generated ${generated}${meta.approval ? ` · ${meta.approval}` : ""}`), regular, 7, left, hy);
      doc.fillColor("black");
      hy += 12;
      // Footer
      bottom = doc.page.height - doc.page.margins.bottom - 12;
      line(clean(`${meta.orgName} · ${meta.from} to ${meta.to} · page ${pageNo}`), regular, 7, left, bottom + 4);
      // Column headings
      y = hy;
      doc.rect(left, y, avail, o.rowHeight).fill("#e8e8e8");
      doc.fillColor("black");
      drawRow(
        table.columns.map((c) => clean(c.header)),
        table.columns,
        true,
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
        false,
      );
      rowOnPage++;
    }
    if (!any) {
      doc.font(regular).fontSize(o.fontSize).text("No rows.", doc.page.margins.left + CELL_PAD, y + 4, { lineBreak: false });
    }
    const totals = table.totals?.();
    if (totals) {
      if (y + o.rowHeight > bottom) await newPage();
      const left = doc.page.margins.left;
      const right = doc.page.width - doc.page.margins.right;
      doc.moveTo(left, y).lineTo(right, y).lineWidth(0.75).stroke("#333333");
      doc.fillColor("black");
      drawRow(
        table.columns.map((c, i) => clean(formatCell(c, totals[i] ?? null))),
        table.columns,
        true,
      );
    }
    if (table.signOff) {
      const needed = 16 + table.signOff.length * 22;
      if (y + needed > bottom) await newPage();
      let sy = y + 16;
      const left = doc.page.margins.left;
      for (const label of table.signOff) {
        line(clean(label), regular, 9, left, sy);
        doc.moveTo(left + 150, sy + 10).lineTo(left + 420, sy + 10).lineWidth(0.5).stroke("#333333");
        doc.fillColor("black");
        sy += 22;
      }
      y = sy;
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
