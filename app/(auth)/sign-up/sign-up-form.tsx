"use client";

import { useActionState } from "react";
import { PasswordInput } from "@/app/_components/ui/password-input";
import { LocaleField } from "@/app/_components/ui/locale-field";
import { TimezoneField } from "@/app/_components/ui/timezone-field";
import { Field, FormMessage, SubmitButton, TextInput } from "@/app/_components/ui/form";
import { signUpAction } from "../actions";

export function SignUpForm({ timezones }: { timezones: readonly string[] }) {
  const [state, formAction] = useActionState(signUpAction, {});
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <Field label="Organisation name" name="organisationName" state={state}>
        <TextInput name="organisationName" state={state} autoComplete="organization" required />
      </Field>
      <Field label="Organisation address" name="slug" state={state} hint="Optional: made from the name when empty, e.g. acme-ltd">
        <TextInput name="slug" state={state} placeholder="acme-ltd" />
      </Field>
      <TimezoneField state={state} timezones={timezones} detect />
      <LocaleField state={state} detect />
      <Field label="Your name" name="name" state={state}>
        <TextInput name="name" state={state} autoComplete="name" required />
      </Field>
      <Field label="Work email" name="email" state={state}>
        <TextInput name="email" type="email" state={state} autoComplete="email" required />
      </Field>
      <Field label="Password" name="password" state={state} hint="At least 10 characters, with letters and at least one digit or symbol.">
        <PasswordInput name="password" state={state} autoComplete="new-password" />
      </Field>
      <SubmitButton className="btn-primary w-full">Create organisation</SubmitButton>
    </form>
  );
}
