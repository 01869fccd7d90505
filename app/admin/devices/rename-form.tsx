"use client";

import { useActionState, useId } from "react";
import { FormMessage, SubmitButton, valueOf } from "@/app/_components/ui/form";
import { renameDeviceAction } from "./actions";

export function RenameDeviceForm({ deviceId, name }: { deviceId: string; name: string }) {
  const [state, formAction] = useActionState(renameDeviceAction, {});
  const uid = useId();
  return (
    <form action={formAction} className="flex flex-col gap-2" noValidate>
      <input type="hidden" name="deviceId" value={deviceId} />
      <label htmlFor={`${uid}-name`} className="text-xs font-medium text-slate-700">
        New name
      </label>
      <div className="flex gap-2">
        <input
          id={`${uid}-name`}
          name="name"
          className="input py-1.5"
          defaultValue={valueOf(state, "name", name)}
          maxLength={60}
          aria-invalid={!!state.fieldErrors?.name}
          aria-describedby={`${uid}-name-error`}
        />
        <SubmitButton className="btn-secondary px-3 py-1.5 text-xs">Save</SubmitButton>
      </div>
      <p id={`${uid}-name-error`} aria-live="polite" className="text-xs text-red-600">
        {state.fieldErrors?.name?.join(" ")}
      </p>
      <FormMessage state={state} />
    </form>
  );
}
