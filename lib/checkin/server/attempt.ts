// A failure the browser decided (lib/checkin/attempt.ts), reported by the signed-in person's laptop: checked in the
// order of a check-in (rate limits → size → canonical JSON → shape → device → signature → challenge) and written
// as a rejected attempt, which the admins' review queue and the Rejected tab list. Anything that fails a check is
// refused with its reason and nothing is written: an unverified report must not fill the review queue.
import "server-only";
import { recordReportedFailure } from "@/lib/db/queries/attendance-events";
import { getDeviceAndOrganisation } from "@/lib/db/queries/devices";
import type { User } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { failedAttemptLimits, failedAttemptSchema } from "../attempt";
import { parseCanonicalJson } from "../canonical";
import { reasonMessage } from "../reasons";
import type { Submission } from "@/lib/validations/checkin";
import { checkDevice, checkSignature, enforceRateLimits, Rejected } from "./pipeline";
import type { RequestMeta } from "./request-meta";

export interface ReportedAttempt {
  eventId: string;
}

/** Refusals answered as a bad request (what the laptop sent is wrong) or as forbidden (whose it is, or too many). */
function refuse(e: Rejected): never {
  const forbidden = e.reason.startsWith("device-") || e.reason === "bad-signature" || e.reason === "rate-limited";
  throw new AppError(forbidden ? "forbidden" : "bad-input", reasonMessage(e.reason), forbidden ? undefined : { payload: [reasonMessage(e.reason)] });
}

export async function reportFailedCheckin(user: User, orgId: string, sub: Submission, meta: RequestMeta): Promise<ReportedAttempt> {
  try {
    // The same windows as the check-ins themselves: a failure report is an attempt.
    await enforceRateLimits(orgId, [{ name: "checkinUser", subject: user.id }, ...(meta.ip ? [{ name: "checkinIp" as const, subject: meta.ip }] : [])]);
    if (sub.payload.length > failedAttemptLimits.maxChars) throw new Rejected("payload-too-large");
    const parsed = failedAttemptSchema.safeParse(parseCanonicalJson(sub.payload));
    if (!parsed.success) throw new Rejected("malformed-payload", parsed.error.issues.map((i) => i.path.join(".")).join(", "));
    const a = parsed.data;
    const { device } = await getDeviceAndOrganisation(orgId, a.deviceId);
    const approved = checkDevice(device, { kind: "personal", userId: user.id });
    await enforceRateLimits(orgId, [{ name: "checkinDevice", subject: approved.id }]);
    await checkSignature(approved, sub);
    const r = await recordReportedFailure({
      orgId,
      userId: user.id,
      deviceId: approved.id,
      challengeId: a.challengeId,
      nonce: a.nonce,
      attempt: a.attempt,
      reason: a.reason,
      liveness: { passed: false, failed: a.failedRules, frames: a.frames, durationMs: a.durationMs },
      antispoof: a.antispoofScore ?? null,
      ip: meta.ip,
      userAgent: meta.userAgent,
      graceMs: failedAttemptLimits.graceMs,
    });
    if ("refused" in r) throw new Rejected(r.refused);
    return { eventId: r.eventId };
  } catch (e) {
    if (e instanceof Rejected) refuse(e);
    throw e;
  }
}
