// Builds tests/.tmp/fake-camera/live-turns.y4m: a SYNTHETIC HEAD TURN APPLIED TO REAL FACE VIDEO, for the
// fake webcam of the end-to-end check-in specs (the server's challenge asks for 2 of blink / turn-left /
// turn-right, so the person on camera must blink AND turn both ways).
//
// Source: the first 5 s of ../shared/data/dev/liveness/repeating_blink_video.mp4 (one real man blinking, never
// turning), in the 640x480 framing of make-fake-camera.ts, played as LOOP: frontal stretches with the real
// blinks, and a blink-free stretch played twice, turned once each way. Per turned frame:
//  1. MediaPipe FaceLandmarker (the app's own worker, through the browser harness) gives the 478 3-D landmarks;
//  2. the landmarks are rotated about the head's vertical axis by the segment's yaw profile for that frame
//     (orthographic projection; the axis sits behind the face, see headDepth), and a ring of fixed points
//     around the face plus the frame's border keeps the background in place;
//  3. the image is warped triangle by triangle (Delaunay triangulation of the source points, piecewise
//     affine, bilinear sampling, far triangles painted first) — the standard synthetic-pose mesh warp.
// The real blinks are shown at half speed (blinkRepeat). Nothing of another person is mixed in. Chromium loops
// the clip.
//
//   npx tsx tests/support/make-turning-clip.ts            builds (cached by input mtime) and prints the path
//   npx tsx tests/support/make-turning-clip.ts --measure  also re-runs the landmarker (+ anti-spoof) on the
//                                                         warped frames and prints yaw / EAR / score per frame
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import jpeg from "jpeg-js";
import { devDataDir, repoRoot, startHarness, type FrameResult } from "@/tools/browser-harness";
import { readBlinkAnnotations } from "@/tools/video-frames";
import { BlinkDetector } from "@/lib/face/core/blink";

const OUT_DIR = path.join(repoRoot, "tests/.tmp/fake-camera");
export const TURNING_CLIP = path.join(OUT_DIR, "live-turns.y4m");

export interface TurnClipOptions {
  /** Seconds of the source video decoded (it starts with 4 short blinks in 4.8 s, see LOOP). */
  sourceSeconds: number;
  /** Output frame rate (frames per second); the source is resampled to it. */
  fps: number;
  /** Applied yaw at the peak of a turn (degrees; the landmarker reads back a little less). */
  peakYawDeg: number;
  /** Head rotation axis behind the face's mean depth, as a fraction of the face width (unitless). */
  headDepth: number;
  /** Fixed ring around the face, as a multiple of the face's half-size (unitless). */
  ringScale: number;
  /**
   * Each frame of an annotated blink is shown this many times (count): the ~0.2 s blinks of the source become
   * ~0.4 s slow blinks (natural blinks last 0.1–0.4 s), so that a busy machine analysing only ~8 frames/s
   * still sees the 2 closed samples the blink detector needs.
   */
  blinkRepeat: number;
}

export const defaultTurnClipOptions: Readonly<TurnClipOptions> = Object.freeze({
  sourceSeconds: 5.0,
  fps: 24,
  peakYawDeg: 38,
  headDepth: 0.55,
  ringScale: 1.6,
  blinkRepeat: 2,
});

/** A stretch of the source (s, end excluded) played frontal (turn 0) or warped into a turn (+1 / −1). */
export interface Segment {
  from: number;
  to: number;
  turn: 0 | 1 | -1;
}

/**
 * The loop, in order. The source's blinks are at 0.43, 1.69, 3.45 and 4.66 s; 2.0–3.1 s has none, and is
 * played twice, warped into one turn each way. Turned frames have a larger eye aspect ratio (the eye's width
 * shrinks in projection), and the blink detector's open-eye baseline is the 80th percentile of the last 2 s,
 * so a blink within ~1.5 s after a turn reads as a long closure: the frontal stretches keep the 1.69 s and
 * 4.66 s blinks at least ~1.5 s after a turn. Loop length 6 s (+0.4 s of slowed blinks), below the 8 s step
 * timeout, so every step's movement comes round in time.
 */
export const LOOP: readonly Segment[] = Object.freeze([
  { from: 0, to: 2.0, turn: 0 },
  { from: 2.0, to: 3.1, turn: 1 },
  { from: 3.1, to: 4.95, turn: 0 },
  { from: 2.0, to: 3.1, turn: -1 },
]);

/** Applied yaw at `x` (0..1) through a turn segment: cosine ramp up (27 %), hold, ramp down (27 %). */
export function turnProfile(x: number, peak: number): number {
  const up = 0.27;
  const s = x < up ? x / up : x > 1 - up ? (1 - x) / up : 1;
  return peak * (0.5 - 0.5 * Math.cos(Math.PI * Math.max(0, Math.min(1, s))));
}

// ---- geometry ---------------------------------------------------------------------------------------------

interface P3 {
  x: number;
  y: number;
  z: number;
}

/** Bowyer–Watson Delaunay triangulation of 2-D points; returns index triples. */
export function delaunay(pts: readonly { x: number; y: number }[]): [number, number, number][] {
  const n = pts.length;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const p of pts) {
    minX = Math.min(minX, p.x); minY = Math.min(minY, p.y); maxX = Math.max(maxX, p.x); maxY = Math.max(maxY, p.y);
  }
  const d = Math.max(maxX - minX, maxY - minY) * 20;
  const cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
  const all = [...pts, { x: cx - d, y: cy - d }, { x: cx + d, y: cy - d }, { x: cx, y: cy + d }];
  type Tri = { a: number; b: number; c: number; ux: number; uy: number; r2: number };
  const circ = (a: number, b: number, c: number): Tri => {
    const A = all[a]!, B = all[b]!, C = all[c]!;
    const D = 2 * (A.x * (B.y - C.y) + B.x * (C.y - A.y) + C.x * (A.y - B.y));
    const a2 = A.x * A.x + A.y * A.y, b2 = B.x * B.x + B.y * B.y, c2 = C.x * C.x + C.y * C.y;
    const ux = (a2 * (B.y - C.y) + b2 * (C.y - A.y) + c2 * (A.y - B.y)) / D;
    const uy = (a2 * (C.x - B.x) + b2 * (A.x - C.x) + c2 * (B.x - A.x)) / D;
    return { a, b, c, ux, uy, r2: (A.x - ux) ** 2 + (A.y - uy) ** 2 };
  };
  let tris: Tri[] = [circ(n, n + 1, n + 2)];
  for (let i = 0; i < n; i++) {
    const p = all[i]!;
    const bad: Tri[] = [];
    const keep: Tri[] = [];
    for (const t of tris) ((p.x - t.ux) ** 2 + (p.y - t.uy) ** 2 < t.r2 ? bad : keep).push(t);
    const edges = new Map<string, [number, number]>();
    for (const t of bad) {
      for (const [u, v] of [[t.a, t.b], [t.b, t.c], [t.c, t.a]] as [number, number][]) {
        const k = u < v ? `${u},${v}` : `${v},${u}`;
        if (edges.has(k)) edges.delete(k);
        else edges.set(k, [u, v]);
      }
    }
    tris = keep;
    for (const [u, v] of edges.values()) tris.push(circ(u, v, i));
  }
  return tris.filter((t) => t.a < n && t.b < n && t.c < n).map((t) => [t.a, t.b, t.c]);
}

/** Piecewise-affine warp: paints each destination triangle with the source triangle's pixels (RGBA). */
function warpTriangles(
  src: Uint8Array, w: number, h: number, srcPts: readonly { x: number; y: number }[], dstPts: readonly { x: number; y: number }[],
  tris: readonly [number, number, number][], order: readonly number[], dst: Uint8Array,
): void {
  for (const ti of order) {
    const [a, b, c] = tris[ti]!;
    const A = dstPts[a]!, B = dstPts[b]!, C = dstPts[c]!;
    const det = (B.x - A.x) * (C.y - A.y) - (C.x - A.x) * (B.y - A.y);
    if (Math.abs(det) < 1e-6) continue;
    const sA = srcPts[a]!, sB = srcPts[b]!, sC = srcPts[c]!;
    const x0 = Math.max(0, Math.floor(Math.min(A.x, B.x, C.x))), x1 = Math.min(w - 1, Math.ceil(Math.max(A.x, B.x, C.x)));
    const y0 = Math.max(0, Math.floor(Math.min(A.y, B.y, C.y))), y1 = Math.min(h - 1, Math.ceil(Math.max(A.y, B.y, C.y)));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const px = x + 0.5, py = y + 0.5;
        const l1 = ((B.x - px) * (C.y - py) - (C.x - px) * (B.y - py)) / det;
        const l2 = ((C.x - px) * (A.y - py) - (A.x - px) * (C.y - py)) / det;
        const l3 = 1 - l1 - l2;
        if (l1 < -1e-4 || l2 < -1e-4 || l3 < -1e-4) continue;
        const sx = Math.min(w - 1.001, Math.max(0, l1 * sA.x + l2 * sB.x + l3 * sC.x - 0.5));
        const sy = Math.min(h - 1.001, Math.max(0, l1 * sA.y + l2 * sB.y + l3 * sC.y - 0.5));
        const ix = Math.floor(sx), iy = Math.floor(sy), fx = sx - ix, fy = sy - iy;
        const i00 = (iy * w + ix) * 4, i01 = i00 + 4, i10 = i00 + w * 4, i11 = i10 + 4, o = (y * w + x) * 4;
        for (let k = 0; k < 3; k++) {
          dst[o + k] = (src[i00 + k]! * (1 - fx) + src[i01 + k]! * fx) * (1 - fy) + (src[i10 + k]! * (1 - fx) + src[i11 + k]! * fx) * fy;
        }
        dst[o + 3] = 255;
      }
    }
  }
}

/** The source points (landmarks + ring + border) and where they go for a rotation of `yawDeg`. */
function meshFor(lms: readonly P3[], w: number, h: number, yawDeg: number, o: TurnClipOptions) {
  const px = lms.map((l) => ({ x: l.x * w, y: l.y * h, z: l.z * w }));
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity, mz = 0;
  for (const p of px) {
    minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x); minY = Math.min(minY, p.y); maxY = Math.max(maxY, p.y); mz += p.z;
  }
  mz /= px.length;
  const cx = (minX + maxX) / 2, cy = (minY + maxY) / 2, fw = maxX - minX, fh = maxY - minY;
  const axisZ = mz + o.headDepth * fw; // z grows away from the camera
  const th = (yawDeg * Math.PI) / 180;
  const rot = px.map((p) => ({ x: cx + (p.x - cx) * Math.cos(th) + (p.z - axisZ) * Math.sin(th), y: p.y, z: axisZ - (p.x - cx) * Math.sin(th) + (p.z - axisZ) * Math.cos(th) }));
  const fixed: { x: number; y: number }[] = [];
  for (let k = 0; k < 24; k++) {
    const a = (2 * Math.PI * k) / 24;
    fixed.push({ x: cx + Math.cos(a) * (fw / 2) * o.ringScale, y: cy + Math.sin(a) * (fh / 2) * o.ringScale });
  }
  for (let k = 0; k <= 4; k++) {
    fixed.push({ x: (w * k) / 4, y: 0 }, { x: (w * k) / 4, y: h });
    if (k > 0 && k < 4) fixed.push({ x: 0, y: (h * k) / 4 }, { x: w, y: (h * k) / 4 });
  }
  const src = [...px.map((p) => ({ x: p.x, y: p.y })), ...fixed];
  const dst = [...rot.map((p) => ({ x: p.x, y: p.y })), ...fixed];
  const depth = [...rot.map((p) => p.z), ...fixed.map(() => Infinity)];
  return { src, dst, depth };
}

// ---- build ------------------------------------------------------------------------------------------------

// The sides are filled by smearing the edge columns, not black bars: MiniFASNet reads black bars round a face
// as a screen or print border (measured: trimmed-mean real score 0.34 with black bars, 1.00 smeared).
const FILTER = "crop=480:640:0:40,scale=360:480,pad=640:480:140:0,fillborders=left=140:right=140:mode=smear";

export interface BuiltClip {
  clip: string;
  frames: string[];
  tMs: number[];
  appliedYaw: number[];
}

export async function makeTurningClip(opts: Partial<TurnClipOptions> = {}): Promise<BuiltClip | undefined> {
  const o = { ...defaultTurnClipOptions, ...opts };
  const data = devDataDir();
  const video = data ? path.join(data, "liveness/repeating_blink_video.mp4") : undefined;
  if (!video || !existsSync(video)) return undefined;
  const dir = path.join(OUT_DIR, "live-turns-frames");
  const meta = path.join(dir, "clip.json");
  const self = statSync(new URL(import.meta.url).pathname).mtimeMs;
  if (existsSync(meta) && existsSync(TURNING_CLIP) && statSync(TURNING_CLIP).mtimeMs > Math.max(self, statSync(video).mtimeMs)) {
    return JSON.parse(readFileSync(meta, "utf8")) as BuiltClip;
  }
  const srcDir = path.join(OUT_DIR, "live-turns-source");
  rmSync(srcDir, { recursive: true, force: true });
  mkdirSync(srcDir, { recursive: true });
  execFileSync("ffmpeg", ["-v", "error", "-y", "-i", video, "-t", String(o.sourceSeconds), "-vf", `${FILTER},fps=${o.fps}`, "-q:v", "2", path.join(srcDir, "%05d.jpg")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const files = readdirSync(srcDir).filter((f) => f.endsWith(".jpg")).sort().map((f) => path.join(srcDir, f));
  const n = files.length;
  const tMs = files.map((_, i) => (i * 1000) / o.fps);
  const blinks = readBlinkAnnotations(path.join(path.dirname(video), "blink_annotations.csv")).filter(
    (b) => b.file === path.basename(video) && b.event === "blink",
  );
  const inBlink = (t: number) => blinks.some((b) => t >= b.startS - 0.5 / o.fps && t <= b.endS + 0.5 / o.fps);
  const h = await startHarness({ threads: 2 });
  let lm: FrameResult[];
  try {
    await h.load();
    lm = await h.landmarksForFrames(files, tMs.map((t) => t + 1));
  } finally {
    await h.close();
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const out: string[] = [];
  const applied: number[] = [];
  const landmarksAt = (i: number): P3[] | undefined => {
    for (let k = i; k >= 0; k--) if (lm[k]?.face?.landmarks) return lm[k]!.face!.landmarks as P3[];
    return undefined;
  };
  for (const seg of LOOP) {
    const i0 = Math.round(seg.from * o.fps);
    const i1 = Math.min(n, Math.round(seg.to * o.fps));
    for (let i = i0; i < i1; i++) {
      const img = jpeg.decode(readFileSync(files[i]!), { useTArray: true, formatAsRGBA: true });
      // + applied yaw reads back as − (the subject's own right), hence the sign: turn +1 = their own left.
      const yaw = seg.turn === 0 ? 0 : -seg.turn * turnProfile((i - i0 + 0.5) / (i1 - i0), o.peakYawDeg);
      const lms = landmarksAt(i);
      let pixels: Uint8Array = img.data;
      if (Math.abs(yaw) > 0.05 && lms) {
        const mesh = meshFor(lms, img.width, img.height, yaw, o);
        const tris = delaunay(mesh.src);
        const triDepth = tris.map(([a, b, c]) => Math.min(mesh.depth[a]!, mesh.depth[b]!, mesh.depth[c]!));
        const order = tris.map((_, k) => k).sort((p, q) => triDepth[q]! - triDepth[p]!); // far first
        pixels = new Uint8Array(img.data);
        warpTriangles(img.data, img.width, img.height, mesh.src, mesh.dst, tris, order, pixels);
      }
      const encoded = jpeg.encode({ data: pixels, width: img.width, height: img.height }, 95).data;
      for (let r = seg.turn === 0 && inBlink(tMs[i]! / 1000) ? o.blinkRepeat : 1; r > 0; r--) {
        const file = path.join(dir, `${String(out.length).padStart(5, "0")}.jpg`);
        writeFileSync(file, encoded);
        out.push(file);
        applied.push(yaw);
      }
    }
  }
  mkdirSync(OUT_DIR, { recursive: true });
  execFileSync(
    "ffmpeg",
    ["-v", "error", "-y", "-framerate", String(o.fps), "-i", path.join(dir, "%05d.jpg"), "-pix_fmt", "yuv420p", "-f", "yuv4mpegpipe", TURNING_CLIP],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const built: BuiltClip = { clip: TURNING_CLIP, frames: out, tMs: out.map((_, i) => (i * 1000) / o.fps), appliedYaw: applied };
  writeFileSync(meta, JSON.stringify(built));
  return built;
}

async function measure(b: BuiltClip): Promise<void> {
  const h = await startHarness({ threads: 2 });
  try {
    await h.load();
    // Two passes over the loop, as the fake camera plays it, anti-spoof on every 3rd frame.
    const files = [...b.frames, ...b.frames];
    const t = files.map((_, i) => (i * 1000) / 24 + 1);
    const res = await h.landmarksForFrames(files, t, { antispoof: false, wantLandmarks: false, candidate: false });
    const spoof = await h.antispoofImages(b.frames.filter((_, i) => i % 3 === 0).map((p) => ({ path: p })));
    const yaws = res.slice(b.frames.length).map((r) => r.face?.pose.yaw ?? NaN);
    for (let i = 0; i < b.frames.length; i++) {
      const r = res[b.frames.length + i]!;
      const s = i % 3 === 0 ? spoof[i / 3]?.score : undefined;
      console.log(
        `${i}\tapplied=${b.appliedYaw[i]!.toFixed(1)}\tyaw=${yaws[i]!.toFixed(1)}\tpitch=${(r.face?.pose.pitch ?? NaN).toFixed(1)}\tear=${(r.face?.ear.mean ?? NaN).toFixed(3)}\tsharp=${(r.face?.sharpness ?? NaN).toFixed(0)}\tluma=${(r.face?.luma ?? NaN).toFixed(0)}\tw=${(r.face?.box.width ?? NaN).toFixed(0)}${s !== undefined ? `\tspoof=${s?.toFixed(3)}` : ""}`,
      );
    }
    // Blinks and turn peaks as the app would see them at 24, 12 and 8 analysed frames/s (every 1st, 2nd, 3rd frame).
    for (const stride of [1, 2, 3]) {
      const det = new BlinkDetector();
      let blinks = 0;
      let lo = 0;
      let hi = 0;
      for (let i = 0; i < res.length; i += stride) {
        const f = res[i]!.face;
        if (!f) continue;
        if (det.push({ tMs: t[i]!, ear: f.ear.mean, blendshape: f.blinkBlendshape })?.kind === "blink") blinks++;
        lo = Math.min(lo, f.pose.yaw);
        hi = Math.max(hi, f.pose.yaw);
      }
      console.log(`${(24 / stride).toFixed(0)} fps over 2 loops: blinks=${blinks} yaw ${lo.toFixed(1)} … ${hi.toFixed(1)}`);
    }
    const fin = yaws.filter(Number.isFinite);
    const sc = spoof.map((s) => s.score).filter((s): s is number => s !== null);
    console.log(`yaw min=${Math.min(...fin).toFixed(1)} max=${Math.max(...fin).toFixed(1)} faces=${fin.length}/${yaws.length}; antispoof min=${Math.min(...sc).toFixed(3)} mean=${(sc.reduce((a, x) => a + x, 0) / sc.length).toFixed(3)}`);
  } finally {
    await h.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const b = await makeTurningClip();
  if (!b) {
    console.log("skipped: ../shared/data/dev (liveness/repeating_blink_video.mp4) not found");
  } else {
    console.log(`${b.clip} (${(statSync(b.clip).size / 1e6).toFixed(1)} MB, ${b.frames.length} frames)`);
    if (process.argv.includes("--measure")) await measure(b);
  }
}
