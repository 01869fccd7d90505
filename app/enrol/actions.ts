"use server";

import { action } from "@/lib/auth/action";
import { MEMBERS } from "@/lib/auth/guard";
import { CONSENT_VERSION } from "@/lib/checkin/consent";
import { beginEnrolCapture, completeEnrolCapture, remainingPoses } from "@/lib/checkin/server/enrol";
import { requestMeta } from "@/lib/checkin/server/request-meta";
import { currentConsent, recordConsent } from "@/lib/db/queries/consents";
import { deviceIdSchema, noInputSchema } from "@/lib/validations/common";
import { submissionSchema } from "@/lib/validations/checkin";
import { consentSchema } from "@/lib/validations/enrolment";

/** Records acceptance of the current consent text (version, time and IP). */
export const acceptConsentAction = action({ schema: consentSchema, roles: MEMBERS }, async ({ version }, { user, orgId }) => {
  const { ip } = await requestMeta();
  const row = await recordConsent({ orgId, userId: user.id, version, ip });
  return { version: row.textVersion, acceptedAt: row.acceptedAt.toISOString() };
});

export const beginEnrolCaptureAction = action({ schema: deviceIdSchema, roles: MEMBERS }, async ({ deviceId }, { user, orgId }) =>
  beginEnrolCapture(user, orgId, deviceId),
);

export const completeEnrolCaptureAction = action({ schema: submissionSchema, roles: MEMBERS }, async (input, { user, orgId }) =>
  completeEnrolCapture(user, orgId, input, await requestMeta()),
);

/** Where the person stands: consent, enrolment state, poses still to capture. */
export const enrolmentStatusAction = action({ schema: noInputSchema, roles: MEMBERS }, async (_input, { user, orgId }) => {
  const consent = await currentConsent(orgId, user.id);
  return {
    consented: consent?.textVersion === CONSENT_VERSION,
    enrolment: user.enrolment,
    remaining: user.enrolment === "none" ? await remainingPoses(orgId, user.id) : [],
  };
});
