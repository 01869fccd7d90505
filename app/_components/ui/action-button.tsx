"use client";

// A button that runs a structured server action (built with `action()`), with an optional confirmation, a pending
// state, and the outcome announced in an aria-live region next to it.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

type Result = { ok: true; data: unknown } | { ok: false; error: string };

export function ActionButton({
  action,
  input,
  children,
  className = "btn-secondary",
  confirm,
  pendingLabel = "Working…",
  testId,
  successMessage,
}: {
  action: (input: unknown) => Promise<Result>;
  input: unknown;
  children: React.ReactNode;
  className?: string;
  /** Asked with window.confirm before running (irreversible or disruptive actions). */
  confirm?: string;
  pendingLabel?: string;
  testId?: string;
  /** Shown on success when the action returns no message of its own. */
  successMessage?: string;
}) {
  const [pending, start] = useTransition();
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const router = useRouter();
  return (
    <span className="inline-flex flex-col items-start gap-1">
      <button
        type="button"
        className={className}
        disabled={pending}
        aria-busy={pending}
        data-testid={testId}
        onClick={() => {
          if (confirm && !window.confirm(confirm)) return;
          setMsg(null);
          start(async () => {
            const r = await action(input);
            if (r.ok) {
              setMsg({ ok: true, text: typeof r.data === "string" ? r.data : (successMessage ?? "Done.") });
              router.refresh();
            } else setMsg({ ok: false, text: r.error });
          });
        }}
      >
        {pending ? pendingLabel : children}
      </button>
      <span role="status" aria-live="polite" className={`text-xs ${msg?.ok ? "text-emerald-700" : "text-red-600"}`}>
        {msg?.text}
      </span>
    </span>
  );
}
