"use client";

// Adds a shift template. Field errors (end before start, a break longer than the shift, a taken name) come from the
// shared zod schema on the server and are announced next to their field.
import { useActionState } from "react";
import { Field, FormMessage, SubmitButton, TextInput } from "@/app/_components/ui/form";
import { createShiftTemplateAction } from "../actions";

export function ShiftTemplateForm() {
  const [state, formAction] = useActionState(createShiftTemplateAction, { values: { start: "09:00", end: "17:00", unpaidBreakMinutes: "30" } });
  const overnight = state.values?.overnight === "on";
  return (
    <form action={formAction} className="space-y-4" noValidate data-testid="shift-template-form">
      <FormMessage state={state} />
      <Field label="Name" name="name" state={state} hint="e.g. Early, Late, Night">
        <TextInput name="name" state={state} maxLength={60} />
      </Field>
      <div className="grid grid-cols-2 gap-4">
        <Field label="Start" name="start" state={state}>
          <TextInput name="start" type="time" state={state} />
        </Field>
        <Field label="End" name="end" state={state}>
          <TextInput name="end" type="time" state={state} />
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="overnight" defaultChecked={overnight} key={String(overnight)} /> Overnight (ends the next day)
      </label>
      <Field label="Unpaid break (minutes)" name="unpaidBreakMinutes" state={state} hint="Deducted from each day worked on this shift, punched or not">
        <TextInput name="unpaidBreakMinutes" type="number" state={state} min={0} max={240} />
      </Field>
      <SubmitButton>Add shift</SubmitButton>
    </form>
  );
}
