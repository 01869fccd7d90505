"use client";

// A leave form: an employee asking for themselves (/me) or an admin recording leave for someone (with a person
// picker). Field errors (unknown type, last day before the first, half a day over several days, an overlap) are
// announced next to their field.
import { useActionState } from "react";
import { Field, FormMessage, SubmitButton, TextInput, valueOf } from "@/app/_components/ui/form";
import type { FormState } from "@/lib/auth/action";

interface Option {
  id: string;
  name: string;
}

export function LeaveForm({
  action,
  types,
  people,
  today,
  submitLabel,
}: {
  action: (prev: FormState, fd: FormData) => Promise<FormState>;
  types: Option[];
  people?: Option[];
  today: string;
  submitLabel: string;
}) {
  const [state, formAction] = useActionState(action, { values: { from: today, to: today } });
  const select = (name: string, options: Option[], label: string) => (
    <Field label={label} name={name} state={state}>
      <select id={name} name={name} className="input" defaultValue={valueOf(state, name)} key={valueOf(state, name)} aria-describedby={`${name}-error`}>
        <option value="">Choose…</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </Field>
  );
  return (
    <form action={formAction} className="space-y-4" noValidate data-testid="leave-form">
      <FormMessage state={state} />
      <div className="grid gap-4 sm:grid-cols-2">
        {people && select("userId", people, "Person")}
        {select("typeId", types, "Type")}
      </div>
      <div className="grid grid-cols-3 gap-4">
        <Field label="First day" name="from" state={state}>
          <TextInput name="from" type="date" state={state} />
        </Field>
        <Field label="Last day" name="to" state={state}>
          <TextInput name="to" type="date" state={state} />
        </Field>
        <Field label="Half day" name="half" state={state}>
          <select id="half" name="half" className="input" defaultValue={valueOf(state, "half")} key={`half-${valueOf(state, "half")}`} aria-describedby="half-error">
            <option value="">Whole day(s)</option>
            <option value="am">Morning</option>
            <option value="pm">Afternoon</option>
          </select>
        </Field>
      </div>
      <Field label="Note (optional)" name="note" state={state}>
        <TextInput name="note" state={state} maxLength={500} />
      </Field>
      <SubmitButton>{submitLabel}</SubmitButton>
    </form>
  );
}
