// Attempt limits (sliding windows, counted in the rate_limits table by lib/db/queries/rate-limits.ts).
// Per IP the limits are generous on purpose: a whole office shares one address behind NAT and a kiosk serves
// everyone; per user and per device they are tight.

export interface Limit {
  /** Most attempts allowed within the window (count). */
  limit: number;
  /** Window length (seconds). */
  windowSec: number;
}

export const rateLimitRules = {
  /** completeCheckInAction / enrolment captures by one signed-in person. */
  checkinUser: { limit: 12, windowSec: 600 },
  /** By one personal device. */
  checkinDevice: { limit: 12, windowSec: 600 },
  /** By one kiosk (a queue of people at the door). */
  kioskDevice: { limit: 120, windowSec: 60 },
  /** From one IP address (an office behind NAT: 10,000 people in 10 minutes is 1,000 a minute). */
  checkinIp: { limit: 3000, windowSec: 60 },
  /** Challenges issued to one person (beginCheckInAction). */
  beginUser: { limit: 20, windowSec: 600 },
  /** Invite-link look-ups and acceptances from one IP. */
  inviteIp: { limit: 30, windowSec: 600 },
  /** Acceptance attempts with one invite token (a wrong confirmation, a weak password: a few retries). */
  inviteToken: { limit: 10, windowSec: 600 },
  /** Failed sign-ins from one IP, whatever the account (an office behind NAT mistypes too). */
  signInIp: { limit: 30, windowSec: 600 },
  /**
   * Failed sign-ins for one account (email): the `limit`-th locks it (signInLockout); remembered for `windowSec`.
   * Cleared by a successful sign-in or an owner's unlock.
   */
  signInAccount: { limit: 5, windowSec: 86_400 },
  /** Organisations created from one IP. */
  signUpIp: { limit: 10, windowSec: 3600 },
  /** Password-reset requests from one IP, and for one email address. */
  resetIp: { limit: 10, windowSec: 3600 },
  resetEmail: { limit: 3, windowSec: 3600 },
  /** New-password submissions with one reset token, and from one IP. */
  resetToken: { limit: 5, windowSec: 3600 },
} as const satisfies Record<string, Limit>;

export type LimitName = keyof typeof rateLimitRules;

/** The bucket key of a subject under a limit, e.g. "checkinUser:<uuid>". */
export const bucketOf = (name: LimitName, subject: string) => `${name}:${subject}`.slice(0, 200);

/** Progressive lockout after the free failed sign-ins: 1 min, then doubling per further failure, at most 1 h. */
export const signInLockout = { firstSec: 60, maxSec: 3600 } as const;

/**
 * Until when an account is locked, given the times of its failed sign-ins still remembered (any order): the
 * `limit`-th failure locks for firstSec, each one after that for twice as long as the one before, counted from
 * the latest failure; null when not locked at `now`.
 */
export function lockedUntil(failures: readonly Date[], now: Date): Date | null {
  const over = failures.length - rateLimitRules.signInAccount.limit;
  if (over < 0) return null;
  const latest = Math.max(...failures.map((d) => d.getTime()));
  const until = latest + Math.min(signInLockout.firstSec * 2 ** over, signInLockout.maxSec) * 1000;
  return until > now.getTime() ? new Date(until) : null;
}
