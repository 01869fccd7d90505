"use client";

import { useActionState } from "react";
import Link from "next/link";
import { Field, FormMessage, SubmitButton, TextInput } from "@/app/_components/ui/form";
import { PasswordInput } from "@/app/_components/ui/password-input";
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
        <PasswordInput name="password" state={state} autoComplete="current-password" />
      </Field>
      <p className="-mt-2 text-right text-sm">
        <Link href="/forgot-password" className="link">
          Forgot password?
        </Link>
      </p>
      {needsOrg && (
        <Field label="Organisation address" name="organisation" state={state}>
          <TextInput name="organisation" state={state} placeholder="acme-ltd" />
        </Field>
      )}
      <SubmitButton className="btn-primary w-full">Sign in</SubmitButton>
    </form>
  );
}
