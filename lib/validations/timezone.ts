// Timezones: the one list the sign-up and Settings forms offer and their server actions accept (the server's
// Intl data), and the zod schema both use. A browser may name a zone by a newer alias than the server's ICU
// (Asia/Kolkata for Asia/Calcutta, Europe/Kyiv for Europe/Kiev): names are stored in the server's canonical form.
import { z } from "zod";

let cached: readonly string[] | null = null;

/** Every IANA timezone this server knows, sorted, with "UTC" (which Intl lists under Etc/ on some versions). */
export function timezoneList(): readonly string[] {
  if (!cached) cached = Object.freeze([...new Set([...Intl.supportedValuesOf("timeZone"), "UTC"])].sort());
  return cached;
}

/** The server's name for `tz` when it is a timezone it knows (any alias, any case), else null. */
export function canonicalTimezone(tz: string): string | null {
  if (!tz || tz.length > 64) return null;
  try {
    const name = new Intl.DateTimeFormat("en-GB", { timeZone: tz }).resolvedOptions().timeZone;
    return timezoneList().includes(name) ? name : null;
  } catch {
    return null;
  }
}

export const isIanaTimezone = (tz: string): boolean => canonicalTimezone(tz) !== null;

export const TIMEZONE_MESSAGE = "Choose a timezone from the list, e.g. Europe/London";

/** A timezone typed or detected in a form: trimmed, checked against the list, stored by its canonical name. */
export const timezoneSchema = z
  .string()
  .trim()
  .transform((tz, ctx) => {
    const name = canonicalTimezone(tz);
    if (name) return name;
    ctx.addIssue({ code: "custom", message: TIMEZONE_MESSAGE });
    return z.NEVER;
  });
