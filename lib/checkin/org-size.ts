// Recognition thresholds that follow the organisation's size (pure). With N people enrolled, an unknown face
// at a kiosk has N chances of reaching the threshold, so the kiosk threshold is read from the identification
// table (lib/eval/operating-points.json, `npm run eval:identify -- … --write-operating-points`) at the
// organisation's size and chosen FPIR: an unknown visitor is named as someone at most at that rate. The
// same score is the guard from which another person counts as a plausible match (decision.ts): the 1:1
// margin only bites there, so big organisations do not reject their own people for strangers' near scores.
import type { MatchThresholds } from "@/lib/checkin/decision";
import type { MatchingRecord } from "@/lib/db/schema";
import { operatingPoints } from "@/lib/eval/expected-rates";
import { identificationAt, type IdentificationTable, type KioskFpir } from "@/lib/eval/operating-points";
import { defaultSettings } from "@/lib/validations/settings";

/** FPIR an organisation's kiosks are held to unless it chooses another (one unknown visitor in 1,000). */
export const DEFAULT_KIOSK_FPIR: KioskFpir = defaultSettings.kioskFpir;

export interface SizedThresholds {
  /** Laptop check-ins: the organisation's 1:1 threshold; margin guarded at the kiosk threshold. */
  verify: MatchThresholds;
  /** Kiosk check-ins: the higher of the organisation's threshold and the size's threshold; guard = threshold. */
  kiosk: MatchThresholds;
  /** Expected rates at the kiosk for this size (null without a table). */
  expected: { people: number; fpir: KioskFpir; fnir: number } | null;
}

export function sizedThresholds(
  people: number,
  s: { matchThreshold: number; matchMargin: number; kioskFpir?: KioskFpir },
  table: IdentificationTable | null = operatingPoints.identification ?? null,
): SizedThresholds {
  const fpir = s.kioskFpir ?? DEFAULT_KIOSK_FPIR;
  const at = table ? identificationAt(table.points, people, fpir) : null;
  const kioskThreshold = Math.max(s.matchThreshold, at?.threshold ?? s.matchThreshold);
  return {
    verify: { threshold: s.matchThreshold, margin: s.matchMargin, guard: kioskThreshold },
    kiosk: { threshold: kioskThreshold, margin: s.matchMargin, guard: kioskThreshold },
    expected: at ? { people, fpir, fnir: at.fnir } : null,
  };
}

/** The record kept with each event of how it was matched (today: best template, one frame). */
export function matchingRecord(t: MatchThresholds, people: number, frames = 1): MatchingRecord {
  return { templates: "best", probe: frames > 1 ? "mean-of-frames" : "single-frame", frames, threshold: t.threshold, guard: t.guard, people };
}
