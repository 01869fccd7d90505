"use client";

import { useActionState, useState } from "react";
import { Field, FormMessage, SubmitButton, TextInput, valueOf } from "@/app/_components/ui/form";
import { describeRate, KIOSK_FPIRS, type KioskFpir } from "@/lib/eval/operating-points";
import { LIVENESS_STEPS, type LivenessStep } from "@/lib/face/core/liveness-rules";
import { livenessStepLabels, MIN_LIVENESS_STEPS, thresholdBounds } from "@/lib/validations/settings";
import { updateRecognitionAction } from "./actions";
import { ExpectedAntispoofRates, ExpectedMatchRates } from "./expected-rates";

interface Initial {
  matchThreshold: number;
  antispoofThreshold: number;
  matchMargin: number;
  autoApproveEnrolment: boolean;
  livenessSteps: LivenessStep[];
  kioskFpir: KioskFpir;
}

export function RecognitionForm({ initial }: { initial: Initial }) {
  const [state, formAction] = useActionState(updateRecognitionAction, {
    values: {
      matchThreshold: String(initial.matchThreshold),
      antispoofThreshold: String(initial.antispoofThreshold),
      matchMargin: String(initial.matchMargin),
      livenessSteps: initial.livenessSteps,
      kioskFpir: String(initial.kioskFpir),
    },
  });
  const b = thresholdBounds;
  // What the typed values mean (expected error rates from the model card), updated as the admin types.
  const [match, setMatch] = useState<string | null>(null);
  const [antispoof, setAntispoof] = useState<string | null>(null);
  const matchValue = Number(match ?? valueOf(state, "matchThreshold", String(initial.matchThreshold)));
  const antispoofValue = Number(antispoof ?? valueOf(state, "antispoofThreshold", String(initial.antispoofThreshold)));
  // As last submitted (none ticked: the field is absent from the echo).
  const steps = (state.values?.livenessSteps as string[] | undefined) ?? [];
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <Field
        label="Match strictness"
        name="matchThreshold"
        state={state}
        hint={`Higher: someone else is less often taken for this person, and the right person is asked to retry more often. The default ${b.match.default} aims at 1 mistake in 1,000 comparisons. From ${b.match.min} to ${b.match.max}.`}
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
        hint={`How sure the check-in must be that it sees a real face rather than a photo or a screen. Higher stops more photos and screens, and turns away more real faces in poor light. From ${b.antispoof.min} to ${b.antispoof.max}.`}
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
      <fieldset>
        <legend className="mb-1 block text-sm font-medium text-slate-700">Liveness steps</legend>
        <div className="flex flex-wrap gap-2">
          {LIVENESS_STEPS.map((s) => (
            <label key={s} className="flex items-center gap-1.5 rounded-lg border border-slate-300 px-2.5 py-1.5 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50">
              <input type="checkbox" name="livenessSteps" value={s} defaultChecked={steps.includes(s)} key={`${s}-${steps.join()}`} />
              {livenessStepLabels[s]}
            </label>
          ))}
        </div>
        <p className="mt-1 text-xs text-slate-500">
          Each check-in asks for {MIN_LIVENESS_STEPS} of these, at random. Keep all three unless some staff cannot blink reliably or turn their head: with fewer, every
          check-in asks for the same movements, which a prepared video could show.
        </p>
        <p aria-live="polite" className="mt-1 text-xs text-red-600" data-testid="livenessSteps-error">
          {state.fieldErrors?.livenessSteps?.join(" ")}
        </p>
      </fieldset>
      <Field
        label="Kiosks: unknown visitors taken for someone"
        name="kioskFpir"
        state={state}
        hint="At a kiosk the face is compared with everyone enrolled, so the kiosk's threshold rises with the size of your organisation to keep this rate. Rarer means more retries for your own people (see Kiosks and the size of your organisation below)."
      >
        <select
          id="kioskFpir"
          name="kioskFpir"
          defaultValue={valueOf(state, "kioskFpir", String(initial.kioskFpir))}
          key={valueOf(state, "kioskFpir", String(initial.kioskFpir))}
          className="input"
        >
          {KIOSK_FPIRS.map((f) => (
            <option key={f} value={String(f)}>
              At most {describeRate(f)}
            </option>
          ))}
        </select>
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="autoApproveEnrolment" defaultChecked={initial.autoApproveEnrolment} data-testid="auto-approve-enrolment" /> Approve new
        enrolments automatically when the face matches nobody else (otherwise an admin approves each one under Enrolments)
      </label>
      <p className="text-xs text-zinc-500">
        The server always re-checks every face crop with its own models (the embedding it matches is its own).
      </p>
      <SubmitButton>Save recognition settings</SubmitButton>
    </form>
  );
}
