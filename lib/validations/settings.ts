// Organisation rules: one zod schema shared by the Settings form and its server action.
import { z } from "zod";
import { payPeriodKinds } from "@/lib/attendance/approval";
import { checkinOptions } from "@/lib/checkin/options";
import { KIOSK_FPIRS, type KioskFpir } from "@/lib/eval/operating-points";
import { LIVENESS_STEPS } from "@/lib/face/core/liveness-rules";
export { livenessStepLabels } from "@/lib/face/core/liveness-rules";
import { localeSchema } from "./locale";
import { timezoneSchema } from "./timezone";

export { isIanaTimezone } from "./timezone";

const hhmm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use 24-hour time, e.g. 09:00");

export const minutesOfDay = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/** ISO weekdays: 1 = Monday … 7 = Sunday. */
export const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;
export const weekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

/** Safe bounds within which an organisation may move the recognition thresholds (see docs/model-card.md). */
export const thresholdBounds = {
  match: { min: 0.3, max: 0.6, default: 0.342 },
  antispoof: { min: 0.3, max: 0.95, default: 0.5 },
  margin: { min: 0, max: 0.3, default: 0.05 },
} as const;

/** Hours typed in a form ("8", "7.5", or empty), stored as whole minutes or null. */
const optionalHours = (max: number, tooMany: string) =>
  z.preprocess(
    (v) => (v === "" || v === undefined || v === null ? null : v),
    z.coerce
      .number({ error: "Enter a number of hours, or leave empty" })
      .positive("Must be more than 0")
      .max(max, tooMany)
      .transform((h) => Math.round(h * 60))
      .nullable(),
  );

export const rulesSchema = z
  .object({
    timezone: timezoneSchema,
    /** How the organisation's dates and times are written (lib/validations/locale.ts); absent: unchanged. */
    locale: localeSchema.optional(),
    workDays: z.array(z.coerce.number().int().min(1).max(7)).min(1, "Pick at least one working day").max(7),
    shiftStart: hhmm,
    shiftEnd: hhmm,
    overnight: z.boolean().default(false),
    graceMinutes: z.coerce.number().int().min(0, "Grace cannot be negative").max(240, "At most 240 minutes"),
    /** Punched breaks count as worked time (false: breaks are unpaid). */
    paidBreaks: z.boolean().default(false),
    /** Overtime thresholds in hours (stored as minutes); empty = none. */
    overtimeDailyMinutes: optionalHours(24, "A day has at most 24 hours"),
    overtimeWeeklyMinutes: optionalHours(168, "A week has at most 168 hours"),
    /** What an admin approves at once (lib/attendance/approval.ts): an ISO week or a calendar month. */
    payPeriod: z.enum(payPeriodKinds, "Choose week or month").default("month"),
  })
  .superRefine((v, ctx) => {
    const start = minutesOfDay(v.shiftStart);
    const end = minutesOfDay(v.shiftEnd);
    if (!v.overnight && end <= start)
      ctx.addIssue({ code: "custom", path: ["shiftEnd"], message: "Shift end must be after shift start (or mark the shift as overnight)" });
    if (v.overnight && end >= start)
      ctx.addIssue({ code: "custom", path: ["shiftEnd"], message: "An overnight shift ends the next day, before its start time" });
  });

/** Fewest distinct liveness steps an organisation may keep in its pool: each challenge draws this many. */
export const MIN_LIVENESS_STEPS = checkinOptions.stepsPerChallenge;


/**
 * The liveness steps a challenge may ask for (each check-in and enrolment capture draws 2 distinct ones at
 * random, in random order). All three by default; an organisation may drop one, e.g. for staff who cannot
 * blink reliably or turn their head. Known steps only, each at most once, at least MIN_LIVENESS_STEPS;
 * stored in LIVENESS_STEPS order. The database refuses anything else too (organisations_liveness_steps_check).
 */
export const livenessStepsSchema = z
  .array(z.enum(LIVENESS_STEPS, { error: "Unknown liveness step" }))
  .max(LIVENESS_STEPS.length, "Each step at most once")
  .refine((v) => new Set(v).size === v.length, "Each step at most once")
  .refine((v) => v.length >= MIN_LIVENESS_STEPS, `Keep at least ${MIN_LIVENESS_STEPS} liveness steps: each check-in asks for 2 different ones`)
  .transform((v) => LIVENESS_STEPS.filter((s) => v.includes(s)));

export const recognitionSchema = z.object({
  matchThreshold: z.coerce.number().min(thresholdBounds.match.min).max(thresholdBounds.match.max),
  antispoofThreshold: z.coerce.number().min(thresholdBounds.antispoof.min).max(thresholdBounds.antispoof.max),
  matchMargin: z.coerce.number().min(thresholdBounds.margin.min).max(thresholdBounds.margin.max),
  livenessSteps: livenessStepsSchema,
  /** Enrolments without a 1:N collision are approved without an admin (default off: every one is reviewed). */
  autoApproveEnrolment: z.boolean().default(false),
  /**
   * The share of unknown visitors a kiosk may take for someone (FPIR); the kiosk threshold follows it and the
   * organisation's size (lib/checkin/org-size.ts). One of KIOSK_FPIRS; default one in 1,000.
   */
  kioskFpir: z.coerce
    .number()
    .refine((v) => (KIOSK_FPIRS as readonly number[]).includes(v), "Choose one of the offered rates")
    .transform((v) => v as KioskFpir)
    .default(1e-3),
});

export const retentionSchema = z.object({
  cropRetentionDays: z.coerce.number().int().min(1).max(3650),
  templateRetentionDays: z.coerce.number().int().min(0).max(3650),
});

export type Rules = z.infer<typeof rulesSchema>;
export type OrgSettings = Omit<Rules, "timezone" | "locale"> &
  z.infer<typeof recognitionSchema> &
  z.infer<typeof retentionSchema> & {
    /** Minutes within which a second accepted scan is the same event. */
    dedupeMinutes: number;
  };

export const defaultSettings: OrgSettings = {
  workDays: [1, 2, 3, 4, 5],
  shiftStart: "09:00",
  shiftEnd: "17:00",
  overnight: false,
  graceMinutes: 5,
  paidBreaks: false,
  overtimeDailyMinutes: null,
  overtimeWeeklyMinutes: null,
  payPeriod: "month",
  matchThreshold: thresholdBounds.match.default,
  antispoofThreshold: thresholdBounds.antispoof.default,
  matchMargin: thresholdBounds.margin.default,
  livenessSteps: [...LIVENESS_STEPS],
  autoApproveEnrolment: false,
  kioskFpir: 1e-3,
  cropRetentionDays: 90,
  templateRetentionDays: 30,
  dedupeMinutes: 5,
};
