"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton, TextInput } from "@/app/_components/ui/form";
import { requestPasswordResetAction } from "./actions";

export function ForgotPasswordForm() {
  const [state, formAction] = useActionState(requestPasswordResetAction, {});
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <Field label="Email" name="email" state={state}>
        <TextInput name="email" type="email" state={state} autoComplete="email" required />
      </Field>
      <SubmitButton className="btn-primary w-full">Send me a link</SubmitButton>
    </form>
  );
}
