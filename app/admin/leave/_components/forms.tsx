"use client";

// Admin forms of the Leave page: a holiday and a leave type (decisions use app/_components/ui/decide-form).
import { useActionState } from "react";
import { Field, FormMessage, SubmitButton, TextInput } from "@/app/_components/ui/form";
import { createHolidayAction, createLeaveTypeAction } from "../actions";

export function HolidayForm() {
  const [state, formAction] = useActionState(createHolidayAction, {});
  return (
    <form action={formAction} className="space-y-3" noValidate data-testid="holiday-form">
      <FormMessage state={state} />
      <div className="grid grid-cols-2 gap-4">
        <Field label="Date" name="date" state={state}>
          <TextInput name="date" type="date" state={state} />
        </Field>
        <Field label="Name" name="name" state={state}>
          <TextInput name="name" state={state} maxLength={80} />
        </Field>
      </div>
      <SubmitButton>Add holiday</SubmitButton>
    </form>
  );
}

export function LeaveTypeForm() {
  const [state, formAction] = useActionState(createLeaveTypeAction, { values: { category: "paid" } });
  return (
    <form action={formAction} className="space-y-3" noValidate data-testid="leave-type-form">
      <FormMessage state={state} />
      <div className="grid grid-cols-3 gap-4">
        <Field label="Name" name="name" state={state}>
          <TextInput name="name" state={state} maxLength={60} />
        </Field>
        <Field label="Kind" name="category" state={state}>
          <select id="category" name="category" className="input" defaultValue={(state.values?.category as string) ?? "paid"} aria-describedby="category-error">
            <option value="paid">Paid</option>
            <option value="unpaid">Unpaid</option>
            <option value="sick">Sick</option>
          </select>
        </Field>
        <Field label="Days a year" name="allowanceDays" state={state} hint="Empty: no allowance">
          <TextInput name="allowanceDays" type="number" state={state} min={0} max={366} step="0.5" />
        </Field>
      </div>
      <SubmitButton>Add leave type</SubmitButton>
    </form>
  );
}
