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

/** Organisation sizes (enrolled people) the kiosk table is written at. */
export const KIOSK_PEOPLE_GRID = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000] as const;
/** FPIRs (share of unknown visitors named as someone) an organisation may choose for its kiosks. */
export const KIOSK_FPIRS = [1e-2, 1e-3, 1e-4] as const;
export type KioskFpir = (typeof KIOSK_FPIRS)[number];

export interface IdentificationPoint {
  /** Enrolled people in the organisation. */
  people: number;
  /** Per FPIR target ("0.01", "0.001", "0.0001"): the kiosk threshold and the expected FNIR there. */
  "0.01": { threshold: number; fnir: number };
  "0.001": { threshold: number; fnir: number };
  "0.0001": { threshold: number; fnir: number };
}

/** The kiosk (open-set 1:N) table written by `npm run eval:identify -- … --write-operating-points`. */
export interface IdentificationTable extends OperatingTable<IdentificationPoint> {
  templatesPerPerson: number;
  /** Kiosk margin assumed in the FNIR column. */
  margin: number;
  /** The extrapolation's assumptions, in words. */
  model: string;
}

export interface OperatingPoints {
  match?: OperatingTable<MatchPoint>;
  antispoof?: OperatingTable<AntispoofPoint>;
  identification?: IdentificationTable;
}

/**
 * Threshold and expected FNIR for an organisation of `people` enrolled people at `fpir`: interpolated in
 * log(people) between the table's rows (clamped to its ends; fewer than one person counts as one).
 */
export function identificationAt(points: readonly IdentificationPoint[], people: number, fpir: KioskFpir): { threshold: number; fnir: number } | null {
  if (!points.length || !Number.isFinite(people)) return null;
  const key = String(fpir) as "0.01" | "0.001" | "0.0001";
  const rows = [...points].sort((a, b) => a.people - b.people).map((p) => ({ threshold: Math.log(p.people), t: p[key].threshold, fnir: p[key].fnir }));
  const r = interpolateAt(rows, Math.log(Math.max(1, people)));
  return r ? { threshold: r.t, fnir: r.fnir } : null;
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
