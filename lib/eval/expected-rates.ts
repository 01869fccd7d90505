// What a recognition threshold means, from the measured operating points (lib/eval/operating-points.json,
// written by `npm run eval:verify -- … --write-operating-points` and `npm run eval:pad -- …`; see
// docs/model-card.md). Pure (the JSON is bundled); used by the admin Settings form.
import table from "@/lib/eval/operating-points.json";
import { interpolateAt, type AntispoofPoint, type MatchPoint, type OperatingPoints } from "@/lib/eval/operating-points";

export const operatingPoints: OperatingPoints = table as OperatingPoints;

/** Expected false-accept (impostor accepted) and false-reject (genuine rejected) rates at a match threshold. */
export function expectedMatchRates(threshold: number, points: OperatingPoints = operatingPoints): MatchPoint | null {
  return points.match ? interpolateAt(points.match.points, threshold) : null;
}

/** Expected attacks accepted (worst attack type) and live faces rejected at an anti-spoof threshold. */
export function expectedAntispoofRates(threshold: number, points: OperatingPoints = operatingPoints): AntispoofPoint | null {
  return points.antispoof ? interpolateAt(points.antispoof.points, threshold) : null;
}
