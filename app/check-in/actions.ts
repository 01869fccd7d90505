"use server";

import { action } from "@/lib/auth/action";
import { MEMBERS } from "@/lib/auth/guard";
import { reportFailedCheckin } from "@/lib/checkin/server/attempt";
import { beginCheckin, beginKioskCheckin, completeCheckin, completeKioskCheckin, punchKioskCheckin } from "@/lib/checkin/server/checkin";
import { requestMeta } from "@/lib/checkin/server/request-meta";
import { checkinTrace } from "@/lib/checkin/server/trace";
import { beginCheckInSchema, kioskBeginSchema, kioskPunchSchema, submissionSchema } from "@/lib/validations/checkin";

/**
 * Issues a challenge (nonce, 2 liveness steps, 60 s) bound to the signed-in person, their org and this laptop, for
 * the punch they chose (refused with a field error when it is not a valid next one for them).
 */
export const beginCheckInAction = action(
  { schema: beginCheckInSchema, roles: MEMBERS },
  async ({ deviceId, punch }, { user, orgId }) => beginCheckin(user, orgId, deviceId, "check-in", punch),
);

/** Verifies a signed check-in (issue 5's ordered checks) and records the outcome, accepted or rejected. */
// No revalidatePath here: admin pages are rendered per request and the live feed polls /api/admin/check-ins, so
// revalidating only made every check-in response re-render the caller's /check-in page (measured with
// `npm run bench:server`).
export const completeCheckInAction = action({ schema: submissionSchema, roles: MEMBERS }, async (input, { user, orgId }) => {
  const trace = checkinTrace();
  const verdict = await completeCheckin(user, orgId, input, await requestMeta(), { trace: trace?.mark });
  trace?.done();
  return verdict;
});

/**
 * A failed capture session the browser decided (no face, too slow, suspected photo…), signed by this laptop under
 * the challenge it ran: recorded as a rejected attempt for the admins' review. Refused, with nothing written, when
 * it is malformed, from another person's or an unapproved laptop, badly signed, for another challenge, or a replay.
 */
export const reportFailedCheckInAction = action({ schema: submissionSchema, roles: MEMBERS }, async (input, { user, orgId }) =>
  reportFailedCheckin(user, orgId, input, await requestMeta()),
);

/** Kiosk: a challenge for a request signed with the kiosk's registered key (no person is signed in). */
export const beginKioskCheckInAction = action({ schema: kioskBeginSchema, roles: "public" }, async (input) => beginKioskCheckin(input, await requestMeta()));

/** Kiosk: identifies the person 1:N within the kiosk's organisation, same protocol and checks; records nothing yet. */
export const completeKioskCheckInAction = action({ schema: submissionSchema, roles: "public" }, async (input) =>
  completeKioskCheckin(input, await requestMeta()),
);

/** Kiosk: records the punch the identified person chose, signed by the kiosk (an invalid one is a field error). */
export const kioskPunchAction = action({ schema: kioskPunchSchema, roles: "public" }, async (input) => punchKioskCheckin(input, await requestMeta()));
