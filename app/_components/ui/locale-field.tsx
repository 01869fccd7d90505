"use client";

// The organisation's locale: how its dates and times are written on every page (lib/format.ts). A select of the
// list the server action validates against (lib/validations/locale.ts), each shown with an example. On sign-up it
// starts at the browser's own language.
import { useSyncExternalStore } from "react";
import type { FormState } from "@/lib/auth/action";
import { LOCALES, localeExample, localeForLanguages, type Locale } from "@/lib/validations/locale";
import { Field, valueOf } from "./form";

const subscribeNever = () => () => {};

/** The listed locale closest to the browser's languages; null while rendering on the server. */
function useBrowserLocale(): Locale | null {
  return useSyncExternalStore(
    subscribeNever,
    () => localeForLanguages(navigator.languages?.length ? navigator.languages : [navigator.language]),
    () => null,
  );
}

export function LocaleField({ state, initial, detect = false }: { state: FormState; initial?: string; detect?: boolean }) {
  const detected = useBrowserLocale();
  const value = valueOf(state, "locale", (detect ? detected : initial) ?? "");
  return (
    <Field label="Date format" name="locale" state={state} hint={detect ? "Detected from this browser's language; pick another if you prefer." : "How dates and times are written on every page."}>
      <select id="locale" name="locale" className="input" defaultValue={value} key={`locale-${value ?? ""}`} aria-describedby="locale-error">
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {localeExample(l)}
          </option>
        ))}
      </select>
    </Field>
  );
}
