"use client";

// Ask an admin to correct one of your days: the time you came in and / or left, and why.
import { useActionState } from "react";
import { Field, FormMessage, SubmitButton, TextInput } from "@/app/_components/ui/form";
import { requestCorrectionAction } from "../actions";

export function CorrectionRequestForm({ today }: { today: string }) {
  const [state, formAction] = useActionState(requestCorrectionAction, { values: { date: today } });
  return (
    <form action={formAction} className="space-y-4" noValidate data-testid="correction-request-form">
      <FormMessage state={state} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Day" name="date" state={state}>
          <TextInput name="date" type="date" state={state} max={today} />
        </Field>
        <Field label="Checked in at" name="checkIn" state={state} hint="Empty: as recorded">
          <TextInput name="checkIn" type="time" state={state} />
        </Field>
        <Field label="Checked out at" name="checkOut" state={state} hint="Empty: as recorded">
          <TextInput name="checkOut" type="time" state={state} />
        </Field>
      </div>
      <Field label="Reason" name="reason" state={state}>
        <TextInput name="reason" state={state} maxLength={500} placeholder="e.g. I forgot to check out" />
      </Field>
      <SubmitButton>Ask for a correction</SubmitButton>
    </form>
  );
}
