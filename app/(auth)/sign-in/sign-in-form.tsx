"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton, TextInput } from "@/app/_components/ui/form";
import { signInAction } from "../actions";

export function SignInForm({ callbackUrl }: { callbackUrl?: string }) {
  const [state, formAction] = useActionState(signInAction, {});
  const needsOrg = !!state.fieldErrors?.organisation || !!state.values?.organisation;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      {callbackUrl && <input type="hidden" name="callbackUrl" value={callbackUrl} />}
      <Field label="Email" name="email" state={state}>
        <TextInput name="email" type="email" state={state} autoComplete="email" required />
      </Field>
      <Field label="Password" name="password" state={state}>
        <TextInput name="password" type="password" state={state} autoComplete="current-password" required />
      </Field>
      {needsOrg && (
        <Field label="Organisation address" name="organisation" state={state}>
          <TextInput name="organisation" state={state} placeholder="acme-ltd" />
        </Field>
      )}
      <SubmitButton className="btn-primary w-full">Sign in</SubmitButton>
    </form>
  );
}
