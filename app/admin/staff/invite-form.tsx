"use client";

// Invite a person: name, email, role. The single-use link is shown once (only its hash is stored) to copy,
// and e-mailed when SMTP is configured.
import { formatDate, type OrgClock } from "@/lib/format";
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { inviteMemberAction } from "./actions";

type Result = { link: string; delivery: "smtp" | "outbox" | "none" | "failed"; expiresAt: string };

const deliveryText: Record<Result["delivery"], string> = {
  smtp: "We e-mailed the link too.",
  outbox: "No mail server is configured: the mail went to the development outbox. Copy the link and send it yourself.",
  none: "No mail server is configured: copy the link and send it yourself.",
  failed: "Sending the e-mail failed: copy the link and send it yourself.",
};

export function InviteForm({ canInviteAdmins, clock }: { canInviteAdmins: boolean; clock: OrgClock }) {
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [copied, setCopied] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const router = useRouter();

  return (
    <div className="space-y-4">
      <form
        ref={form}
        className="grid gap-4 sm:grid-cols-[1fr_1fr_auto_auto] sm:items-start"
        noValidate
        data-testid="invite-form"
        onSubmit={(e) => {
          e.preventDefault();
          const fd = new FormData(e.currentTarget);
          setError(null);
          setErrors({});
          setResult(null);
          setCopied(false);
          start(async () => {
            const r = await inviteMemberAction({ name: fd.get("name"), email: fd.get("email"), role: fd.get("role") });
            if (r.ok) {
              setResult(r.data as Result);
              form.current?.reset();
              router.refresh();
            } else {
              setError(r.error);
              setErrors(r.fieldErrors ?? {});
            }
          });
        }}
      >
        <div className="space-y-1">
          <label htmlFor="invite-name" className="block text-sm font-medium text-slate-700">
            Name
          </label>
          <input id="invite-name" name="name" className="input" placeholder="Name" autoComplete="off" required aria-invalid={!!errors.name} aria-describedby="invite-name-error" />
          <p id="invite-name-error" aria-live="polite" className="text-xs text-red-600">
            {errors.name?.join(" ")}
          </p>
        </div>
        <div className="space-y-1">
          <label htmlFor="invite-email" className="block text-sm font-medium text-slate-700">
            Email
          </label>
          <input id="invite-email" name="email" type="email" className="input" placeholder="name@company.com" autoComplete="off" required aria-invalid={!!errors.email} aria-describedby="invite-email-error" />
          <p id="invite-email-error" aria-live="polite" className="text-xs text-red-600">
            {errors.email?.join(" ")}
          </p>
        </div>
        <div className="space-y-1">
          <label htmlFor="invite-role" className="block text-sm font-medium text-slate-700">
            Role
          </label>
          <select id="invite-role" name="role" className="input" defaultValue="employee">
            <option value="employee">Employee</option>
            {canInviteAdmins && <option value="admin">Admin</option>}
          </select>
        </div>
        <div className="sm:pt-6">
          <button type="submit" className="btn-primary w-full" disabled={pending} aria-busy={pending}>
            {pending ? "Inviting…" : "Invite"}
          </button>
        </div>
      </form>
      <div aria-live="polite" role="status">
        {error && <p className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">{error}</p>}
        {result && (
          <div className="space-y-2 rounded-lg bg-emerald-50 px-3 py-3 text-sm text-emerald-900" data-testid="invite-result">
            <p>Invite created. The link works once and expires on {formatDate(result.expiresAt, clock)}. {deliveryText[result.delivery]}</p>
            <div className="flex gap-2">
              <input readOnly value={result.link} className="input font-mono text-xs" aria-label="Invite link" onFocus={(e) => e.currentTarget.select()} data-testid="invite-link" />
              <button
                type="button"
                className="btn-secondary shrink-0"
                onClick={async () => {
                  await navigator.clipboard.writeText(result.link).catch(() => undefined);
                  setCopied(true);
                }}
              >
                {copied ? "Copied" : "Copy"}
              </button>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
