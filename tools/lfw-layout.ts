// Where the LFW data is and how its deep-funneled images are laid out (shared by tools/faces.ts and
// tools/lfw-bursts.ts).
import { existsSync } from "node:fs";
import path from "node:path";

const repoRoot = path.resolve(import.meta.dirname, "..");

export function faceDataDir(): string | null {
  const candidates = [path.resolve(repoRoot, "../shared/data/dev"), process.env.CLOCKFACE_DATA_DIR].filter((p): p is string => !!p);
  return candidates.find((p) => existsSync(path.join(p, "lfw/images"))) ?? null;
}

export const noFaceDataMessage = "face data not found: ../shared/data/dev (or CLOCKFACE_DATA_DIR) is absent — skipping tests that need real faces";

/** Where the face is in a deep-funneled LFW image (pixels of its 250x250). */
export const FUNNELED_FACE_BOX = { x: 75, y: 70, width: 100, height: 115 } as const;
