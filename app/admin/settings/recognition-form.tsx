"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton, TextInput } from "@/app/_components/form";
import { thresholdBounds } from "@/lib/validations/settings";
import { updateRecognitionAction } from "./actions";

interface Initial {
  matchThreshold: number;
  antispoofThreshold: number;
  matchMargin: number;
  strictMode: boolean;
}

export function RecognitionForm({ initial }: { initial: Initial }) {
  const [state, formAction] = useActionState(updateRecognitionAction, {
    values: {
      matchThreshold: String(initial.matchThreshold),
      antispoofThreshold: String(initial.antispoofThreshold),
      matchMargin: String(initial.matchMargin),
    },
  });
  const b = thresholdBounds;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <Field
        label="Match threshold (cosine)"
        name="matchThreshold"
        state={state}
        hint={`Higher = fewer false accepts, more retries. Default ${b.match.default} targets a false-accept rate of 1 in 1,000 (see the model card). Allowed ${b.match.min}–${b.match.max}.`}
      >
        <TextInput name="matchThreshold" type="number" step="0.005" min={b.match.min} max={b.match.max} state={state} />
      </Field>
      <Field
        label="Anti-spoof strictness"
        name="antispoofThreshold"
        state={state}
        hint={`Minimum live score averaged over frames. Higher rejects more photos and screens, and more real faces in poor light. Allowed ${b.antispoof.min}–${b.antispoof.max}.`}
      >
        <TextInput name="antispoofThreshold" type="number" step="0.01" min={b.antispoof.min} max={b.antispoof.max} state={state} />
      </Field>
      <Field
        label="Margin over the next most similar person"
        name="matchMargin"
        state={state}
        hint={`Guards against look-alikes and buddy punching. Allowed ${b.margin.min}–${b.margin.max}.`}
      >
        <TextInput name="matchMargin" type="number" step="0.01" min={b.margin.min} max={b.margin.max} state={state} />
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="strictMode" defaultChecked={initial.strictMode} /> Strict mode: the server re-checks every face crop
      </label>
      <SubmitButton>Save recognition settings</SubmitButton>
    </form>
  );
}
