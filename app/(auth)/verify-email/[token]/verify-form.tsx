"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton } from "@/app/_components/ui/form";
import { verifyEmailAction } from "./actions";

export function VerifyEmailForm({ token }: { token: string }) {
  const [state, formAction] = useActionState(verifyEmailAction, {});
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      {!state.ok && <SubmitButton className="btn-primary w-full">Confirm my e-mail address</SubmitButton>}
    </form>
  );
}
