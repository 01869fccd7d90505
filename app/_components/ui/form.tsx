"use client";

import { useFormStatus } from "react-dom";
import type { FormState } from "@/lib/auth/action";

export function valueOf(state: FormState, name: string, fallback = ""): string {
  const v = state.values?.[name];
  return typeof v === "string" ? v : fallback;
}

export function Field({
  label,
  name,
  state,
  hint,
  children,
}: {
  label: string;
  name: string;
  state: FormState;
  hint?: string;
  children: React.ReactNode;
}) {
  const errors = state.fieldErrors?.[name];
  return (
    <div className="space-y-1">
      <label htmlFor={name} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint && !errors && <p className="text-xs text-slate-500">{hint}</p>}
      <p id={`${name}-error`} aria-live="polite" className="text-xs text-red-600" data-testid={`${name}-error`}>
        {errors?.join(" ")}
      </p>
    </div>
  );
}

export function TextInput({
  name,
  state,
  type = "text",
  defaultValue,
  ...rest
}: { name: string; state: FormState; type?: string; defaultValue?: string } & Omit<
  React.InputHTMLAttributes<HTMLInputElement>,
  "name" | "defaultValue"
>) {
  const invalid = !!state.fieldErrors?.[name];
  return (
    <input
      id={name}
      name={name}
      type={type}
      className="input"
      aria-invalid={invalid}
      aria-describedby={`${name}-error`}
      defaultValue={type === "password" ? undefined : valueOf(state, name, defaultValue)}
      {...rest}
    />
  );
}

export function FormMessage({ state }: { state: FormState }) {
  return (
    <div aria-live="polite" role="status" data-testid="form-message">
      {state.error && <p className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">{state.error}</p>}
      {state.ok && state.message && (
        <p className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-700">{state.message}</p>
      )}
    </div>
  );
}

export function SubmitButton({ children, className = "btn-primary" }: { children: React.ReactNode; className?: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={className} disabled={pending} aria-busy={pending}>
      {pending ? "Working…" : children}
    </button>
  );
}
