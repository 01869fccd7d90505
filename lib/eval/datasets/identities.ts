// Identity folders for open-set identification and same-person pair evaluations: one folder per person.
//
// Two layouts are recognised:
//   LFW: <dir>/images/<Name>/<Name>_NNNN.jpg   (pairs.txt is not needed here)
//   ORL: <dir>/s<k>/<n>.pgm                     (AT&T / ORL faces: 92x112 8-bit grey binary PGM)
// PGM is not an image format browsers decode, so ORL images are converted to PNG (pgmToPng) before the
// browser pipeline sees them; both helpers are pure.

import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { deflateSync, crc32 } from "node:zlib";
import { EvalDataError, listSome } from "@/lib/eval/datasets/errors";

export type IdentityLayout = "lfw" | "orl";

export interface IdentityFolder {
  layout: IdentityLayout;
  /** People in sorted order, each with their images (paths relative to the folder, sorted). */
  people: { name: string; images: string[] }[];
}

const LFW_IMAGE = /\.(jpe?g|png)$/i;
const ORL_PERSON = /^s\d+$/;
const ORL_IMAGE = /^\d+\.pgm$/i;

const LAYOUTS =
  "expected the LFW layout (images/<Name>/<Name>_NNNN.jpg) or the ORL layout (s<k>/<n>.pgm, one folder per person)";

const dirs = (p: string) =>
  readdirSync(p, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

/** Reads the people and their images of an LFW- or ORL-layout folder; EvalDataError naming what is missing. */
export function readIdentityFolder(dir: string): IdentityFolder {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new EvalDataError(`${dir} is not a folder; ${LAYOUTS}`);
  const images = path.join(dir, "images");
  if (existsSync(images) && statSync(images).isDirectory()) {
    const people = dirs(images).map((name) => ({
      name,
      images: readdirSync(path.join(images, name))
        .filter((f) => LFW_IMAGE.test(f))
        .sort()
        .map((f) => `images/${name}/${f}`),
    }));
    const empty = people.filter((p) => p.images.length === 0).map((p) => `images/${p.name}/`);
    if (!people.length) throw new EvalDataError(`${images} has no person folders; ${LAYOUTS}`);
    if (empty.length) throw new EvalDataError(`${dir}: ${empty.length} person folder(s) without a .jpg/.png image: ${listSome(empty)}`);
    return { layout: "lfw", people };
  }
  const subjects = dirs(dir).filter((d) => ORL_PERSON.test(d));
  if (!subjects.length) throw new EvalDataError(`${dir}: no images/ folder and no s<k>/ subject folders; ${LAYOUTS}`);
  const people = subjects
    .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))
    .map((name) => ({
      name,
      images: readdirSync(path.join(dir, name))
        .filter((f) => ORL_IMAGE.test(f))
        .sort((a, b) => parseInt(a, 10) - parseInt(b, 10))
        .map((f) => `${name}/${f}`),
    }));
  const empty = people.filter((p) => p.images.length === 0).map((p) => `${p.name}/`);
  if (empty.length) throw new EvalDataError(`${dir}: ${empty.length} subject folder(s) without an <n>.pgm image: ${listSome(empty)}`);
  return { layout: "orl", people };
}

/** A binary (P5) 8-bit PGM → grey pixels. Throws on anything else (named in the message). Pure. */
export function parsePgm(bytes: Uint8Array): { width: number; height: number; grey: Uint8Array } {
  // Header: "P5" whitespace width whitespace height whitespace maxval, one whitespace byte, then the pixels.
  let pos = 0;
  const token = (): string => {
    for (;;) {
      while (pos < bytes.length && /\s/.test(String.fromCharCode(bytes[pos]!))) pos++;
      if (bytes[pos] === 0x23) while (pos < bytes.length && bytes[pos] !== 0x0a) pos++; // # comment
      else break;
    }
    let s = "";
    while (pos < bytes.length && !/\s/.test(String.fromCharCode(bytes[pos]!))) s += String.fromCharCode(bytes[pos++]!);
    return s;
  };
  const magic = token();
  if (magic !== "P5") throw new Error(`not a binary PGM (magic "${magic.slice(0, 4)}", expected P5)`);
  const width = Number(token());
  const height = Number(token());
  const maxval = Number(token());
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width * height > 16_000_000) {
    throw new Error(`bad PGM size ${width}x${height}`);
  }
  if (maxval !== 255) throw new Error(`PGM maxval ${maxval}: only 8-bit (255) is supported`);
  pos++; // the single whitespace byte after maxval
  if (bytes.length - pos < width * height) throw new Error(`truncated PGM: ${bytes.length - pos} of ${width * height} pixel bytes`);
  return { width, height, grey: bytes.slice(pos, pos + width * height) };
}

function chunk(type: string, data: Uint8Array): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td) >>> 0);
  return Buffer.concat([len, td, crc]);
}

/** Grey pixels → an 8-bit greyscale PNG (what the browser pipeline can decode). Pure. */
export function greyToPng(width: number, height: number, grey: Uint8Array): Uint8Array {
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0; // filter: none
    raw.set(grey.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // colour type: greyscale
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(Buffer.concat([sig, chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", new Uint8Array(0))]));
}

/** PGM bytes → PNG bytes (names the file on failure). */
export function pgmToPng(bytes: Uint8Array, file: string): Uint8Array {
  try {
    const { width, height, grey } = parsePgm(bytes);
    return greyToPng(width, height, grey);
  } catch (err) {
    throw new EvalDataError(`${file}: ${(err as Error).message}`);
  }
}
