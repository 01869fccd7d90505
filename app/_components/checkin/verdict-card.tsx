"use client";

import type { Verdict } from "@/lib/checkin/reasons";

/**
 * The outcome of a check-in, in words the person can act on: green for a recorded punch, neutral for a scan that
 * changed nothing, amber for a refusal. (A kiosk's "identified" answer is the kiosk's own choice screen.)
 */
export function VerdictCard({ verdict, onAgain }: { verdict: Verdict; onAgain?: () => void }) {
  if (verdict.status === "accepted")
    return (
      <div role="status" aria-live="polite" className="rounded-xl border border-emerald-200 bg-emerald-50 p-6 text-center" data-testid="verdict-accepted" data-kind={verdict.kind}>
        <p className="text-3xl font-semibold text-emerald-800">{verdict.message}</p>
        {verdict.name && <p className="mt-2 text-sm text-emerald-700">{verdict.name}</p>}
        {onAgain && (
          <button type="button" className="btn-secondary mt-4" onClick={onAgain}>
            Done
          </button>
        )}
      </div>
    );
  if (verdict.status === "unchanged" || verdict.status === "identified")
    return (
      <div role="status" aria-live="polite" className="rounded-xl border border-slate-200 bg-slate-50 p-6 text-center" data-testid="verdict-unchanged">
        <p className="text-lg font-medium text-slate-800">{verdict.message}</p>
        {verdict.name && <p className="mt-2 text-sm text-slate-600">{verdict.name}</p>}
        {onAgain && (
          <button type="button" className="btn-secondary mt-4" onClick={onAgain}>
            Done
          </button>
        )}
      </div>
    );
  return (
    <div role="alert" className="rounded-xl border border-amber-200 bg-amber-50 p-6" data-testid="verdict-rejected" data-reason={verdict.reason}>
      <p className="text-lg font-semibold text-amber-900">Not checked in</p>
      <p className="mt-1 text-sm text-amber-800">{verdict.message}</p>
      {onAgain && (
        <button type="button" className="btn-primary mt-4" onClick={onAgain}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Spinner({ label }: { label: string }) {
  return (
    <p className="flex items-center gap-3 text-sm text-slate-600" role="status" aria-live="polite">
      <span className="inline-block h-4 w-4 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600" aria-hidden />
      {label}
    </p>
  );
}

export function ExpiryCountdown({ expiresAt }: { expiresAt: string }) {
  // Rendered inside a component that re-renders every second while capturing.
  const left = Math.max(0, Math.round((Date.parse(expiresAt) - Date.now()) / 1000));
  return <span className={left < 15 ? "text-amber-700" : "text-slate-500"}>{left} s left</span>;
}
