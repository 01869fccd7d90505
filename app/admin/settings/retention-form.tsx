"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton, TextInput } from "@/app/_components/ui/form";
import { updateRetentionAction } from "./actions";

export function RetentionForm({ initial }: { initial: { cropRetentionDays: number; templateRetentionDays: number } }) {
  const [state, formAction] = useActionState(updateRetentionAction, {
    values: { cropRetentionDays: String(initial.cropRetentionDays), templateRetentionDays: String(initial.templateRetentionDays) },
  });
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <Field label="Keep check-in photos for (days)" name="cropRetentionDays" state={state}>
        <TextInput name="cropRetentionDays" type="number" min={1} max={3650} state={state} />
      </Field>
      <Field label="Delete face templates of deactivated staff after (days)" name="templateRetentionDays" state={state}>
        <TextInput name="templateRetentionDays" type="number" min={0} max={3650} state={state} />
      </Field>
      <SubmitButton>Save retention</SubmitButton>
    </form>
  );
}
