/**
 * Capture quality: measures (brightness, sharpness, face box) and a gate that says what to fix.
 * Pure functions on RGBA / grey buffers; the browser measures, the gate decides.
 */
import type { Box, Landmark } from "./types";

/** Rec. 601 luma weights (as cv2.COLOR_RGB2GRAY). */
const WR = 0.299;
const WG = 0.587;
const WB = 0.114;

function checkRgba(rgba: Uint8ClampedArray | Uint8Array): void {
  if (rgba.length % 4 !== 0) throw new RangeError(`RGBA length ${rgba.length} is not a multiple of 4`);
}

/** Grey image (luma 0..255, Rec. 601) from RGBA; alpha is ignored. */
export function toGray(rgba: Uint8ClampedArray | Uint8Array): Float32Array {
  checkRgba(rgba);
  const n = rgba.length / 4;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = WR * rgba[4 * i]! + WG * rgba[4 * i + 1]! + WB * rgba[4 * i + 2]!;
  return out;
}

/** Mean luma 0..255 of an RGBA buffer (pass a face crop to measure the face). NaN when empty. */
export function meanLuma(rgba: Uint8ClampedArray | Uint8Array): number {
  checkRgba(rgba);
  const n = rgba.length / 4;
  if (n === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += WR * rgba[4 * i]! + WG * rgba[4 * i + 1]! + WB * rgba[4 * i + 2]!;
  return s / n;
}

/** Copy the pixels of `box` (rounded, clipped to the image) out of an RGBA image. */
export function cropRgba(rgba: Uint8ClampedArray, width: number, height: number, box: Box): {
  data: Uint8ClampedArray;
  width: number;
  height: number;
} {
  if (rgba.length !== width * height * 4) throw new RangeError("rgba size does not match width x height");
  const x0 = Math.max(0, Math.round(box.x));
  const y0 = Math.max(0, Math.round(box.y));
  const x1 = Math.min(width, Math.round(box.x + box.width));
  const y1 = Math.min(height, Math.round(box.y + box.height));
  const w = Math.max(0, x1 - x0);
  const h = Math.max(0, y1 - y0);
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    const src = ((y0 + y) * width + x0) * 4;
    data.set(rgba.subarray(src, src + w * 4), y * w * 4);
  }
  return { data, width: w, height: h };
}

/**
 * Sharpness: variance of the 4-neighbour Laplacian [0 1 0; 1 −4 1; 0 1 0] over the interior pixels
 * (the "variance of the Laplacian" focus measure, as cv2.Laplacian(gray, CV_64F).var() with ksize 1, but
 * without border pixels). Grey levels 0..255; higher = sharper. 0 for images smaller than 3x3.
 * Depends on resolution: compare values measured on same-sized crops (e.g. the face box scaled to a
 * fixed width).
 */
export function laplacianVariance(gray: Float32Array | Uint8Array | Uint8ClampedArray, w: number, h: number): number {
  if (gray.length !== w * h) throw new RangeError(`gray length ${gray.length} does not match ${w}x${h}`);
  if (w < 3 || h < 3) return 0;
  let sum = 0;
  let sum2 = 0;
  let n = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const l = gray[i - w]! + gray[i + w]! + gray[i - 1]! + gray[i + 1]! - 4 * gray[i]!;
      sum += l;
      sum2 += l * l;
      n++;
    }
  }
  const mean = sum / n;
  return Math.max(0, sum2 / n - mean * mean);
}

/** Bounding box in pixels of all landmarks (not clipped to the frame: a face running off the edge shows). */
export function faceBoxFromLandmarks(landmarks: readonly Landmark[], w: number, h: number): Box {
  if (landmarks.length === 0) throw new RangeError("no landmarks");
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const l of landmarks) {
    const x = l.x * w;
    const y = l.y * h;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

export type QualityIssue =
  | "no-face"
  | "many-faces"
  | "too-dark"
  | "too-bright"
  | "too-small"
  | "too-large"
  | "off-centre"
  | "not-frontal"
  | "blurry";

/** Issues in the order they should be fixed (the first is the one to show). */
export const QUALITY_ISSUE_ORDER: readonly QualityIssue[] = Object.freeze([
  "no-face",
  "many-faces",
  "too-dark",
  "too-bright",
  "too-small",
  "too-large",
  "off-centre",
  "not-frontal",
  "blurry",
]);

/** User-facing prompts, one per issue. */
export const qualityMessages: Readonly<Record<QualityIssue, string>> = Object.freeze({
  "no-face": "We can't see a face. Look at the camera.",
  "many-faces": "More than one face is in view. Make sure only you are in the picture.",
  "too-dark": "It's too dark. Turn towards a light or switch one on.",
  "too-bright": "It's too bright. Move away from direct light behind or in front of you.",
  "too-small": "Come a little closer to the camera.",
  "too-large": "Move back a little from the camera.",
  "off-centre": "Centre your face in the frame.",
  "not-frontal": "Look straight at the camera.",
  blurry: "Hold still: the picture is blurry.",
});

export interface QualityOptions {
  /** Smallest face: max(box.width/frameWidth, box.height/frameHeight), fraction of the frame. */
  minFaceFrac: number;
  /** Largest face, same measure. */
  maxFaceFrac: number;
  /** Smallest face box width in pixels (the 112 px alignment crop needs real detail). */
  minFacePx: number;
  /** Largest distance of the box centre from the frame centre, as a fraction of frame width / height. */
  maxCentreOffset: number;
  /** How far (fraction of the box size) the box may run off the frame before it counts as cut off. */
  maxOutsideFrac: number;
  /** Mean luma bounds (0..255), measured on the face region. */
  minLuma: number;
  maxLuma: number;
  /** Minimum Laplacian variance (grey levels²) of the face region scaled to a fixed width. */
  minSharpness: number;
  /** Largest |yaw| and |pitch| for a frontal capture (degrees). */
  maxYawDeg: number;
  maxPitchDeg: number;
}

/**
 * Defaults for a laptop webcam at 640x480, one person at arm's length: the mesh box (brow to chin) is then
 * about 25–45 % of the frame height. Luma bounds leave room for dim offices without accepting a black
 * frame. minSharpness is a starting value for a face crop scaled to 112–160 px wide; calibrate it on the
 * lab page. Frontal limits match what the ArcFace alignment tolerates well.
 */
export const defaultQualityOptions: Readonly<QualityOptions> = Object.freeze({
  minFaceFrac: 0.18,
  maxFaceFrac: 0.8,
  minFacePx: 80,
  maxCentreOffset: 0.2,
  maxOutsideFrac: 0.05,
  minLuma: 50,
  maxLuma: 210,
  minSharpness: 20,
  maxYawDeg: 20,
  maxPitchDeg: 20,
});

export interface QualityInput {
  faces: number;
  box?: Box;
  frameWidth: number;
  frameHeight: number;
  luma?: number;
  sharpness?: number;
  yaw?: number;
  pitch?: number;
}

export interface QualityResult {
  ok: boolean;
  /** Sorted by QUALITY_ISSUE_ORDER; empty when ok. */
  issues: QualityIssue[];
}

/**
 * The quality gate. 'no-face' and 'many-faces' stop the other checks (nothing else is meaningful). With one
 * face a box is required ('no-face' without one). Luma, sharpness, yaw and pitch are checked when given.
 */
export function assessQuality(input: QualityInput, opts?: Partial<QualityOptions>): QualityResult {
  const o = { ...defaultQualityOptions, ...opts };
  if (!(input.faces >= 1) || !Number.isFinite(input.faces)) return { ok: false, issues: ["no-face"] };
  if (input.faces > 1) return { ok: false, issues: ["many-faces"] };
  const box = input.box;
  const W = input.frameWidth;
  const H = input.frameHeight;
  if (!(W > 0 && H > 0)) throw new RangeError("frame size must be positive");
  if (!box || ![box.x, box.y, box.width, box.height].every(Number.isFinite) || box.width <= 0 || box.height <= 0) {
    return { ok: false, issues: ["no-face"] };
  }
  const issues = new Set<QualityIssue>();
  const frac = Math.max(box.width / W, box.height / H);
  if (frac < o.minFaceFrac || box.width < o.minFacePx) issues.add("too-small");
  if (frac > o.maxFaceFrac) issues.add("too-large");
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const offX = Math.abs(cx - W / 2) / W;
  const offY = Math.abs(cy - H / 2) / H;
  const mx = o.maxOutsideFrac * box.width;
  const my = o.maxOutsideFrac * box.height;
  const cutOff = box.x < -mx || box.y < -my || box.x + box.width > W + mx || box.y + box.height > H + my;
  if (offX > o.maxCentreOffset || offY > o.maxCentreOffset || (cutOff && !issues.has("too-large"))) {
    issues.add("off-centre");
  }
  if (input.luma !== undefined) {
    if (!Number.isFinite(input.luma) || input.luma < o.minLuma) issues.add("too-dark");
    else if (input.luma > o.maxLuma) issues.add("too-bright");
  }
  if (input.sharpness !== undefined && !(input.sharpness >= o.minSharpness)) issues.add("blurry");
  const badAngle = (v: number | undefined, max: number) => v !== undefined && !(Math.abs(v) <= max);
  if (badAngle(input.yaw, o.maxYawDeg) || badAngle(input.pitch, o.maxPitchDeg)) issues.add("not-frontal");
  const sorted = QUALITY_ISSUE_ORDER.filter((i) => issues.has(i));
  return { ok: sorted.length === 0, issues: sorted };
}
