/**
 * Vector similarity for face embeddings. Works on any numeric array (Float32Array, number[]).
 * Embeddings are compared by cosine similarity after L2 normalisation (MobileFaceNet / ArcFace).
 */

export type Vec = ArrayLike<number>;

function checkSameLength(a: Vec, b: Vec): void {
  if (a.length !== b.length) throw new RangeError(`vector lengths differ: ${a.length} vs ${b.length}`);
}

/** Euclidean (L2) norm. */
export function l2norm(v: Vec): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    s += x * x;
  }
  return Math.sqrt(s);
}

/** A unit-length copy of `v` (Float32Array). A zero vector cannot be normalised: throws RangeError. */
export function l2normalize(v: Vec): Float32Array {
  const n = l2norm(v);
  if (!(n > 0) || !Number.isFinite(n)) throw new RangeError("cannot normalise a zero or non-finite vector");
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! / n;
  return out;
}

/** Dot product. */
export function dot(a: Vec, b: Vec): number {
  checkSameLength(a, b);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * Cosine similarity in [-1, 1] (clamped against rounding). Vectors need not be normalised.
 * Returns 0 when either vector is zero (no direction, no similarity).
 */
export function cosine(a: Vec, b: Vec): number {
  checkSameLength(a, b);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  if (aa === 0 || bb === 0) return 0;
  const c = ab / Math.sqrt(aa * bb);
  return Math.max(-1, Math.min(1, c));
}

/** Euclidean distance. For unit vectors: euclidean² = 2 − 2·cosine. */
export function euclidean(a: Vec, b: Vec): number {
  checkSameLength(a, b);
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    s += d * d;
  }
  return Math.sqrt(s);
}

/**
 * Probe fusion: the unit-length mean of several embeddings of one face (each normalised first, so every
 * frame weighs the same). One embedding gives itself back (normalised). Throws RangeError for none.
 */
export function meanEmbedding(vs: readonly Vec[]): Float32Array {
  const first = vs[0];
  if (!first) throw new RangeError("meanEmbedding needs at least one embedding");
  const sum = new Float64Array(first.length);
  for (const v of vs) {
    checkSameLength(first, v);
    const n = l2norm(v);
    if (!(n > 0) || !Number.isFinite(n)) throw new RangeError("cannot average a zero or non-finite embedding");
    for (let i = 0; i < v.length; i++) sum[i]! += v[i]! / n;
  }
  return l2normalize(sum);
}
