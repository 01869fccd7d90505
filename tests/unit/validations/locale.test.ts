import { describe, expect, it } from "vitest";
import { DEFAULT_LOCALE, LOCALES, localeExample, localeForLanguages, localeSchema } from "@/lib/validations/locale";

describe("organisation locales", () => {
  it("accepts only listed locales, with a message for anything else", () => {
    expect(localeSchema.parse(" en-US ")).toBe("en-US");
    const bad = localeSchema.safeParse("xx-YY");
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe("Choose a date format from the list");
  });

  it("picks the browser's locale, else one of its language, else the default", () => {
    expect(localeForLanguages(["en-US", "en"])).toBe("en-US");
    expect(localeForLanguages(["de-LU", "fr-FR"])).toBe("fr-FR"); // an exact match anywhere beats a language match
    expect(localeForLanguages(["de-LU"])).toBe("de-DE");
    expect(localeForLanguages(["EN-au"])).toBe("en-AU");
    expect(localeForLanguages(["ja-JP"])).toBe(DEFAULT_LOCALE);
    expect(localeForLanguages([])).toBe(DEFAULT_LOCALE);
  });

  it("shows each locale with an example written its own way", () => {
    expect(localeExample("en-GB")).toBe("en-GB — 3 Mar 2026, 14:05");
    expect(localeExample("en-US")).toBe("en-US — Mar 3, 2026, 02:05 PM");
    for (const l of LOCALES) expect(localeExample(l)).toMatch(new RegExp(`^${l} — .*2026`));
  });
});
