// Challenge content: a random nonce and distinct random liveness steps. Pure apart from the CSPRNG;
// issuing and consuming happen in lib/db/queries/challenges.ts.
import { LIVENESS_STEPS, type LivenessStep } from "@/lib/face/core/liveness-rules";
import { bytesToBase64url } from "./encoding";
import { checkinOptions } from "./options";

export const NONCE_RE = /^[A-Za-z0-9_-]{43}$/;

export function newNonce(bytes = checkinOptions.nonceBytes): string {
  return bytesToBase64url(globalThis.crypto.getRandomValues(new Uint8Array(bytes)));
}

/** A uniform random integer in [0, n) without modulo bias. */
export function randomInt(n: number): number {
  if (!Number.isInteger(n) || n <= 0 || n > 256) throw new RangeError("n must be an integer in 1..256");
  const limit = 256 - (256 % n);
  const b = new Uint8Array(1);
  for (;;) {
    globalThis.crypto.getRandomValues(b);
    if (b[0]! < limit) return b[0]! % n;
  }
}

/**
 * `count` distinct steps in random order (Fisher–Yates) from `from`: the organisation's pool (settings
 * `livenessSteps`), all known steps by default. Unknown or repeated entries in the pool are ignored.
 */
export function pickSteps(
  count = checkinOptions.stepsPerChallenge,
  rand: (n: number) => number = randomInt,
  from: readonly LivenessStep[] = LIVENESS_STEPS,
): LivenessStep[] {
  const pool = LIVENESS_STEPS.filter((s) => from.includes(s));
  if (count < 1 || count > pool.length) throw new RangeError(`count must be 1..${pool.length} (the pool has ${pool.length} steps)`);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = rand(i + 1);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}

/** What the browser receives from beginCheckInAction / beginEnrolCaptureAction. */
export interface IssuedChallenge {
  challengeId: string;
  nonce: string;
  steps: LivenessStep[];
  expiresAt: string;
  deviceId: string;
}
