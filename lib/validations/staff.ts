// Staff management inputs: one schema shared by the forms and their server actions.
import { z } from "zod";
import { roles } from "@/lib/db/schema";
import { emailSchema, nameSchema } from "./auth";

export const setMemberStatusSchema = z.object({
  userId: z.uuid("Unknown person"),
  status: z.enum(["active", "deactivated"]),
});

export const changeRoleSchema = z.object({
  userId: z.uuid("Unknown person"),
  role: z.enum(roles, "Choose a role"),
});

export const staffSorts = ["name", "role", "status", "enrolment", "lastCheckIn"] as const;
export type StaffSort = (typeof staffSorts)[number];

export const staffQuerySchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  sort: z.enum(staffSorts).optional().catch(undefined),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  status: z.enum(["active", "invited", "deactivated"]).optional().catch(undefined),
});
export type StaffQuery = z.infer<typeof staffQuerySchema>;

/** An invite (a "use server" file may export only async functions, so the schema lives here). */
export const inviteSchema = z.object({ name: nameSchema, email: emailSchema, role: z.enum(["employee", "admin"]) });

/** The organisation's employee number of a person (payroll exports); empty clears it. */
export const employeeNumberSchema = z.object({
  userId: z.uuid("Unknown person"),
  employeeNumber: z
    .string()
    .trim()
    .max(32, "At most 32 characters")
    .regex(/^[\p{L}\p{N}._\-/]*$/u, "Letters, digits and . _ - / only")
    .transform((s) => (s === "" ? null : s)),
});

export const inviteIdSchema = z.object({ inviteId: z.uuid() });

/** Deleting a person's templates and photos, with the reason recorded in the audit log. */
export const deleteBiometricsSchema = z.object({ userId: z.uuid(), reason: z.string().trim().min(3, "Say why (e.g. the person's request)").max(300) });
