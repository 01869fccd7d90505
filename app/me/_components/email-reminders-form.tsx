"use client";

// The person's e-mail choice: missed check-out reminders, leave decisions and (admins) the daily digest.
import { useActionState } from "react";
import { FormMessage, SubmitButton } from "@/app/_components/ui/form";
import type { FormState } from "@/lib/auth/action";

export function EmailRemindersForm({ action, on, isAdmin }: { action: (prev: FormState, fd: FormData) => Promise<FormState>; on: boolean; isAdmin: boolean }) {
  const [state, formAction] = useActionState(action, {});
  // After a save the action echoes the checkbox (absent when unticked); before, the stored choice.
  const checked = state.values ? state.values.emailReminders === "on" : on;
  return (
    <form action={formAction} className="space-y-3" data-testid="email-reminders-form">
      <FormMessage state={state} />
      <label className="flex items-start gap-3 text-sm">
        <input type="checkbox" name="emailReminders" defaultChecked={checked} key={String(checked)} className="mt-1 h-4 w-4" />
        <span>
          <span className="font-medium text-slate-800">E-mail me reminders</span>
          <span className="block text-slate-600">
            A reminder when I forget to check out after my shift, and the decision on my leave requests
            {isAdmin ? ", plus the daily attendance digest." : "."}
          </span>
        </span>
      </label>
      <SubmitButton className="btn-secondary">Save</SubmitButton>
    </form>
  );
}
