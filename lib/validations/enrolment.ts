// Enrolment inputs: the consent, a refused enrolment.
import { z } from "zod";
import { CONSENT_VERSION } from "@/lib/checkin/consent";

/** Acceptance of the consent text the person was shown (a newer text means reloading the page). */
export const consentSchema = z.object({ version: z.literal(CONSENT_VERSION, "The consent text changed: reload the page.") });

export const refuseEnrolmentSchema = z.object({ userId: z.uuid(), reason: z.string().trim().min(3, "Say why (at least 3 characters)").max(300) });
