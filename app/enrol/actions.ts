"use server";

import { z } from "zod";
import { action } from "@/lib/auth/action";
import { MEMBERS } from "@/lib/auth/guard";
import { CONSENT_VERSION } from "@/lib/checkin/consent";
import { beginEnrolCapture as beginCapture, completeEnrolCapture as completeCapture, remainingPoses } from "@/lib/checkin/server/enrol";
import { submissionSchema } from "@/lib/checkin/server/pipeline";
import { requestMeta } from "@/lib/checkin/server/request-meta";
import { publicJwkSchema } from "@/lib/checkin/signature";
import { currentConsent, recordConsent } from "@/lib/db/queries/consents";
import { registerPersonalDevice } from "@/lib/db/queries/devices";
import { AppError } from "@/lib/errors";

/** Records acceptance of the current consent text (version, time and IP). */
export const acceptConsent = action({ schema: z.object({ version: z.literal(CONSENT_VERSION, "The consent text changed: reload the page.") }), roles: MEMBERS }, async ({ version }, { user, orgId }) => {
  const { ip } = await requestMeta();
  const row = await recordConsent({ orgId, userId: user.id, version, ip });
  return { version: row.textVersion, acceptedAt: row.acceptedAt.toISOString() };
});

/** Registers this laptop's public key (the private key never leaves the browser). */
export const registerDevice = action(
  { schema: z.object({ name: z.string().trim().min(1).max(80), publicKeyJwk: publicJwkSchema }), roles: MEMBERS },
  async ({ name, publicKeyJwk }, { user, orgId }) => {
    const consent = await currentConsent(orgId, user.id);
    if (!consent || consent.textVersion !== CONSENT_VERSION) throw new AppError("forbidden", "Please accept the biometric consent first.");
    const device = await registerPersonalDevice({ orgId, userId: user.id, name, jwk: publicKeyJwk });
    return { deviceId: device.id, approved: !!device.approvedAt && !device.revokedAt };
  },
);

export const beginEnrolCapture = action({ schema: z.object({ deviceId: z.uuid() }), roles: MEMBERS }, async ({ deviceId }, { user, orgId }) =>
  beginCapture(user, orgId, deviceId),
);

export const completeEnrolCapture = action({ schema: submissionSchema, roles: MEMBERS }, async (input, { user, orgId }) =>
  completeCapture(user, orgId, input, await requestMeta()),
);

/** Where the person stands: consent, enrolment state, poses still to capture. */
export const enrolmentStatus = action({ schema: z.object({}), roles: MEMBERS }, async (_input, { user, orgId }) => {
  const consent = await currentConsent(orgId, user.id);
  return {
    consented: consent?.textVersion === CONSENT_VERSION,
    enrolment: user.enrolment,
    remaining: user.enrolment === "none" ? await remainingPoses(orgId, user.id) : [],
  };
});
