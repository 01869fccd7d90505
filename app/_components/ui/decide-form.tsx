"use client";

// Approve or refuse a pending request (leave, a correction): one reason box, required by the server to refuse.
import { useActionState } from "react";
import type { FormState } from "@/lib/auth/action";

type DecideAction = (state: FormState, form: FormData) => Promise<FormState>;

export function DecideForm({ id, action, testId }: { id: string; action: DecideAction; testId: string }) {
  const [state, formAction] = useActionState(action, {});
  const reasonId = `reason-${id}`;
  return (
    <form action={formAction} className="mt-2 flex flex-wrap items-end gap-2" noValidate data-testid={testId}>
      <input type="hidden" name="id" value={id} />
      <label htmlFor={reasonId} className="sr-only">
        Reason
      </label>
      <input id={reasonId} name="reason" className="input max-w-xs" placeholder="Reason (required to refuse)" aria-describedby={`${reasonId}-error`} />
      <button type="submit" name="decision" value="approve" className="btn-primary">
        Approve
      </button>
      <button type="submit" name="decision" value="refuse" className="btn-secondary">
        Refuse
      </button>
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

/** The decide form, or why this admin may not decide it (their own request, an owner's): lib/auth/separation.ts. */
export function DecideOrNote({ refusal, children }: { refusal: string | null; children: React.ReactNode }) {
  if (!refusal) return children;
  return (
    <p className="mt-2 text-xs text-slate-500" data-testid="decide-not-yours">
      {refusal}
    </p>
  );
}
