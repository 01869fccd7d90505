// Pair sampling and pair scores over an embedding matrix (row i = image i). Pure: the random source is
// passed in (seeded by the caller), so the same seed draws the same pairs everywhere.

/** Rows i and j of a row-major matrix with `dim` columns: dot product (cosine for unit rows). */
export function dotRows(m: Float32Array, i: number, j: number, dim: number): number {
  let s = 0;
  const a = i * dim;
  const b = j * dim;
  for (let k = 0; k < dim; k++) s += m[a + k]! * m[b + k]!;
  return s;
}

/** Euclidean distance between rows i and j. */
export function euclideanRows(m: Float32Array, i: number, j: number, dim: number): number {
  let s = 0;
  const a = i * dim;
  const b = j * dim;
  for (let k = 0; k < dim; k++) {
    const d = m[a + k]! - m[b + k]!;
    s += d * d;
  }
  return Math.sqrt(s);
}

/** Number of unordered image pairs of different people, given each image's person id. */
export function impostorPairCount(person: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < person.length; i++) counts.set(person[i]!, (counts.get(person[i]!) ?? 0) + 1);
  const n = person.length;
  let same = 0;
  for (const c of counts.values()) same += (c * (c - 1)) / 2;
  return (n * (n - 1)) / 2 - same;
}

/** Number of unordered image pairs of the same person. */
export function genuinePairCount(person: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < person.length; i++) counts.set(person[i]!, (counts.get(person[i]!) ?? 0) + 1);
  let same = 0;
  for (const c of counts.values()) same += (c * (c - 1)) / 2;
  return same;
}

/**
 * `count` distinct unordered pairs (i < j) of images of DIFFERENT people, drawn uniformly without
 * replacement. When `count` is at least half of all such pairs, every pair is enumerated instead
 * (then fewer than `count` may come back: all there are). Returns [i0, j0, i1, j1, …].
 */
export function sampleImpostorPairs(person: ArrayLike<number>, count: number, rng: () => number): Uint32Array {
  const n = person.length;
  const total = impostorPairCount(person);
  if (total === 0 || count <= 0) return new Uint32Array(0);
  if (count * 2 >= total) {
    const out = new Uint32Array(2 * total);
    let k = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (person[i] !== person[j]) {
          out[k++] = i;
          out[k++] = j;
        }
      }
    }
    return out;
  }
  const out = new Uint32Array(2 * count);
  const seen = new Set<number>();
  let k = 0;
  while (k < 2 * count) {
    let i = Math.floor(rng() * n);
    let j = Math.floor(rng() * n);
    if (i === j || person[i] === person[j]) continue;
    if (i > j) [i, j] = [j, i];
    const key = i * n + j;
    if (seen.has(key)) continue;
    seen.add(key);
    out[k++] = i;
    out[k++] = j;
  }
  return out;
}

/**
 * Every unordered pair of images of the same person ([i0, j0, i1, j1, …]), or a uniform random sample
 * of `cap` of them when there are more (one person with 530 images alone has 140,185 pairs).
 */
export function genuinePairs(person: ArrayLike<number>, cap: number, rng: () => number): Uint32Array {
  const byPerson = new Map<number, number[]>();
  for (let i = 0; i < person.length; i++) {
    const list = byPerson.get(person[i]!);
    if (list) list.push(i);
    else byPerson.set(person[i]!, [i]);
  }
  const total = genuinePairCount(person);
  const all = new Uint32Array(2 * total);
  let k = 0;
  for (const imgs of byPerson.values()) {
    for (let a = 0; a < imgs.length; a++) {
      for (let b = a + 1; b < imgs.length; b++) {
        all[k++] = imgs[a]!;
        all[k++] = imgs[b]!;
      }
    }
  }
  if (total <= cap) return all;
  // Partial Fisher–Yates over pair indices: the first `cap` positions become a uniform sample.
  for (let p = 0; p < cap; p++) {
    const q = p + Math.floor(rng() * (total - p));
    const i = all[2 * p]!;
    const j = all[2 * p + 1]!;
    all[2 * p] = all[2 * q]!;
    all[2 * p + 1] = all[2 * q + 1]!;
    all[2 * q] = i;
    all[2 * q + 1] = j;
  }
  return all.slice(0, 2 * cap);
}
