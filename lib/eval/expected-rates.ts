// What a recognition threshold means, from the measured operating points (lib/eval/operating-points.json,
// written by `npm run eval:verify -- … --write-operating-points` and `npm run eval:pad -- …`; see
// docs/model-card.md). Pure (the JSON is bundled); used by the admin Settings form.
import table from "@/lib/eval/operating-points.json";
import { identificationAt, interpolateAt, type AntispoofPoint, type KioskFpir, type MatchPoint, type OperatingPoints } from "@/lib/eval/operating-points";

export const operatingPoints: OperatingPoints = table as OperatingPoints;

/** Expected false-accept (impostor accepted) and false-reject (genuine rejected) rates at a match threshold. */
export function expectedMatchRates(threshold: number, points: OperatingPoints = operatingPoints): MatchPoint | null {
  return points.match ? interpolateAt(points.match.points, threshold) : null;
}

/** Expected attacks accepted (worst attack type) and live faces rejected at an anti-spoof threshold. */
export function expectedAntispoofRates(threshold: number, points: OperatingPoints = operatingPoints): AntispoofPoint | null {
  return points.antispoof ? interpolateAt(points.antispoof.points, threshold) : null;
}

/** Organisation sizes shown next to the organisation's own in Settings. */
export const SIZE_EXAMPLES = [100, 1000, 10000] as const;

export interface OrgSizeRates {
  people: number;
  /** Kiosk threshold for this size (never below the organisation's own match threshold). */
  kioskThreshold: number;
  /** Unknown visitors taken for someone (the chosen FPIR). */
  fpir: number;
  /** Enrolled people not recognised at the first try at the kiosk (expected FNIR). */
  fnir: number;
}

/**
 * What the organisation's size means at the kiosk, for `people` and a few example sizes: the threshold that
 * keeps an unknown visitor's chance of being taken for someone at `fpir`, and the expected share of enrolled
 * people asked to try again there. Null without an identification table.
 */
export function orgSizeRates(
  people: number,
  matchThreshold: number,
  fpir: KioskFpir,
  points: OperatingPoints = operatingPoints,
): { own: OrgSizeRates; examples: OrgSizeRates[] } | null {
  const t = points.identification;
  if (!t) return null;
  const at = (n: number): OrgSizeRates | null => {
    const r = identificationAt(t.points, n, fpir);
    return r ? { people: n, kioskThreshold: Math.max(matchThreshold, r.threshold), fpir, fnir: r.fnir } : null;
  };
  const own = at(people);
  if (!own) return null;
  return { own, examples: SIZE_EXAMPLES.map(at).filter((x): x is OrgSizeRates => x !== null) };
}
