"use client";

// A button that runs a message action (built with `messageAction()`: structured input, a sentence back), with an
// optional confirmation, a pending state, and the action's message or error announced in an aria-live region next
// to it.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { MessageResult } from "@/lib/auth/action";

export function ActionButton({
  action,
  input,
  children,
  className = "btn-secondary",
  confirm,
  pendingLabel = "Working…",
  testId,
}: {
  action: (input: unknown) => Promise<MessageResult>;
  input: unknown;
  children: React.ReactNode;
  className?: string;
  /** Asked with window.confirm before running (irreversible or disruptive actions). */
  confirm?: string;
  pendingLabel?: string;
  testId?: string;
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
              setMsg({ ok: true, text: r.message });
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
