// A MediaPipe `.task` bundle is a zip archive of model files, each stored uncompressed with its bytes starting at a
// multiple of 4 (MediaPipe reads the TFLite flatbuffers in place; the upstream bundle pads before each local header
// to get there). withoutEntries() writes the same archive without some of its files: every kept entry's local header
// and bytes are copied unchanged, in the original order, padded the same way, and the central directory is
// rewritten with their new offsets (dropping trailing entries leaves the kept bytes where they were). Nothing depends
// on the clock or the platform, so the output is a pure function of the input. Pure: bytes in, bytes out.

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
/** Every entry's data starts at a multiple of this. */
const DATA_ALIGN = 4;

export interface ZipEntry {
  name: string;
  /** 0 = stored. */
  method: number;
  size: number;
  /** Where the file's bytes start in the archive. */
  dataOffset: number;
}

interface CentralEntry extends Omit<ZipEntry, "dataOffset"> {
  /** The central directory record, as in the archive. */
  record: Uint8Array;
  localOffset: number;
}

function endRecord(zip: Uint8Array): DataView {
  // The end-of-central-directory record: 22 bytes plus a comment of up to 65535, at the end.
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    const v = new DataView(zip.buffer, zip.byteOffset + i, 22);
    if (v.getUint32(0, true) === END) return v;
  }
  throw new Error("not a zip archive (no end of central directory)");
}

function centralEntries(zip: Uint8Array): CentralEntry[] {
  const end = endRecord(zip);
  const count = end.getUint16(10, true);
  let at = end.getUint32(16, true);
  const out: CentralEntry[] = [];
  for (let k = 0; k < count; k++) {
    const v = new DataView(zip.buffer, zip.byteOffset + at);
    if (v.getUint32(0, true) !== CENTRAL) throw new Error(`bad central directory record at ${at}`);
    const nameLen = v.getUint16(28, true);
    const len = 46 + nameLen + v.getUint16(30, true) + v.getUint16(32, true);
    out.push({
      name: new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLen)),
      method: v.getUint16(10, true),
      size: v.getUint32(24, true),
      record: zip.slice(at, at + len),
      localOffset: v.getUint32(42, true),
    });
    at += len;
  }
  return out;
}

function localHeader(zip: Uint8Array, e: CentralEntry): { headerBytes: number; view: DataView } {
  const view = new DataView(zip.buffer, zip.byteOffset + e.localOffset);
  if (view.getUint32(0, true) !== LOCAL) throw new Error(`${e.name}: bad local header`);
  return { headerBytes: 30 + view.getUint16(26, true) + view.getUint16(28, true), view };
}

/** The archive's files, in order. */
export function zipEntries(zip: Uint8Array): ZipEntry[] {
  return centralEntries(zip).map((e) => ({ name: e.name, method: e.method, size: e.size, dataOffset: e.localOffset + localHeader(zip, e).headerBytes }));
}

/** The bytes of a stored file of the archive. */
export function storedFile(zip: Uint8Array, name: string): Uint8Array {
  const e = zipEntries(zip).find((x) => x.name === name);
  if (!e) throw new Error(`${name} is not in the archive`);
  if (e.method !== 0) throw new Error(`${name}: compressed`);
  return zip.subarray(e.dataOffset, e.dataOffset + e.size);
}

/** The archive without the named files (each must be in it). */
export function withoutEntries(zip: Uint8Array, drop: readonly string[]): Uint8Array<ArrayBuffer> {
  const entries = centralEntries(zip);
  for (const d of drop) if (!entries.some((e) => e.name === d)) throw new Error(`${d} is not in the archive`);
  const kept = entries.filter((e) => !drop.includes(e.name));
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of kept) {
    const { headerBytes: header, view: v } = localHeader(zip, e);
    if (v.getUint16(6, true) & 0x8) throw new Error(`${e.name}: data descriptors are not supported`);
    if (e.method !== 0) throw new Error(`${e.name}: compressed (a .task stores its files)`);
    const pad = (DATA_ALIGN - ((offset + header) % DATA_ALIGN)) % DATA_ALIGN;
    parts.push(new Uint8Array(pad));
    offset += pad;
    const len = header + v.getUint32(18, true);
    parts.push(zip.subarray(e.localOffset, e.localOffset + len));
    const record = e.record.slice();
    new DataView(record.buffer).setUint32(42, offset, true);
    central.push(record);
    offset += len;
  }
  const centralSize = central.reduce((s, r) => s + r.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, END, true);
  ev.setUint16(8, kept.length, true);
  ev.setUint16(10, kept.length, true);
  ev.setUint32(12, centralSize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + centralSize + end.length);
  let at = 0;
  for (const p of [...parts, ...central, end]) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
