// Test helpers: an in-memory Writable, an RFC 4180 CSV parser and a PDF text extractor (independent of the
// code under test).
import { Writable } from "node:stream";
import { inflateSync } from "node:zlib";

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

/** Text shown by a PDF's content streams (hex strings of TJ/Tj operators, WinAnsi), one string per operator. */
export function pdfTexts(pdf: Buffer): string[] {
  const out: string[] = [];
  for (const body of pdfStreams(pdf)) {
    const content = body.toString("latin1");
    for (const op of content.matchAll(/\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const hexes = op[1] !== undefined ? [...op[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => x[1]!) : [op[2]!];
      out.push(hexes.map((h) => Buffer.from(h, "hex").toString("latin1")).join(""));
    }
  }
  return out;
}
