// Corrections of attendance events by an admin: every change needs a reason. Date and time are the
// organisation's local wall clock (converted on the server with the organisation's timezone).
import { z } from "zod";
import { punchKinds } from "@/lib/attendance/punches";

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-03-31");
const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use 24-hour time, e.g. 09:00");
const reason = z.string().trim().min(3, "Say why (at least 3 characters)").max(500, "At most 500 characters");
const kind = z.enum(punchKinds, "Choose check in, start break, end break or check out");

export const addEventSchema = z.object({ userId: z.uuid("Unknown person"), date: localDate, time: localTime, kind, reason });
export const editEventSchema = z.object({ eventId: z.uuid("Unknown event"), date: localDate, time: localTime, kind, reason });
export const voidEventSchema = z.object({ eventId: z.uuid("Unknown event"), reason });
export const reviewEventSchema = z.object({ eventId: z.uuid("Unknown event") });

export type AddEventInput = z.infer<typeof addEventSchema>;
export type EditEventInput = z.infer<typeof editEventSchema>;
export type VoidEventInput = z.infer<typeof voidEventSchema>;
