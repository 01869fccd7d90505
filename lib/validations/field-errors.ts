// A zod error as the messages of each top-level field (forms show them next to the field, in aria-live regions).
// Issues about the whole input (no path) are under "_form". Used by actions, route handlers and pages alike.
import type { z } from "zod";

export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
