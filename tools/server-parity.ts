// The server's face mesh against the browser's recorded values on the dev clips (scripts/parity-server-landmarks.ts
// records the fixture and prints the full table; tests/integration/server-landmarks-parity.test.ts checks a sample).
import { readFileSync } from "node:fs";
import path from "node:path";
import jpeg from "jpeg-js";
import { EVIDENCE_CROP_PX } from "@/lib/face/core/evidence-crop";
import { decodeJpegRgba } from "@/lib/face/node/jpeg";
import { measureFaceCrop } from "@/lib/face/node/landmarks";
import { cropSquareRgba } from "@/lib/face/preprocess";
import { extractFrames } from "@/tools/video-frames";

export const PARITY_FIXTURE = path.resolve(import.meta.dirname, "../tests/fixtures/face-core/server-parity-browser.json");

/** The clips: a face turning both ways (female, male: small faces, upscaled as the yaw test does) and a blinking face. */
export const PARITY_CLIPS: readonly { clip: string; filter?: string }[] = [
  { clip: "liveness/intel_headpose_female.gif", filter: "scale=960:540" },
  { clip: "liveness/intel_headpose_male.gif", filter: "scale=960:540" },
  { clip: "liveness/repeating_blink_video.mp4" },
];

export interface ParityFrame {
  i: number;
  tMs: number;
  /** Evidence box [x, y, side] in frame pixels. */
  box: [number, number, number];
  yaw: number;
  ear: number;
  /** lib/face/core/face-geometry.ts on the browser's own landmarks. */
  geomYaw: number;
}

export interface ParityClip {
  clip: string;
  filter?: string;
  frames: ParityFrame[];
}

export function readParityFixture(): ParityClip[] {
  return (JSON.parse(readFileSync(PARITY_FIXTURE, "utf8")) as { clips: ParityClip[] }).clips;
}

/** The client's crop of one frame as JPEG bytes (EVIDENCE_CROP_PX square, quality 90). */
export async function evidenceJpeg(frameFile: string, box: readonly [number, number, number]): Promise<Uint8Array> {
  const img = await decodeJpegRgba(new Uint8Array(readFileSync(frameFile)));
  const rgba = cropSquareRgba(img, { x: box[0], y: box[1], width: box[2], height: box[2] }, EVIDENCE_CROP_PX);
  return new Uint8Array(jpeg.encode({ data: Buffer.from(rgba.buffer), width: EVIDENCE_CROP_PX, height: EVIDENCE_CROP_PX }, 90).data);
}

export interface ParityRow {
  clip: string;
  i: number;
  browserYaw: number;
  browserEar: number;
  geomYaw: number;
  /** Per mesh pass count asked for (1, then 2 when asked). */
  serverYaw: number[];
  serverEar: number[];
  presence: number;
}

/** Server measurements of every `stride`-th recorded frame, with 1 (and 2) mesh passes. */
export async function compareWithBrowser(data: string, opts: { stride?: number; passes?: (1 | 2)[] } = {}): Promise<ParityRow[]> {
  const stride = opts.stride ?? 1;
  const passes = opts.passes ?? [1, 2];
  const rows: ParityRow[] = [];
  for (const c of readParityFixture()) {
    const f = extractFrames(path.join(data, c.clip), c.filter ? { filter: c.filter } : {});
    for (const [k, fr] of c.frames.entries()) {
      if (k % stride) continue;
      const crop = await decodeJpegRgba(await evidenceJpeg(f.files[fr.i]!, fr.box));
      const m = [];
      for (const p of passes) m.push(await measureFaceCrop(crop, p));
      rows.push({
        clip: c.clip,
        i: fr.i,
        browserYaw: fr.yaw,
        browserEar: fr.ear,
        geomYaw: fr.geomYaw,
        serverYaw: m.map((x) => x.pose.yaw),
        serverEar: m.map((x) => x.ear),
        presence: Math.min(...m.map((x) => x.presence)),
      });
    }
  }
  return rows;
}

export interface Agreement {
  n: number;
  /** Mean absolute difference. */
  mae: number;
  p95: number;
  max: number;
  /** Pearson correlation. */
  r: number;
  /** Least-squares slope of a on b (how much larger a's values run). */
  slope: number;
}

export function agreement(a: readonly number[], b: readonly number[]): Agreement {
  const d = a.map((x, i) => Math.abs(x - b[i]!)).sort((x, y) => x - y);
  const ma = a.reduce((s, x) => s + x, 0) / a.length;
  const mb = b.reduce((s, x) => s + x, 0) / b.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return {
    n: a.length,
    mae: d.reduce((s, x) => s + x, 0) / d.length,
    p95: d[Math.min(d.length - 1, Math.floor(0.95 * d.length))]!,
    max: d.at(-1)!,
    r: sab / Math.sqrt(saa * sbb),
    slope: sab / sbb,
  };
}
