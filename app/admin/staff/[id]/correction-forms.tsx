"use client";

// Forms for corrections: add a missing event, edit an event (a new version supersedes it), void an event.
// Every one needs a reason; errors are announced in aria-live regions (app/_components/form.tsx).
import { useActionState, useId, useState } from "react";
import { Field, FormMessage, SubmitButton, TextInput, valueOf } from "@/app/_components/ui/form";
import { punchKinds, punchLabels, type PunchKind } from "@/lib/attendance/punches";
import type { FormState } from "@/lib/auth/action";
import { addEventAction, editEventAction, voidEventAction } from "./actions";

function KindSelect({ state, id, initial }: { state: FormState; id: string; initial: string }) {
  return (
    <select id={id} name="kind" className="input" defaultValue={valueOf(state, "kind", initial)} key={valueOf(state, "kind", initial)} aria-describedby={`${id}-error`}>
      {punchKinds.map((k) => (
        <option key={k} value={k}>
          {punchLabels[k]}
        </option>
      ))}
    </select>
  );
}

function ReasonInput({ state, id }: { state: FormState; id: string }) {
  return (
    <textarea
      id={id}
      name="reason"
      rows={2}
      required
      minLength={3}
      maxLength={500}
      className="input"
      placeholder="Why is this change needed?"
      defaultValue={valueOf(state, "reason")}
      aria-invalid={!!state.fieldErrors?.reason}
      aria-describedby={`${id}-error`}
    />
  );
}

/** Field wrapper with ids unique per form instance (several forms share the page). */
function UField({ label, name, state, uid, children }: { label: string; name: string; state: FormState; uid: string; children: React.ReactNode }) {
  const errors = state.fieldErrors?.[name];
  return (
    <div className="space-y-1">
      <label htmlFor={`${uid}-${name}`} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      <p id={`${uid}-${name}-error`} aria-live="polite" className="text-xs text-red-600">
        {errors?.join(" ")}
      </p>
    </div>
  );
}

export function AddEventForm({ userId, defaultDate }: { userId: string; defaultDate: string }) {
  const [state, formAction] = useActionState(addEventAction, {});
  return (
    <form action={formAction} className="space-y-3" noValidate data-testid="add-event-form">
      <FormMessage state={state} />
      <input type="hidden" name="userId" value={userId} />
      <div className="grid grid-cols-2 gap-3">
        <Field label="Date" name="date" state={state}>
          <TextInput name="date" type="date" state={state} defaultValue={defaultDate} required />
        </Field>
        <Field label="Time" name="time" state={state}>
          <TextInput name="time" type="time" state={state} required />
        </Field>
      </div>
      <Field label="Direction" name="kind" state={state}>
        <KindSelect state={state} id="kind" initial="out" />
      </Field>
      <Field label="Reason" name="reason" state={state}>
        <ReasonInput state={state} id="reason" />
      </Field>
      <SubmitButton>Add event</SubmitButton>
    </form>
  );
}

export function EditEventForm({ eventId, date, time, kind }: { eventId: string; date: string; time: string; kind: PunchKind }) {
  const [state, formAction] = useActionState(editEventAction, {});
  const uid = useId();
  return (
    <form action={formAction} className="space-y-3" noValidate data-testid="edit-event-form">
      <FormMessage state={state} />
      <input type="hidden" name="eventId" value={eventId} />
      <div className="grid grid-cols-3 gap-3">
        <UField label="Date" name="date" state={state} uid={uid}>
          <input id={`${uid}-date`} name="date" type="date" className="input" defaultValue={valueOf(state, "date", date)} aria-describedby={`${uid}-date-error`} />
        </UField>
        <UField label="Time" name="time" state={state} uid={uid}>
          <input id={`${uid}-time`} name="time" type="time" className="input" defaultValue={valueOf(state, "time", time)} aria-describedby={`${uid}-time-error`} />
        </UField>
        <UField label="Direction" name="kind" state={state} uid={uid}>
          <KindSelect state={state} id={`${uid}-kind`} initial={kind} />
        </UField>
      </div>
      <UField label="Reason" name="reason" state={state} uid={uid}>
        <ReasonInput state={state} id={`${uid}-reason`} />
      </UField>
      <SubmitButton>Save correction</SubmitButton>
    </form>
  );
}

export function VoidEventForm({ eventId }: { eventId: string }) {
  const [state, formAction] = useActionState(voidEventAction, {});
  const uid = useId();
  return (
    <form action={formAction} className="space-y-3" noValidate data-testid="void-event-form">
      <FormMessage state={state} />
      <input type="hidden" name="eventId" value={eventId} />
      <UField label="Reason" name="reason" state={state} uid={uid}>
        <ReasonInput state={state} id={`${uid}-reason`} />
      </UField>
      <SubmitButton className="btn-danger">Void event</SubmitButton>
    </form>
  );
}

/** Edit and Void buttons for one event; the chosen form opens below the event's line (a flex-wrap row). */
export function EventCorrection({ eventId, date, time, kind }: { eventId: string; date: string; time: string; kind: PunchKind }) {
  const [open, setOpen] = useState<"edit" | "void" | null>(null);
  const panel = useId();
  return (
    <>
      <span className="ml-auto flex gap-3">
        <button
          type="button"
          className="text-xs font-medium text-brand-600 hover:underline"
          aria-expanded={open === "edit"}
          aria-controls={panel}
          onClick={() => setOpen(open === "edit" ? null : "edit")}
        >
          Edit
        </button>
        <button
          type="button"
          className="text-xs font-medium text-red-700 hover:underline"
          aria-expanded={open === "void"}
          aria-controls={panel}
          onClick={() => setOpen(open === "void" ? null : "void")}
        >
          Void
        </button>
      </span>
      {open && (
        <div id={panel} className={`mt-2 basis-full rounded-lg border p-3 ${open === "edit" ? "border-slate-200 bg-slate-50" : "border-red-100 bg-red-50/50"}`}>
          {open === "edit" ? <EditEventForm eventId={eventId} date={date} time={time} kind={kind} /> : <VoidEventForm eventId={eventId} />}
        </div>
      )}
    </>
  );
}
