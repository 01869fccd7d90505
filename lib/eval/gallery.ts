// Gallery splits for open-set identification (pure; the random source is passed in): which people are
// enrolled, from which images, and which images search the gallery as mated / non-mated probes. Bad
// requests (too few people for N, nobody left to be a stranger) are EvalDataErrors naming what is missing.

import { EvalDataError, listSome } from "@/lib/eval/datasets/errors";

export interface GalleryRequest {
  /** Images per person, in the folder's order (index = person). */
  imagesPerPerson: readonly number[];
  names: readonly string[];
  /** Templates per enrolled person. */
  k: number;
}

export interface GallerySplit {
  /** Enrolled people (person indices). */
  enrolled: number[];
  /** For each enrolled person, the image offsets (within the person) used as templates. */
  templates: number[][];
  /** Mated probes: (person, image offset) of enrolled people's other images. */
  mated: { person: number; image: number }[];
  /** Non-mated probes: (person, image offset) of every image of people not enrolled. */
  nonMated: { person: number; image: number }[];
}

/** Share of the people kept out of the largest gallery so that strangers remain to search it. */
export const STRANGER_SHARE = 0.25;

/** People who can be enrolled with k templates (at least k images). */
export function eligible(req: GalleryRequest): number[] {
  return req.imagesPerPerson.flatMap((c, i) => (c >= req.k ? [i] : []));
}

/**
 * The largest gallery the folder allows with k templates: every eligible person, less those needed to keep
 * STRANGER_SHARE of all people unenrolled (people with fewer than k images count as strangers first).
 */
export function maxGallery(req: GalleryRequest): number {
  const total = req.imagesPerPerson.length;
  const el = eligible(req).length;
  const reserve = Math.ceil(total * STRANGER_SHARE);
  return Math.max(0, el - Math.max(0, reserve - (total - el)));
}

/** Throws EvalDataError when a gallery of n people with k templates cannot be drawn from the folder. */
export function checkGallery(req: GalleryRequest, n: number): void {
  const el = eligible(req);
  const total = req.imagesPerPerson.length;
  const short = req.imagesPerPerson.flatMap((c, i) => (c < req.k ? [`${req.names[i]} (${c})`] : []));
  const mated = req.imagesPerPerson.filter((c) => c > req.k).length;
  if (mated === 0) {
    throw new EvalDataError(
      `no person has more than k=${req.k} images, so there is no mated probe: each enrolled person needs k images to enrol and at least one more to search with`,
    );
  }
  const max = maxGallery(req);
  if (n > max) {
    throw new EvalDataError(
      `too few people for N=${n} with k=${req.k}: the folder has ${total} people, ${el.length} of them with at least ${req.k} images` +
        (short.length ? ` (fewer than ${req.k}: ${listSome(short)})` : "") +
        `; ${Math.ceil(total * STRANGER_SHARE)} people are kept unenrolled as strangers for the non-mated probes, so N can be at most ${max}`,
    );
  }
  if (n < 1) throw new EvalDataError(`N must be at least 1, got ${n}`);
}

/** Fisher–Yates shuffle of 0..n-1. */
export function shuffled(n: number, rng: () => number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/**
 * One random split: n people drawn uniformly from those with at least k images; each enrolled person's k
 * templates are a random subset of their images and the rest are mated probes; every image of everyone
 * else is a non-mated probe.
 */
export function drawGallery(req: GalleryRequest, n: number, rng: () => number): GallerySplit {
  checkGallery(req, n);
  const el = eligible(req);
  const order = shuffled(el.length, rng).map((i) => el[i]!);
  const enrolled = order.slice(0, n).sort((a, b) => a - b);
  const isEnrolled = new Set(enrolled);
  const templates: number[][] = [];
  const mated: GallerySplit["mated"] = [];
  for (const p of enrolled) {
    const imgs = shuffled(req.imagesPerPerson[p]!, rng);
    templates.push(imgs.slice(0, req.k).sort((a, b) => a - b));
    for (const image of imgs.slice(req.k).sort((a, b) => a - b)) mated.push({ person: p, image });
  }
  const nonMated: GallerySplit["nonMated"] = [];
  req.imagesPerPerson.forEach((c, p) => {
    if (!isEnrolled.has(p)) for (let image = 0; image < c; image++) nonMated.push({ person: p, image });
  });
  return { enrolled, templates, mated, nonMated };
}
