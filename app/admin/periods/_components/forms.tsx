"use client";

// Pay-period forms: approve (one person or everyone), and unlock with a reason.
import { useActionState, useId } from "react";
import { FormMessage, SubmitButton } from "@/app/_components/ui/form";
import { approvePeriodAction, unlockPeriodAction } from "../actions";

export function ApprovePeriodForm({ from, userId, label }: { from: string; userId?: string; label: string }) {
  const [state, formAction] = useActionState(approvePeriodAction, {});
  return (
    <form action={formAction} className="space-y-2" noValidate data-testid={userId ? "approve-person-form" : "approve-all-form"}>
      <input type="hidden" name="from" value={from} />
      <input type="hidden" name="userId" value={userId ?? ""} />
      <SubmitButton className={userId ? "btn-secondary" : "btn-primary"}>{label}</SubmitButton>
      <FormMessage state={state} />
      {(state.fieldErrors?.from ?? state.fieldErrors?.userId) && <p className="text-xs text-red-600">{(state.fieldErrors.from ?? state.fieldErrors.userId)!.join(" ")}</p>}
    </form>
  );
}

export function UnlockPeriodForm({ from, userId, label }: { from: string; userId?: string; label: string }) {
  const [state, formAction] = useActionState(unlockPeriodAction, {});
  const uid = useId();
  const reasonId = `${uid}-reason`;
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-2" noValidate data-testid={userId ? "unlock-person-form" : "unlock-all-form"}>
      <input type="hidden" name="from" value={from} />
      <input type="hidden" name="userId" value={userId ?? ""} />
      <div className="space-y-1">
        <label htmlFor={reasonId} className="block text-xs font-medium text-slate-700">
          Reason to unlock
        </label>
        <input id={reasonId} name="reason" className="input max-w-xs" aria-describedby={`${reasonId}-error`} aria-invalid={!!state.fieldErrors?.reason} />
      </div>
      <SubmitButton className="btn-secondary">{label}</SubmitButton>
      <p id={`${reasonId}-error`} aria-live="polite" className="w-full text-xs text-red-600">
        {state.fieldErrors?.reason?.join(" ") ?? state.error}
      </p>
      {state.ok && (
        <p className="w-full text-xs text-emerald-700" role="status">
          {state.message}
        </p>
      )}
    </form>
  );
}
