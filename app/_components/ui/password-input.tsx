"use client";

// A password field with a show/hide toggle (the button says what it will do; aria-pressed says what it does).
// No aria-label on the button: the field's label stays the only thing labelled "Password".
import { useState } from "react";
import type { FormState } from "@/lib/auth/action";
import { TextInput } from "./form";

export function PasswordInput({ name, state, autoComplete }: { name: string; state: FormState; autoComplete: "current-password" | "new-password" }) {
  const [shown, setShown] = useState(false);
  return (
    <div className="relative">
      <TextInput name={name} type={shown ? "text" : "password"} state={state} autoComplete={autoComplete} required className="input pr-16" />
      <button
        type="button"
        className="absolute inset-y-0 right-0 px-3 text-xs font-medium text-brand-600 hover:underline"
        aria-pressed={shown}
        aria-controls={name}
        data-testid={`${name}-toggle`}
        onClick={() => setShown((s) => !s)}
      >
        {shown ? "Hide" : "Show"}
        <span className="sr-only"> password</span>
      </button>
    </div>
  );
}
