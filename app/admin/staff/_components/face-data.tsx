"use client";

// A person's face data: release a held enrolment, start a re-enrolment, or delete their biometric data
// (templates and stored photos) with a reason. On the person's page, and `compact` in a row of the staff list.
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { ActionButton } from "@/app/_components/ui/action-button";
import { deleteBiometricsAction, releaseHoldAction, resetEnrolmentAction } from "../actions";
import type { Enrolment } from "@/lib/db/schema";

export function FaceDataControls({
  userId,
  name,
  enrolment,
  templates,
  compact = false,
}: {
  userId: string;
  name: string;
  enrolment: Enrolment;
  templates: number;
  compact?: boolean;
}) {
  const ids = useId();
  const size = compact ? "px-2 py-1 text-xs" : "px-3 py-1.5 text-xs";
  const [pending, start] = useTransition();
  const [reason, setReason] = useState("");
  const [msg, setMsg] = useState<{ ok: boolean; text: string; field?: string } | null>(null);
  const router = useRouter();
  return (
    <div className={compact ? "space-y-2" : "space-y-4"}>
      <div className={`flex flex-wrap gap-2 ${compact ? "justify-end" : ""}`}>
        {enrolment === "held" && (
          <ActionButton
            action={releaseHoldAction}
            input={{ userId }}
            className={`btn-primary ${size}`}
            confirm={`Release ${name}'s enrolment? Do this only after checking the face is not another person's.`}
          >
            Release hold
          </ActionButton>
        )}
        {(enrolment !== "none" || templates > 0) && (
          <ActionButton
            action={resetEnrolmentAction}
            input={{ userId }}
            className={`btn-secondary ${size}`}
            confirm={`Start a re-enrolment for ${name}? Their face templates are removed; they enrol again on their laptop.`}
            testId={compact ? undefined : "reset-enrolment"}
          >
            Re-enrol
          </ActionButton>
        )}
      </div>
      <details>
        <summary className={`cursor-pointer font-medium text-red-700 hover:underline ${compact ? "text-right text-xs" : "text-sm"}`}>Delete biometric data…</summary>
        <form
          className="mt-3 space-y-2 rounded-lg border border-red-100 bg-red-50/50 p-3"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!window.confirm(`Delete all face templates and stored check-in photos of ${name}? This cannot be undone.`)) return;
            setMsg(null);
            start(async () => {
              const r = await deleteBiometricsAction({ userId, reason });
              if (r.ok) {
                setMsg({ ok: true, text: r.message });
                setReason("");
                router.refresh();
              } else setMsg({ ok: false, text: r.fieldErrors?.reason?.join(" ") ?? r.error, field: r.fieldErrors?.reason ? "reason" : undefined });
            });
          }}
        >
          <p className="text-xs text-slate-600">Removes every face template and stored check-in photo of {name}. Attendance records stay. The deletion is audited.</p>
          <label htmlFor={`${ids}-reason`} className="block text-sm font-medium text-slate-700">
            Reason
          </label>
          <input
            id={`${ids}-reason`}
            className="input"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="e.g. the person's request of 3 March"
            aria-invalid={msg?.field === "reason"}
            aria-describedby={`${ids}-status`}
          />
          <button type="submit" className="btn-danger" disabled={pending} aria-busy={pending}>
            {pending ? "Deleting…" : "Delete biometric data"}
          </button>
        </form>
      </details>
      <p id={`${ids}-status`} role="status" aria-live="polite" className={`${compact ? "text-xs" : "text-sm"} ${msg?.ok ? "text-emerald-700" : "text-red-600"}`}>
        {msg?.text}
      </p>
    </div>
  );
}
