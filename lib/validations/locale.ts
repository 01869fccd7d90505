// The organisation's locale: how its dates, times and numbers are written on every page and in every export
// (lib/format.ts). The one list the sign-up and Settings forms offer and their server actions accept, the zod
// schema both use, and the choice of a default from the browser's languages. Pure (no I/O).
import { z } from "zod";

/** The locales an organisation can choose: English-speaking regions first, then the largest European ones. */
export const LOCALES = [
  "en-GB",
  "en-US",
  "en-IE",
  "en-CA",
  "en-AU",
  "en-NZ",
  "en-IN",
  "en-ZA",
  "de-DE",
  "de-AT",
  "de-CH",
  "fr-FR",
  "fr-BE",
  "fr-CA",
  "es-ES",
  "es-MX",
  "it-IT",
  "nl-NL",
  "nl-BE",
  "pt-PT",
  "pt-BR",
  "pl-PL",
  "sv-SE",
  "da-DK",
  "nb-NO",
  "fi-FI",
] as const;

export type Locale = (typeof LOCALES)[number];

export const DEFAULT_LOCALE: Locale = "en-GB";

export const LOCALE_MESSAGE = "Choose a date format from the list";

export const isLocale = (s: string): s is Locale => (LOCALES as readonly string[]).includes(s);

export const localeSchema = z
  .string()
  .trim()
  .refine(isLocale, { message: LOCALE_MESSAGE })
  .transform((s) => s as Locale);

/**
 * The best listed locale for a browser's preferred languages (navigator.languages): the first exact match, else the
 * first listed locale of a preferred language (en → en-GB, de → de-DE), else the default.
 */
export function localeForLanguages(languages: readonly string[]): Locale {
  const tags = languages.map((l) => l.trim()).filter(Boolean);
  for (const t of tags) {
    const exact = LOCALES.find((l) => l.toLowerCase() === t.toLowerCase());
    if (exact) return exact;
  }
  for (const t of tags) {
    const lang = t.split("-")[0]!.toLowerCase();
    const same = LOCALES.find((l) => l.startsWith(`${lang}-`));
    if (same) return same;
  }
  return DEFAULT_LOCALE;
}

/** "en-GB — 3 Mar 2026, 14:05": what a form shows for a locale (an example in its own format). */
export function localeExample(locale: Locale, at = new Date(Date.UTC(2026, 2, 3, 14, 5))): string {
  const example = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" }).format(at);
  return `${locale} — ${example}`;
}
