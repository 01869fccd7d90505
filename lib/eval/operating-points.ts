// Operating points measured by the evaluation commands (npm run eval:verify / eval:pad with
// --write-operating-points) and what they mean for a chosen threshold: expected false-accept and
// false-reject rates, interpolated between the measured thresholds. Pure; the admin Settings form and
// docs/model-card.md use it. The table itself is lib/eval/operating-points.json.

export interface MatchPoint {
  /** Cosine similarity threshold (accept when score >= threshold). */
  threshold: number;
  /** Impostor pairs accepted (false-accept rate). */
  far: number;
  /** Genuine pairs rejected (false-reject rate). */
  frr: number;
}

export interface AntispoofPoint {
  /** Real-face score threshold (accept as live when score >= threshold). */
  threshold: number;
  /** Attacks accepted as live, worst attack type (APCER). */
  apcer: number;
  /** Live faces rejected (BPCER). */
  bpcer: number;
}

export interface OperatingTable<P> {
  /** Command and data the table came from. */
  source: string;
  generatedAt: string;
  /** Sample sizes behind the rates (how much to trust them). */
  counts: Record<string, number>;
  points: P[];
}

export interface OperatingPoints {
  match?: OperatingTable<MatchPoint>;
  antispoof?: OperatingTable<AntispoofPoint>;
}

/** Thresholds the tables are written at: lo..hi in steps of `step` (rounded to avoid 0.30000000000000004). */
export function thresholdGrid(lo: number, hi: number, step: number): number[] {
  const out: number[] = [];
  const n = Math.round((hi - lo) / step);
  for (let k = 0; k <= n; k++) out.push(Math.round((lo + k * step) * 1e6) / 1e6);
  return out;
}

/**
 * Linear interpolation of every numeric field of the points (sorted by threshold) at `threshold`;
 * outside the table the nearest end is returned. Null for an empty table or a non-finite threshold.
 */
export function interpolateAt<P extends { threshold: number }>(points: readonly P[], threshold: number): P | null {
  if (!points.length || !Number.isFinite(threshold)) return null;
  const pts = [...points].sort((a, b) => a.threshold - b.threshold);
  const first = pts[0]!;
  const last = pts[pts.length - 1]!;
  if (threshold <= first.threshold) return { ...first, threshold };
  if (threshold >= last.threshold) return { ...last, threshold };
  let i = 1;
  while (pts[i]!.threshold < threshold) i++;
  const a = pts[i - 1]!;
  const b = pts[i]!;
  const w = (threshold - a.threshold) / (b.threshold - a.threshold);
  const out: Record<string, unknown> = { ...a, threshold };
  for (const k of Object.keys(a) as (keyof P & string)[]) {
    const va = a[k];
    const vb = b[k];
    if (k !== "threshold" && typeof va === "number" && typeof vb === "number") out[k] = va + (vb - va) * w;
  }
  return out as P;
}

/** "0.10 % (about 1 in 1,000)", "0 % (none seen in 300,000)", "2.5 % (about 1 in 40)". */
export function describeRate(rate: number, sample?: number): string {
  if (!Number.isFinite(rate)) return "unknown";
  if (rate <= 0) return sample ? `0 % (none in ${sample.toLocaleString("en-GB")} tries)` : "0 %";
  const pct = rate * 100;
  const pctText = pct >= 10 ? pct.toFixed(0) : pct >= 1 ? pct.toFixed(1) : pct.toPrecision(2);
  const oneIn = 1 / rate;
  const rounded = oneIn >= 100 ? Number(oneIn.toPrecision(2)) : Math.round(oneIn);
  return `${pctText} % (about 1 in ${rounded.toLocaleString("en-GB")})`;
}
