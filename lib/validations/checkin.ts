// The check-in actions' inputs (app/check-in, app/enrol). What is signed inside a payload — its shape, limits and
// the failed-attempt report — is the protocol's and stays in lib/checkin/ (payload.ts, attempt.ts).
import { z } from "zod";
import { punchKinds } from "@/lib/attendance/punches";

/** The field error for a punch that is missing or not valid for where the person stands: nothing is recorded. */
export const PUNCH_REQUIRED = "Choose what to record: check in, start break, end break or check out.";

const punchSchema = z.enum(punchKinds, { error: PUNCH_REQUIRED });

/** A person asks for a challenge on their own laptop, for the punch they chose. */
export const beginCheckInSchema = z.object({ deviceId: z.uuid(), punch: punchSchema });

/** What the caller sends: the canonical payload text and its device signature (base64url P1363). */
export const submissionSchema = z.object({ payload: z.string(), signature: z.string().max(256) });
export type Submission = z.infer<typeof submissionSchema>;

/** What a kiosk signs to ask for a challenge (it has no session: its key is its credential). */
export const kioskBeginSchema = z.object({ deviceId: z.uuid(), ts: z.number().int(), signature: z.string().max(256) });
export type KioskBegin = z.infer<typeof kioskBeginSchema>;

/** What a kiosk signs to record the punch an identified person chose (kioskPunchBytes). */
export const kioskPunchSchema = z.object({
  deviceId: z.uuid(),
  identificationId: z.uuid(),
  punch: punchSchema,
  ts: z.number().int(),
  signature: z.string().max(256),
});
export type KioskPunch = z.infer<typeof kioskPunchSchema>;
