// Shift templates and rota assignments: zod schemas shared by the Schedules forms and their server actions.
import { z } from "zod";
import { isLocalDate } from "@/lib/attendance/local-time";
import { shiftTemplateIssues } from "@/lib/attendance/schedule";

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use 24-hour time, e.g. 09:00");
const localDate = z.string().refine(isLocalDate, "Use a date like 2026-03-31");

export const shiftTemplateSchema = z
  .object({
    name: z.string().trim().min(1, "Give the shift a name").max(60, "At most 60 characters"),
    start: hhmm,
    end: hhmm,
    overnight: z.boolean().default(false),
    unpaidBreakMinutes: z.coerce.number({ error: "Enter a number of minutes" }).int("Whole minutes").min(0, "Cannot be negative").max(240, "At most 240 minutes"),
  })
  .superRefine((v, ctx) => {
    for (const [path, message] of Object.entries(shiftTemplateIssues(v))) ctx.addIssue({ code: "custom", path: [path], message });
  });

export const assignmentSchema = z
  .object({
    userId: z.uuid("Choose a person"),
    templateId: z.uuid("Choose a shift"),
    weekdays: z.array(z.coerce.number().int().min(1).max(7)).min(1, "Pick at least one weekday").max(7),
    from: localDate,
    to: z
      .string()
      .trim()
      .transform((s) => (s === "" ? null : s))
      .refine((s) => s === null || isLocalDate(s), "Use a date like 2026-03-31, or leave empty"),
  })
  .superRefine((v, ctx) => {
    if (v.to !== null && v.to < v.from) ctx.addIssue({ code: "custom", path: ["to"], message: "The end date must not be before the start date" });
  })
  .transform((v) => ({ ...v, weekdays: [...new Set(v.weekdays)].sort((a, b) => a - b) }));

export const deleteByIdSchema = z.object({ id: z.uuid("Unknown item") });

export type ShiftTemplateInput = z.infer<typeof shiftTemplateSchema>;
export type AssignmentInput = z.infer<typeof assignmentSchema>;
