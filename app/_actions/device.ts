"use server";

// Registering a member's laptop: used by enrolment (first laptop) and check-in (a new laptop after enrolment).
import { action } from "@/lib/auth/action";
import { MEMBERS } from "@/lib/auth/guard";
import { CONSENT_VERSION } from "@/lib/checkin/consent";
import { currentConsent } from "@/lib/db/queries/consents";
import { registerPersonalDevice } from "@/lib/db/queries/devices";
import { AppError } from "@/lib/errors";
import { registerDeviceSchema } from "@/lib/validations/devices";

/** Registers this laptop's public key (the private key never leaves the browser). */
export const registerDeviceAction = action(
  { schema: registerDeviceSchema, roles: MEMBERS },
  async ({ name, publicKeyJwk }, { user, orgId }) => {
    const consent = await currentConsent(orgId, user.id);
    if (!consent || consent.textVersion !== CONSENT_VERSION) throw new AppError("forbidden", "Please accept the biometric consent first.");
    const device = await registerPersonalDevice({ orgId, userId: user.id, name, jwk: publicKeyJwk });
    return { deviceId: device.id, approved: !!device.approvedAt && !device.revokedAt };
  },
);
