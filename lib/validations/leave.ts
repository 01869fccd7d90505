// Holidays, leave types and leave requests: zod schemas shared by the forms and their server actions.
import { z } from "zod";
import { leaveCategories, leaveHalves } from "@/lib/attendance/leave";
import { isLocalDate } from "@/lib/attendance/local-time";

const localDate = z.string().refine(isLocalDate, "Use a date like 2026-03-31");
const emptyToNull = (v: unknown) => (v === "" || v === undefined ? null : v);

export const holidaySchema = z.object({
  date: localDate,
  name: z.string().trim().min(1, "Name the holiday").max(80, "At most 80 characters"),
});

export const leaveTypeSchema = z.object({
  name: z.string().trim().min(1, "Name the leave type").max(60, "At most 60 characters"),
  category: z.enum(leaveCategories, "Choose paid, unpaid or sick"),
  allowanceDays: z.preprocess(emptyToNull, z.coerce.number({ error: "Enter a number of days, or leave empty" }).min(0, "Cannot be negative").max(366, "At most 366 days").nullable()),
});

const leaveFields = {
  typeId: z.uuid("Choose a leave type"),
  from: localDate,
  to: localDate,
  half: z.preprocess(emptyToNull, z.enum(leaveHalves, "Choose morning or afternoon").nullable()),
  note: z.preprocess(emptyToNull, z.string().trim().max(500, "At most 500 characters").nullable()),
};

type LeaveFields = { from: string; to: string; half: string | null };
function checkRange(v: LeaveFields, ctx: z.RefinementCtx) {
  if (v.to < v.from) ctx.addIssue({ code: "custom", path: ["to"], message: "The last day must not be before the first" });
  if (v.half && v.to !== v.from) ctx.addIssue({ code: "custom", path: ["half"], message: "Half a day is for a single day: make the first and last day the same" });
}

/** An employee asks for leave for themselves (from /me). */
export const leaveRequestSchema = z.object(leaveFields).superRefine(checkRange);
/** An admin records leave for someone (approved at once). */
export const recordLeaveSchema = z.object({ ...leaveFields, userId: z.uuid("Choose a person") }).superRefine(checkRange);

export const decideLeaveSchema = z
  .object({
    id: z.uuid("Unknown request"),
    decision: z.enum(["approve", "refuse"], "Approve or refuse"),
    reason: z.preprocess(emptyToNull, z.string().trim().max(500, "At most 500 characters").nullable()),
  })
  .superRefine((v, ctx) => {
    if (v.decision === "refuse" && (!v.reason || v.reason.length < 3)) ctx.addIssue({ code: "custom", path: ["reason"], message: "Say why (at least 3 characters)" });
  });

export type LeaveRequestInput = z.infer<typeof leaveRequestSchema>;
export type RecordLeaveInput = z.infer<typeof recordLeaveSchema>;

export const deleteHolidaySchema = z.object({ date: z.string().refine(isLocalDate, "Unknown date") });
