// Test helpers: an in-memory Writable, a web stream reader, an RFC 4180 CSV parser, a PDF text extractor and an
// XLSX cell reader (independent of the code under test).
import { Writable } from "node:stream";
import { inflateSync } from "node:zlib";
import type ExcelJS from "exceljs";
import type { CellValue, Column } from "@/lib/reports/table";

export function memorySink() {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(Buffer.from(chunk));
      cb();
    },
  });
  return { stream, buffer: () => Buffer.concat(chunks) };
}

/** Every byte of a web stream, read to its end. */
export async function readAll(s: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  const reader = s.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  return Buffer.concat(parts);
}

/** RFC 4180: CRLF records, "" inside quoted fields, quoted fields may hold commas and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === "") {
      quoted = true;
      i++;
    } else if (ch === ",") {
      row.push(field);
      field = "";
      i++;
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += 2;
    } else if (ch === "\n" || ch === "\r") {
      throw new Error(`bare line break at ${i}: records must end with CRLF`);
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * A PDF's stream bodies, in file order: each object's dictionary is read for its /Length and exactly that many
 * bytes are taken, so the search never looks inside compressed data (an earlier version searched for the text
 * "stream", matched the "stream" of "endstream", took "<<" bytes inside deflated data for a dictionary and skipped
 * the next page: which page depended on the bytes, so on the export's timestamp).
 */
export function pdfStreams(pdf: Buffer): Buffer[] {
  const raw = pdf.toString("latin1");
  const out: Buffer[] = [];
  const re = /\d+\s+\d+\s+obj\s*<<((?:(?!endobj)[\s\S])*?)>>\s*stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    const dict = m[1]!;
    const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
    if (!length) throw new Error(`stream at ${m.index} has no direct /Length`);
    const start = m.index + m[0].length;
    const end = start + Number(length[1]);
    if (!/^\s*endstream/.test(raw.slice(end, end + 20))) throw new Error(`stream at ${m.index}: /Length does not end at endstream`);
    const body = pdf.subarray(start, end);
    out.push(/\/FlateDecode/.test(dict) ? inflateSync(body) : body);
    re.lastIndex = end;
  }
  return out;
}

/** A PDF's objects: number → dictionary text and (decompressed) stream body, if any. */
function pdfObjects(pdf: Buffer): Map<number, { dict: string; body: Buffer | null }> {
  const raw = pdf.toString("latin1");
  const out = new Map<number, { dict: string; body: Buffer | null }>();
  const re = /(\d+)\s+\d+\s+obj\s*(<<(?:(?!endobj)[\s\S])*?>>)\s*(stream\r?\n|endobj)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    const dict = m[2]!;
    if (m[3] === "endobj") {
      out.set(Number(m[1]), { dict, body: null });
      continue;
    }
    const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
    if (!length) throw new Error(`stream at ${m.index} has no direct /Length`);
    const start = m.index + m[0].length;
    const end = start + Number(length[1]);
    const body = pdf.subarray(start, end);
    out.set(Number(m[1]), { dict, body: /\/FlateDecode/.test(dict) ? inflateSync(body) : body });
    re.lastIndex = end;
  }
  return out;
}

/** A ToUnicode CMap (bfchar and bfrange entries) as code → text. */
function parseToUnicode(cmap: string): Map<number, string> {
  const out = new Map<number, string>();
  const utf16 = (hex: string) => Buffer.from(hex, "hex").swap16().toString("utf16le");
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const e of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) out.set(parseInt(e[1]!, 16), utf16(e[2]!));
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const e of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const lo = parseInt(e[1]!, 16);
      const hi = parseInt(e[2]!, 16);
      // An entry may hold several code units ("<0066 0069>" for a ligature).
      if (e[3]!.startsWith("[")) [...e[3]!.matchAll(/<([0-9a-fA-F\s]*)>/g)].forEach((x, i) => out.set(lo + i, utf16(x[1]!.replace(/\s+/g, ""))));
      else {
        const first = Buffer.from(e[3]!.slice(1, -1), "hex");
        for (let c = lo; c <= hi; c++) {
          const b = Buffer.from(first);
          b.writeUInt16BE(b.readUInt16BE(b.length - 2) + (c - lo), b.length - 2);
          out.set(c, b.swap16().toString("utf16le"));
        }
      }
    }
  return out;
}

/**
 * Text shown by a PDF's content streams, one string per TJ/Tj operator. Fonts with a ToUnicode CMap (embedded
 * fonts: 2-byte glyph codes) are decoded through it, by the font each operator is set in (Tf); the built-in
 * fonts' strings are read as WinAnsi (Latin-1).
 */
export function pdfTexts(pdf: Buffer): string[] {
  const objects = pdfObjects(pdf);
  // Font resource name (/F1) → its ToUnicode map, when it has one.
  const cmaps = new Map<string, Map<number, string>>();
  for (const { dict } of objects.values())
    for (const ref of dict.matchAll(/\/(F\d+)\s+(\d+)\s+\d+\s+R/g)) {
      const font = objects.get(Number(ref[2]));
      const tu = font && /\/ToUnicode\s+(\d+)\s+\d+\s+R/.exec(font.dict);
      const body = tu && objects.get(Number(tu[1]))?.body;
      if (body) cmaps.set(ref[1]!, parseToUnicode(body.toString("latin1")));
    }
  const out: string[] = [];
  for (const body of pdfStreams(pdf)) {
    const content = body.toString("latin1");
    let cmap: Map<number, string> | undefined;
    for (const op of content.matchAll(/\/(F\d+)\s+[\d.]+\s+Tf|\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      if (op[1] !== undefined) {
        cmap = cmaps.get(op[1]);
        continue;
      }
      const hexes = op[2] !== undefined ? [...op[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => x[1]!) : [op[3]!];
      const decode = (h: string) => {
        if (!cmap) return Buffer.from(h, "hex").toString("latin1");
        let text = "";
        for (let i = 0; i < h.length; i += 4) text += cmap.get(parseInt(h.slice(i, i + 4), 16)) ?? "\ufffd";
        return text;
      };
      out.push(hexes.map(decode).join(""));
    }
  }
  return out;
}

/**
 * An XLSX cell read back (exceljs) as the report cell it was written from: a date cell's Date as "YYYY-MM-DD", a
 * time cell's Date as "HH:MM" with "(+n)" when it is not on the row's date (`rowDate`), empty as null.
 */
export function cellFromXlsx(type: Column["type"], value: unknown, rowDate: string | null): CellValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    const iso = value.toISOString();
    if (type === "date") return iso.slice(0, 10);
    if (type === "time" && rowDate) {
      const shift = Math.round((Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) - Date.parse(`${rowDate}T00:00:00Z`)) / 86_400_000);
      return shift === 0 ? iso.slice(11, 16) : `${iso.slice(11, 16)} (${shift > 0 ? "+" : ""}${shift})`;
    }
    throw new Error(`a Date in a ${type} column`);
  }
  if (typeof value === "string" || typeof value === "number") return value;
  throw new Error(`unexpected cell value ${JSON.stringify(value)}`);
}

/** A sheet's data rows (after the header) read back with cellFromXlsx; a "date" column gives its row's date. */
export function sheetCells(ws: ExcelJS.Worksheet, columns: readonly Pick<Column, "type">[]): CellValue[][] {
  const dateAt = columns.findIndex((c) => c.type === "date");
  const out: CellValue[][] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const raw = columns.map((_, i) => row.getCell(i + 1).value);
    const rowDate = dateAt >= 0 ? (cellFromXlsx("date", raw[dateAt], null) as string | null) : null;
    out.push(columns.map((c, i) => cellFromXlsx(c.type, raw[i], rowDate)));
  });
  return out;
}
