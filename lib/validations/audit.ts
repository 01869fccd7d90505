import { z } from "zod";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const auditFilterSchema = z.object({
  person: z.uuid().optional().or(z.literal("").transform(() => undefined)),
  action: z.string().max(64).regex(/^[a-z.\-]*$/).optional().transform((v) => v || undefined),
  from: isoDate.optional().or(z.literal("").transform(() => undefined)),
  to: isoDate.optional().or(z.literal("").transform(() => undefined)),
});
export type AuditFilterInput = z.infer<typeof auditFilterSchema>;
