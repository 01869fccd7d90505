// Decision rules as pure functions: scores in, verdict out. Cosine similarity everywhere (1 − pgvector's <=>).
import type { RejectReason } from "./reasons";

export interface MatchThresholds {
  /** Least cosine between the probe and the claimed (1:1) or best (kiosk) person's best template. */
  threshold: number;
  /** Least lead over another person who is a plausible match (see `guard`). */
  margin: number;
  /**
   * From this score another person is a plausible match and the margin applies: the kiosk threshold for the
   * organisation's size (an unknown face reaches it with at most the chosen FPIR; lib/checkin/org-size.ts).
   * Someone below it cannot be confused with the claimed person, however many people are enrolled, so the
   * margin no longer rejects genuine people just because a large organisation has a stranger scoring near them.
   */
  guard: number;
}

export interface VerifyInput {
  /** Best cosine of the claimed user's templates, null when they have none. */
  self: number | null;
  /** Best cosine of anyone else's templates in the organisation, null when nobody else is enrolled. */
  other: number | null;
}

export type Decision =
  | { accepted: true; score: number; margin: number | null }
  | { accepted: false; reason: RejectReason; score: number | null; margin: number | null };

/**
 * Another person is a plausible match when they reach the guard, or when they reach the 1:1 threshold and
 * score at least as high as the claimed person (the face is more like someone else's than the claimant's).
 */
export function plausibleOther(self: number, other: number | null, t: MatchThresholds): boolean {
  return other !== null && (other >= t.guard || (other >= t.threshold && other >= self));
}

/**
 * 1:1 with a 1:N guard: accept when self ≥ threshold and, if another person is a plausible match
 * (plausibleOther), self − other ≥ margin.
 */
export function decideVerification(m: VerifyInput, t: MatchThresholds): Decision {
  if (m.self === null || !Number.isFinite(m.self)) return { accepted: false, reason: "not-enrolled", score: null, margin: null };
  const margin = m.other === null ? null : m.self - m.other;
  if (m.self < t.threshold) return { accepted: false, reason: "no-match", score: m.self, margin };
  if (margin !== null && margin < t.margin && plausibleOther(m.self, m.other, t)) return { accepted: false, reason: "ambiguous-match", score: m.self, margin };
  return { accepted: true, score: m.self, margin };
}

export interface Candidate {
  userId: string;
  score: number;
}

export type Identification =
  | { accepted: true; userId: string; score: number; margin: number | null }
  | { accepted: false; reason: RejectReason; userId: string | null; score: number | null; margin: number | null };

/**
 * 1:N (kiosk): the best person must reach the threshold, and lead the second-best person by the margin when
 * the second-best reaches the guard (for the kiosk the guard is its threshold: two people both above it).
 */
export function decideIdentification(candidates: readonly Candidate[], t: MatchThresholds): Identification {
  const best = new Map<string, number>();
  for (const c of candidates) if (Number.isFinite(c.score) && c.score > (best.get(c.userId) ?? -Infinity)) best.set(c.userId, c.score);
  const ranked = [...best].sort((a, b) => b[1] - a[1]);
  const first = ranked[0];
  if (!first) return { accepted: false, reason: "unknown-person", userId: null, score: null, margin: null };
  const second = ranked[1];
  const margin = second ? first[1] - second[1] : null;
  if (first[1] < t.threshold) return { accepted: false, reason: "unknown-person", userId: null, score: first[1], margin };
  if (margin !== null && margin < t.margin && second![1] >= t.guard) return { accepted: false, reason: "ambiguous-match", userId: null, score: first[1], margin };
  return { accepted: true, userId: first[0], score: first[1], margin };
}

/** 1:N at enrolment: another person whose template reaches the threshold is a collision to hold for an admin. */
export function enrolmentCollision(others: readonly Candidate[], threshold: number): Candidate | null {
  let worst: Candidate | null = null;
  for (const c of others) if (c.score >= threshold && (!worst || c.score > worst.score)) worst = c;
  return worst;
}
