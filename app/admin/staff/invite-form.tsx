"use client";

import { useState } from "react";
import { inviteMember } from "./actions";

type Result = { link: string; delivery: string; email: string } | null;

const deliveryNote: Record<string, string> = {
  smtp: "It was e-mailed too.",
  outbox: "In development the e-mail is in the console and at /dev/outbox.",
  none: "No mail server is configured: send the link yourself.",
  failed: "The e-mail could not be sent: send the link yourself.",
};

export function InviteForm() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [result, setResult] = useState<Result>(null);
  const [copied, setCopied] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const fd = new FormData(form);
    setPending(true);
    setError(null);
    setFieldErrors({});
    setCopied(false);
    const r = await inviteMember({ name: fd.get("name"), email: fd.get("email"), role: fd.get("role") });
    setPending(false);
    if (!r.ok) {
      setError(r.error);
      setFieldErrors(r.fieldErrors ?? {});
      return;
    }
    setResult({ link: r.data.link, delivery: r.data.delivery, email: String(fd.get("email")) });
    form.reset();
  }

  const err = (k: string) => (
    <p id={`invite-${k}-error`} aria-live="polite" className="text-xs text-red-600">
      {fieldErrors[k]?.join(" ")}
    </p>
  );

  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-[1fr_1fr_auto_auto] sm:items-start" noValidate>
        <div>
          <label htmlFor="invite-name" className="sr-only">
            Name
          </label>
          <input id="invite-name" name="name" className="input" placeholder="Name" required aria-invalid={!!fieldErrors.name} aria-describedby="invite-name-error" />
          {err("name")}
        </div>
        <div>
          <label htmlFor="invite-email" className="sr-only">
            Email
          </label>
          <input id="invite-email" name="email" type="email" className="input" placeholder="name@company.com" required aria-invalid={!!fieldErrors.email} aria-describedby="invite-email-error" />
          {err("email")}
        </div>
        <div>
          <label htmlFor="invite-role" className="sr-only">
            Role
          </label>
          <select id="invite-role" name="role" className="input" defaultValue="employee">
            <option value="employee">Employee</option>
            <option value="admin">Admin</option>
          </select>
        </div>
        <button type="submit" className="btn-primary" disabled={pending}>
          {pending ? "Inviting…" : "Invite"}
        </button>
      </form>
      <div aria-live="polite">
        {error && <p className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">{error}</p>}
        {result && (
          <div className="rounded-lg border border-emerald-200 bg-emerald-50 p-3 text-sm" data-testid="invite-result">
            <p className="text-emerald-800">
              Invitation for {result.email} created. The link works once, for 7 days. {deliveryNote[result.delivery] ?? ""}
            </p>
            <div className="mt-2 flex gap-2">
              <input readOnly value={result.link} className="input font-mono text-xs" aria-label="Invitation link" data-testid="invite-link" onFocus={(e) => e.currentTarget.select()} />
              <button
                type="button"
                className="btn-secondary shrink-0"
                onClick={async () => {
                  await navigator.clipboard.writeText(result.link).catch(() => {});
                  setCopied(true);
                }}
              >
                {copied ? "Copied" : "Copy link"}
              </button>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
