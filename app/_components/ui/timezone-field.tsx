"use client";

// The organisation's timezone: a text box that searches the server's list as you type (a native datalist), the
// same list the server action validates against (lib/validations/timezone.ts). On sign-up it starts at the
// browser's own timezone.
import { useSyncExternalStore } from "react";
import type { FormState } from "@/lib/auth/action";
import { Field, TextInput } from "./form";

const subscribeNever = () => () => {};

/** The browser's timezone ("UTC" when it names none); "" while rendering on the server. The server maps aliases. */
function useBrowserTimezone(): string {
  return useSyncExternalStore(
    subscribeNever,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC",
    () => "",
  );
}

export function TimezoneField({ state, timezones, detect = false }: { state: FormState; timezones: readonly string[]; detect?: boolean }) {
  const detected = useBrowserTimezone();
  return (
    <Field
      label="Timezone"
      name="timezone"
      state={state}
      hint={detect ? "Detected from this browser; type to pick another, e.g. Europe/London." : "Type to search, e.g. Europe/London."}
    >
      <TextInput name="timezone" state={state} list="timezones" autoComplete="off" spellCheck={false} defaultValue={detect ? detected : ""} />
      <datalist id="timezones">
        {timezones.map((tz) => (
          <option key={tz} value={tz} />
        ))}
      </datalist>
    </Field>
  );
}
