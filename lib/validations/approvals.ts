// Pay-period approval and employees' correction requests: zod schemas shared by the forms and their server actions.
import { z } from "zod";
import { correctionAskIssues } from "@/lib/attendance/approval";
import { isLocalDate, parseLocalTime } from "@/lib/attendance/local-time";

const localDate = z.string().refine(isLocalDate, "Use a date like 2026-03-31");
const emptyToNull = (v: unknown) => (v === "" || v === undefined ? null : v);
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const optionalTime = z.preprocess(emptyToNull, z.string().regex(HHMM, "Use 24-hour time, e.g. 17:30").nullable());
/** Minutes of a valid "HH:MM", null otherwise (the field's own error says why). */
const minutesOrNull = (t: string | null) => (t && HHMM.test(t) ? parseLocalTime(t) : null);
const reason = z.string().trim().min(3, "Say why (at least 3 characters)").max(500, "At most 500 characters");
const optionalPerson = z.preprocess(emptyToNull, z.uuid("Unknown person").nullable());

/** Approve a pay period (the one starting `from`) for one person, or everyone when `userId` is empty. */
export const approvePeriodSchema = z.object({ from: localDate, userId: optionalPerson });
/** Unlock an approved period (for one person or everyone) so that it can change again: a reason is required. */
export const unlockPeriodSchema = z.object({ from: localDate, userId: optionalPerson, reason });

/**
 * An employee asks for a correction of one of their days (from /me): the check-in and / or check-out time they
 * had. `userId`, when sent, must be the person's own (checked by the action against the session).
 */
export const correctionRequestSchema = z
  .object({ date: localDate, checkIn: optionalTime, checkOut: optionalTime, reason, userId: optionalPerson.optional() })
  .superRefine((v, ctx) => {
    // Zod runs this even when a field failed: a malformed time is that field's error, not a missing one.
    if ((v.checkIn && !HHMM.test(v.checkIn)) || (v.checkOut && !HHMM.test(v.checkOut))) return;
    const issues = correctionAskIssues({ date: v.date, checkIn: minutesOrNull(v.checkIn), checkOut: minutesOrNull(v.checkOut) });
    for (const [path, messages] of Object.entries(issues ?? {})) for (const message of messages) ctx.addIssue({ code: "custom", path: [path], message });
  });

export const decideCorrectionRequestSchema = z
  .object({
    id: z.uuid("Unknown request"),
    decision: z.enum(["approve", "refuse"], "Approve or refuse"),
    reason: z.preprocess(emptyToNull, z.string().trim().max(500, "At most 500 characters").nullable()),
  })
  .superRefine((v, ctx) => {
    if (v.decision === "refuse" && (!v.reason || v.reason.length < 3)) ctx.addIssue({ code: "custom", path: ["reason"], message: "Say why (at least 3 characters)" });
  });

export type CorrectionRequestInput = z.infer<typeof correctionRequestSchema>;
