"use client";

import { useActionState, useState } from "react";
import { Field, FormMessage, SubmitButton, TextInput, valueOf } from "@/app/_components/form";
import { thresholdBounds } from "@/lib/validations/settings";
import { updateRecognitionAction } from "./actions";
import { ExpectedAntispoofRates, ExpectedMatchRates } from "./expected-rates";

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
  // What the typed values mean (expected error rates from the model card), updated as the admin types.
  const [match, setMatch] = useState<string | null>(null);
  const [antispoof, setAntispoof] = useState<string | null>(null);
  const matchValue = Number(match ?? valueOf(state, "matchThreshold", String(initial.matchThreshold)));
  const antispoofValue = Number(antispoof ?? valueOf(state, "antispoofThreshold", String(initial.antispoofThreshold)));
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <Field
        label="Match threshold (cosine)"
        name="matchThreshold"
        state={state}
        hint={`Higher = fewer false accepts, more retries. Default ${b.match.default} targets a false-accept rate of 1 in 1,000 (see the model card). Allowed ${b.match.min}–${b.match.max}.`}
      >
        <TextInput
          name="matchThreshold"
          type="number"
          step="0.005"
          min={b.match.min}
          max={b.match.max}
          state={state}
          onChange={(e) => setMatch(e.currentTarget.value)}
        />
        <ExpectedMatchRates threshold={matchValue} />
      </Field>
      <Field
        label="Anti-spoof strictness"
        name="antispoofThreshold"
        state={state}
        hint={`Minimum live score averaged over frames. Higher rejects more photos and screens, and more real faces in poor light. Allowed ${b.antispoof.min}–${b.antispoof.max}.`}
      >
        <TextInput
          name="antispoofThreshold"
          type="number"
          step="0.01"
          min={b.antispoof.min}
          max={b.antispoof.max}
          state={state}
          onChange={(e) => setAntispoof(e.currentTarget.value)}
        />
        <ExpectedAntispoofRates threshold={antispoofValue} />
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
