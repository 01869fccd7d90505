// A failed check-in attempt the browser decided (no face, a step not done in time, a suspected photo, a stalled
// analysis…), reported to the server so that admins see it in the review queue and the Rejected tab (issue 17).
// The device signs it like a check-in (canonical JSON, its P-256 key), bound to the challenge it was made under.
// Pure (no IO): the browser builds it with `buildFailedAttempt`, the server checks it with `failedAttemptSchema`.
// It carries no image and no embedding: the reason, the rules that failed and a few counts.
import { z } from "zod";
import { NONCE_RE } from "./challenge";
import type { RejectReason } from "./reasons";

export const FAILED_ATTEMPT_VERSION = 1;

/** The reasons a browser may report (each has its message in reasons.ts). */
export const browserFailureReasons = [
  "no-face",
  "unclear-view",
  "step-timeout",
  "face-lost",
  "no-capture",
  "session-timeout",
  "spoof-suspected",
  "liveness-failed",
  "capture-stalled",
  "device-too-slow",
] as const satisfies readonly RejectReason[];
export type BrowserFailureReason = (typeof browserFailureReasons)[number];

export const failedAttemptLimits = {
  /** Failed sessions reported under one challenge ("Try again" reuses it), count. */
  maxAttempts: 10,
  /** Largest payload text accepted (characters). */
  maxChars: 2048,
  /** A report may arrive this long after its challenge expired (ms): the failure happened while it was valid. */
  graceMs: 120_000,
} as const;

export interface FailedAttemptPayload {
  v: typeof FAILED_ATTEMPT_VERSION;
  purpose: "check-in-failed";
  challengeId: string;
  nonce: string;
  deviceId: string;
  /** 1 for the challenge's first session, 2 after one "Try again", … (a replay of the same report is refused). */
  attempt: number;
  reason: BrowserFailureReason;
  /** The liveness rules that failed, by name (evaluateLiveness), when the reason came from them. */
  failedRules: string[];
  /** Analysed frames and session length (ms) when it ended. */
  frames: number;
  durationMs: number;
  /** The aggregated anti-spoof real score of the session (0..1), when any frame was scored. */
  antispoofScore?: number;
}

export const failedAttemptSchema = z
  .object({
    v: z.literal(FAILED_ATTEMPT_VERSION),
    purpose: z.literal("check-in-failed"),
    challengeId: z.uuid(),
    nonce: z.string().regex(NONCE_RE),
    deviceId: z.uuid(),
    attempt: z.number().int().min(1).max(failedAttemptLimits.maxAttempts),
    reason: z.enum(browserFailureReasons),
    failedRules: z.array(z.string().regex(/^[a-z0-9-]{1,40}$/)).max(24),
    frames: z.number().int().min(0).max(100_000),
    durationMs: z.number().min(0).max(600_000),
    antispoofScore: z.number().min(0).max(1).optional(),
  })
  .strict();

export type FailedAttemptInput = Omit<FailedAttemptPayload, "v" | "purpose">;

export function buildFailedAttempt(a: FailedAttemptInput): FailedAttemptPayload {
  return {
    v: FAILED_ATTEMPT_VERSION,
    purpose: "check-in-failed",
    ...a,
    frames: Math.max(0, Math.round(a.frames)),
    durationMs: Math.max(0, Math.round(a.durationMs)),
    ...(a.antispoofScore !== undefined && Number.isFinite(a.antispoofScore) ? { antispoofScore: Math.round(a.antispoofScore * 1000) / 1000 } : { antispoofScore: undefined }),
  };
}

/** Liveness rules whose failure points at a photo or a screen rather than a person who could not do the steps. */
const SPOOF_RULES = new Set(["antispoof-score", "face-motion"]);
/** Rules only a machine too busy to analyse enough frames fails. */
const SPEED_RULES = new Set(["frame-rate"]);

/**
 * The reported reason for a liveness verdict the browser refused: a suspected photo or screen, a device too slow
 * for the rules (and nothing else wrong), or the movements.
 */
export function livenessFailureReason(failedRules: readonly string[]): BrowserFailureReason {
  if (failedRules.some((r) => SPOOF_RULES.has(r))) return "spoof-suspected";
  if (failedRules.length > 0 && failedRules.every((r) => SPEED_RULES.has(r))) return "device-too-slow";
  return "liveness-failed";
}
