"use client";

import { useState } from "react";
import { deleteBiometricsAction, releaseHoldAction, resetEnrolmentAction } from "./actions";
import type { Enrolment } from "@/lib/db/schema";

function useAction() {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const run = async (f: () => Promise<{ ok: boolean; error?: string }>, done: string) => {
    setPending(true);
    setMessage(null);
    const r = await f();
    setPending(false);
    setMessage(r.ok ? done : (r.error ?? "Failed."));
  };
  return { pending, message, run };
}

export function MemberActions({ userId, name, enrolment }: { userId: string; name: string; enrolment: Enrolment }) {
  const { pending, message, run } = useAction();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [reason, setReason] = useState("");
  return (
    <div className="flex flex-wrap items-center justify-end gap-2 text-xs">
      {enrolment === "held" && (
        <button type="button" className="btn-secondary px-2 py-1 text-xs" disabled={pending} onClick={() => run(() => releaseHoldAction({ userId }), "Released.")}>
          Release hold
        </button>
      )}
      {enrolment !== "none" && (
        <button
          type="button"
          className="btn-secondary px-2 py-1 text-xs"
          disabled={pending}
          onClick={() => confirm(`Remove ${name}'s face templates so they enrol again?`) && run(() => resetEnrolmentAction({ userId }), "Re-enrolment started.")}
        >
          Re-enrol
        </button>
      )}
      {!confirmDelete ? (
        <button type="button" className="px-2 py-1 font-medium text-red-700 hover:underline" onClick={() => setConfirmDelete(true)}>
          Delete face data
        </button>
      ) : (
        <span className="flex items-center gap-1">
          <input className="input w-40 py-1 text-xs" placeholder="Reason" value={reason} onChange={(e) => setReason(e.target.value)} aria-label="Reason for deletion" />
          <button
            type="button"
            className="btn-danger px-2 py-1 text-xs"
            disabled={pending || reason.trim().length < 3}
            onClick={() => run(() => deleteBiometricsAction({ userId, reason }), "Face data deleted.").then(() => setConfirmDelete(false))}
          >
            Delete
          </button>
          <button type="button" className="px-1 text-slate-500 hover:underline" onClick={() => setConfirmDelete(false)}>
            Cancel
          </button>
        </span>
      )}
      {message && (
        <span role="status" className="text-slate-600">
          {message}
        </span>
      )}
    </div>
  );
}
