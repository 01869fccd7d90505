// Attempt limits (sliding windows, counted in the rate_limits table by lib/db/queries/rate-limits.ts).
// Per IP the limits are generous on purpose: a whole office shares one address behind NAT and a kiosk serves
// everyone; per user and per device they are tight.

export interface Limit {
  /** Most attempts allowed within the window (count). */
  limit: number;
  /** Window length (seconds). */
  windowSec: number;
}

export const rateLimits = {
  /** completeCheckIn / enrolment captures by one signed-in person. */
  checkinUser: { limit: 12, windowSec: 600 },
  /** By one personal device. */
  checkinDevice: { limit: 12, windowSec: 600 },
  /** By one kiosk (a queue of people at the door). */
  kioskDevice: { limit: 120, windowSec: 60 },
  /** From one IP address (an office behind NAT: 10,000 people in 10 minutes is 1,000 a minute). */
  checkinIp: { limit: 3000, windowSec: 60 },
  /** Challenges issued to one person (beginCheckIn). */
  beginUser: { limit: 20, windowSec: 600 },
  /** Invite-link look-ups and acceptances from one IP. */
  inviteIp: { limit: 30, windowSec: 600 },
} as const satisfies Record<string, Limit>;

export type LimitName = keyof typeof rateLimits;

/** The bucket key of a subject under a limit, e.g. "checkinUser:<uuid>". */
export const bucketOf = (name: LimitName, subject: string) => `${name}:${subject}`.slice(0, 200);
