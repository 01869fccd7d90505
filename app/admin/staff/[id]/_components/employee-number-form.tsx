"use client";

// The person's employee number (printed on payroll exports); a number another person has is a field error.
import { useActionState } from "react";
import { Field, FormMessage, SubmitButton, TextInput } from "@/app/_components/ui/form";
import { setEmployeeNumberAction } from "../employee-number-action";

export function EmployeeNumberForm({ userId, initial }: { userId: string; initial: string | null }) {
  const [state, formAction] = useActionState(setEmployeeNumberAction, { values: { employeeNumber: initial ?? "" } });
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-2" noValidate data-testid="employee-number-form">
      <input type="hidden" name="userId" value={userId} />
      <Field label="Employee number" name="employeeNumber" state={state}>
        <TextInput name="employeeNumber" state={state} maxLength={32} />
      </Field>
      <SubmitButton className="btn-secondary">Save</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
