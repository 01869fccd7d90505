"use server";

import { z } from "zod";
import { action } from "@/lib/auth/action";
import { MEMBERS } from "@/lib/auth/guard";
import { beginCheckin, beginKioskCheckin, completeCheckin, completeKioskCheckin, kioskBeginSchema } from "@/lib/checkin/server/checkin";
import { submissionSchema } from "@/lib/checkin/server/pipeline";
import { requestMeta } from "@/lib/checkin/server/request-meta";
import { checkinTrace } from "@/lib/checkin/server/trace";

/** Issues a challenge (nonce, 2 liveness steps, 60 s) bound to the signed-in person, their org and this laptop. */
export const beginCheckInAction = action({ schema: z.object({ deviceId: z.uuid() }), roles: MEMBERS }, async ({ deviceId }, { user, orgId }) =>
  beginCheckin(user, orgId, deviceId),
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

/** Kiosk: a challenge for a request signed with the kiosk's registered key (no person is signed in). */
export const beginKioskCheckInAction = action({ schema: kioskBeginSchema, roles: "public" }, async (input) => beginKioskCheckin(input, await requestMeta()));

/** Kiosk: identifies the person 1:N within the kiosk's organisation, same protocol and checks. */
export const completeKioskCheckInAction = action({ schema: submissionSchema, roles: "public" }, async (input) =>
  completeKioskCheckin(input, await requestMeta()),
);
