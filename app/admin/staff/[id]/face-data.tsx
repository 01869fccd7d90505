"use client";

// A person's face data: release a held enrolment, start a re-enrolment, or delete their biometric data
// (templates and stored photos) with a reason.
import { countOf } from "@/lib/format";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ActionButton } from "@/app/_components/ui/action-button";
import { deleteBiometrics, releaseHold, resetEnrolment } from "../actions";
import type { Enrolment } from "@/lib/db/schema";

export function FaceDataControls({ userId, name, enrolment, templates }: { userId: string; name: string; enrolment: Enrolment; templates: number }) {
  const [pending, start] = useTransition();
  const [reason, setReason] = useState("");
  const [msg, setMsg] = useState<{ ok: boolean; text: string; field?: string } | null>(null);
  const router = useRouter();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-2">
        {enrolment === "held" && (
          <ActionButton
            action={releaseHold}
            input={{ userId }}
            className="btn-primary px-3 py-1.5 text-xs"
            confirm={`Release ${name}'s enrolment? Do this only after checking the face is not another person's.`}
            successMessage="Enrolment released."
          >
            Release hold
          </ActionButton>
        )}
        {(enrolment !== "none" || templates > 0) && (
          <ActionButton
            action={resetEnrolment}
            input={{ userId }}
            className="btn-secondary px-3 py-1.5 text-xs"
            confirm={`Start a re-enrolment for ${name}? Their face templates are removed; they enrol again on their laptop.`}
            successMessage="Re-enrolment started: they can enrol again."
            testId="reset-enrolment"
          >
            Re-enrol
          </ActionButton>
        )}
      </div>
      <details>
        <summary className="cursor-pointer text-sm font-medium text-red-700 hover:underline">Delete biometric data…</summary>
        <form
          className="mt-3 space-y-2 rounded-lg border border-red-100 bg-red-50/50 p-3"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!window.confirm(`Delete all face templates and stored check-in photos of ${name}? This cannot be undone.`)) return;
            setMsg(null);
            start(async () => {
              const r = await deleteBiometrics({ userId, reason });
              if (r.ok) {
                const d = r.data as { templates: number; crops: number };
                setMsg({ ok: true, text: `Deleted ${countOf(d.templates, "template")} and ${countOf(d.crops, "photo")}. Attendance records stay.` });
                setReason("");
                router.refresh();
              } else setMsg({ ok: false, text: r.fieldErrors?.reason?.join(" ") ?? r.error, field: r.fieldErrors?.reason ? "reason" : undefined });
            });
          }}
        >
          <p className="text-xs text-slate-600">Removes every face template and stored check-in photo of {name}. Attendance records stay. The deletion is audited.</p>
          <label htmlFor="bio-reason" className="block text-sm font-medium text-slate-700">
            Reason
          </label>
          <input
            id="bio-reason"
            className="input"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="e.g. the person's request of 3 March"
            aria-invalid={msg?.field === "reason"}
            aria-describedby="bio-status"
          />
          <button type="submit" className="btn-danger" disabled={pending} aria-busy={pending}>
            {pending ? "Deleting…" : "Delete biometric data"}
          </button>
        </form>
      </details>
      <p id="bio-status" role="status" aria-live="polite" className={`text-sm ${msg?.ok ? "text-emerald-700" : "text-red-600"}`}>
        {msg?.text}
      </p>
    </div>
  );
}
