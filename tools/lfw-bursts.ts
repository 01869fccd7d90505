// Evidence bursts for the LFW people of the check-in suites (tools/faces.ts): LFW has stills, not video, so a
// person's burst is made of several of their own photos, each cut as a browser cuts an evidence crop (160 px square,
// 1.5x the deep-funneled face box), chosen by the SERVER's own yaw: a frontal start, the asked turns in the asked
// order (the most turned photo each way; a photo turned the other way, mirrored, when the person has none turned far
// enough), frontal photos between and after. Real faces of one person with real variation between frames, so the
// server's rules pass; used with organisations whose step pool is the two turns (TURN_STEPS). Needs the dev data.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import jpeg from "jpeg-js";
import type { LivenessStep } from "@/lib/face/core/liveness-rules";
import { defaultServerLivenessOptions } from "@/lib/face/core/server-liveness";
import { EVIDENCE_CROP_PX, EVIDENCE_CROP_SCALE } from "@/lib/face/core/evidence-crop";
import { decodeJpegRgba } from "@/lib/face/node/jpeg";
import { measureEvidenceJpeg } from "@/lib/face/node/evidence";
import { cropSquareRgba } from "@/lib/face/preprocess";
import { faceDataDir, FUNNELED_FACE_BOX, noFaceDataMessage } from "./lfw-layout";

type BurstFrame = { jpeg: Uint8Array; tMs: number };

/** The step pool of the suites' organisations: LFW photos show turns, not blinks. */
export const TURN_STEPS = ["turn-left", "turn-right"] as const satisfies readonly LivenessStep[];

interface Shot {
  jpeg: Uint8Array;
  yaw: number;
}

/** Margin over the server's turn threshold for a photo used as a turn (degrees). */
const TURN_MARGIN_DEG = 1;

function mirror(rgba: Uint8ClampedArray, n: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(rgba.length);
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) out.set(rgba.subarray((y * n + x) * 4, (y * n + x) * 4 + 4), (y * n + (n - 1 - x)) * 4);
  return out;
}

const cache = new Map<string, Promise<Shot[]>>();

/** Every photo of `person` as an evidence crop (and mirrored), with the server's yaw. */
function shots(person: string): Promise<Shot[]> {
  let s = cache.get(person);
  if (!s) {
    s = (async () => {
      const dir = faceDataDir();
      if (!dir) throw new Error(noFaceDataMessage);
      const folder = path.join(dir, "lfw/images", person);
      const side = Math.max(FUNNELED_FACE_BOX.width, FUNNELED_FACE_BOX.height) * EVIDENCE_CROP_SCALE;
      const box = { x: FUNNELED_FACE_BOX.x + FUNNELED_FACE_BOX.width / 2 - side / 2, y: FUNNELED_FACE_BOX.y + FUNNELED_FACE_BOX.height / 2 - side / 2, width: side, height: side };
      const out: Shot[] = [];
      for (const f of readdirSync(folder).filter((f) => f.endsWith(".jpg")).sort()) {
        const img = await decodeJpegRgba(new Uint8Array(readFileSync(path.join(folder, f))));
        const crop = cropSquareRgba(img, box, EVIDENCE_CROP_PX);
        for (const rgba of [crop, mirror(crop, EVIDENCE_CROP_PX)]) {
          const bytes = new Uint8Array(jpeg.encode({ data: Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength), width: EVIDENCE_CROP_PX, height: EVIDENCE_CROP_PX }, 90).data);
          const m = await measureEvidenceJpeg(bytes);
          if (m.presence >= 0.9) out.push({ jpeg: bytes, yaw: m.yaw });
        }
      }
      return out;
    })();
    cache.set(person, s);
  }
  return s;
}

/**
 * A burst of `person`'s photos showing `steps` (turns only) in order: frontal, then per step its turn and a frontal
 * photo. Throws when the person has too few frontal or turned photos.
 */
export async function lfwBurst(person: string, steps: readonly LivenessStep[]): Promise<BurstFrame[]> {
  const all = await shots(person);
  const turn = defaultServerLivenessOptions.turnYawDeg + TURN_MARGIN_DEG;
  const frontal = all.filter((s) => Math.abs(s.yaw) <= defaultServerLivenessOptions.frontalYawDeg - 5).sort((a, b) => Math.abs(a.yaw) - Math.abs(b.yaw));
  const frames: Uint8Array[] = [];
  const nextFrontal = () => {
    const s = frontal.shift();
    if (!s) throw new Error(`${person}: too few frontal photos for a burst`);
    frames.push(s.jpeg);
  };
  nextFrontal();
  for (const step of steps) {
    if (step === "blink") throw new Error("lfwBurst: photos cannot show a blink; use TURN_STEPS");
    const dir = step === "turn-left" ? 1 : -1;
    const best = all.reduce((a, b) => (b.yaw * dir > a.yaw * dir ? b : a));
    if (best.yaw * dir < turn) throw new Error(`${person}: no photo turned ${step} past ${turn}°`);
    frames.push(best.jpeg);
    nextFrontal();
  }
  while (frames.length < 6) nextFrontal();
  return frames.map((jpeg, i) => ({ jpeg, tMs: 100 + i * 150 }));
}
