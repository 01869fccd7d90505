"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton, TextInput, valueOf } from "@/app/_components/ui/form";
import { LocaleField } from "@/app/_components/ui/locale-field";
import { TimezoneField } from "@/app/_components/ui/timezone-field";
import { payPeriodKindLabels, payPeriodKinds, type PayPeriodKind } from "@/lib/attendance/approval";
import { weekdayNames } from "@/lib/validations/settings";
import { updateRulesAction } from "./actions";

interface Initial {
  timezone: string;
  locale: string;
  workDays: string[];
  shiftStart: string;
  shiftEnd: string;
  overnight: boolean;
  graceMinutes: string;
  paidBreaks: boolean;
  overtimeDailyHours: string;
  overtimeWeeklyHours: string;
  payPeriod: PayPeriodKind;
}

export function RulesForm({ initial, timezones }: { initial: Initial; timezones: readonly string[] }) {
  const [state, formAction] = useActionState(updateRulesAction, {
    values: {
      ...initial,
      overnight: initial.overnight ? "on" : "",
      paidBreaks: initial.paidBreaks ? "on" : "",
      overtimeDailyMinutes: initial.overtimeDailyHours,
      overtimeWeeklyMinutes: initial.overtimeWeeklyHours,
    },
  });
  const days = (state.values?.workDays as string[] | undefined) ?? initial.workDays;
  const overnight = state.values ? state.values.overnight === "on" : initial.overnight;
  const paidBreaks = state.values ? state.values.paidBreaks === "on" : initial.paidBreaks;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <TimezoneField state={state} timezones={timezones} />
      <LocaleField state={state} initial={initial.locale} />
      <fieldset>
        <legend className="mb-1 block text-sm font-medium text-slate-700">Working days</legend>
        <div className="flex flex-wrap gap-2">
          {weekdayNames.map((d, i) => (
            <label key={d} className="flex items-center gap-1.5 rounded-lg border border-slate-300 px-2.5 py-1.5 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50">
              <input type="checkbox" name="workDays" value={String(i + 1)} defaultChecked={days.includes(String(i + 1))} key={`${d}-${days.join()}`} />
              {d}
            </label>
          ))}
        </div>
        <p aria-live="polite" className="mt-1 text-xs text-red-600" data-testid="workDays-error">
          {state.fieldErrors?.workDays?.join(" ")}
        </p>
      </fieldset>
      <div className="grid grid-cols-2 gap-4">
        <Field label="Shift start" name="shiftStart" state={state}>
          <TextInput name="shiftStart" type="time" state={state} />
        </Field>
        <Field label="Shift end" name="shiftEnd" state={state}>
          <TextInput name="shiftEnd" type="time" state={state} />
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="overnight" defaultChecked={overnight} key={String(overnight)} /> Overnight shift (ends the next day)
      </label>
      <Field label="Grace minutes" name="graceMinutes" state={state} hint="Arrivals within this many minutes of the start are on time">
        <TextInput name="graceMinutes" type="number" state={state} min={0} max={240} />
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="paidBreaks" defaultChecked={paidBreaks} key={`paid-${paidBreaks}`} /> Breaks are paid (count punched breaks as
        worked time)
      </label>
      <div className="grid grid-cols-2 gap-4">
        <Field label="Overtime after (hours a day)" name="overtimeDailyMinutes" state={state} hint="Empty: no daily threshold">
          <TextInput name="overtimeDailyMinutes" type="number" state={state} min={0} max={24} step="0.25" />
        </Field>
        <Field label="Overtime after (hours a week)" name="overtimeWeeklyMinutes" state={state} hint="Monday–Sunday; empty: none">
          <TextInput name="overtimeWeeklyMinutes" type="number" state={state} min={0} max={168} step="0.25" />
        </Field>
      </div>
      <Field label="Pay period" name="payPeriod" state={state} hint="What an admin approves at once on the Pay periods page">
        <select id="payPeriod" name="payPeriod" className="input" defaultValue={valueOf(state, "payPeriod", initial.payPeriod)} key={`pp-${valueOf(state, "payPeriod")}`} aria-describedby="payPeriod-error">
          {payPeriodKinds.map((k) => (
            <option key={k} value={k}>
              {payPeriodKindLabels[k]}
            </option>
          ))}
        </select>
      </Field>
      <SubmitButton>Save working hours</SubmitButton>
    </form>
  );
}
