"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/app/_components/ui/form";
import { PasswordInput } from "@/app/_components/ui/password-input";
import { resetPasswordAction } from "./actions";

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, formAction] = useActionState(resetPasswordAction, {});
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      <Field label="New password" name="password" state={state} hint="At least 10 characters, letters mixed with digits or symbols.">
        <PasswordInput name="password" state={state} autoComplete="new-password" />
      </Field>
      <Field label="Repeat the password" name="confirm" state={state}>
        <PasswordInput name="confirm" state={state} autoComplete="new-password" />
      </Field>
      <SubmitButton className="btn-primary w-full">Set the new password</SubmitButton>
    </form>
  );
}
