"use client";

// Puts a person on a shift on some weekdays over a date range. Overlaps with their other assignments, an end
// before the start and ids of another organisation come back as field errors; nothing is written then.
import { useActionState } from "react";
import { Field, FormMessage, SubmitButton, TextInput, valueOf } from "@/app/_components/ui/form";
import { weekdayNames } from "@/lib/validations/settings";
import { createAssignmentAction } from "../actions";

interface Option {
  id: string;
  name: string;
}

export function AssignmentForm({ people, templates, today }: { people: Option[]; templates: Option[]; today: string }) {
  const [state, formAction] = useActionState(createAssignmentAction, { values: { from: today, weekdays: ["1", "2", "3", "4", "5"] } });
  const days = (state.values?.weekdays as string[] | undefined) ?? [];
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
    <form action={formAction} className="space-y-4" noValidate data-testid="assignment-form">
      <FormMessage state={state} />
      <div className="grid gap-4 sm:grid-cols-2">
        {select("userId", people, "Person")}
        {select("templateId", templates, "Shift")}
      </div>
      <fieldset>
        <legend className="mb-1 block text-sm font-medium text-slate-700">Weekdays</legend>
        <div className="flex flex-wrap gap-2">
          {weekdayNames.map((d, i) => (
            <label key={d} className="flex items-center gap-1.5 rounded-lg border border-slate-300 px-2.5 py-1.5 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50">
              <input type="checkbox" name="weekdays" value={String(i + 1)} defaultChecked={days.includes(String(i + 1))} key={`${d}-${days.join()}`} />
              {d}
            </label>
          ))}
        </div>
        <p aria-live="polite" className="mt-1 text-xs text-red-600" data-testid="weekdays-error">
          {state.fieldErrors?.weekdays?.join(" ")}
        </p>
      </fieldset>
      <div className="grid grid-cols-2 gap-4">
        <Field label="From" name="from" state={state}>
          <TextInput name="from" type="date" state={state} />
        </Field>
        <Field label="To (optional)" name="to" state={state} hint="Leave empty for no end">
          <TextInput name="to" type="date" state={state} />
        </Field>
      </div>
      <SubmitButton>Add to rota</SubmitButton>
    </form>
  );
}
