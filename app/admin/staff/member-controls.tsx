"use client";

// Per-row staff controls: role (owners only) and account status, each announced in an aria-live region.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { Role } from "@/lib/db/schema";
import { ActionButton } from "@/app/_components/ui/action-button";
import { changeRoleAction, setMemberStatusAction } from "./actions";

const roleLabels: Record<Role, string> = { owner: "Owner", admin: "Admin", employee: "Employee" };

export function RoleSelect({ userId, name, role }: { userId: string; name: string; role: Role }) {
  const [value, setValue] = useState(role);
  const [pending, start] = useTransition();
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const router = useRouter();
  return (
    <span className="inline-flex flex-col gap-1">
      <label className="sr-only" htmlFor={`role-${userId}`}>
        Role of {name}
      </label>
      <select
        id={`role-${userId}`}
        className="input w-32 py-1.5"
        value={value}
        disabled={pending}
        aria-busy={pending}
        data-testid="role-select"
        onChange={(e) => {
          const next = e.target.value as Role;
          if (next !== "employee" && !window.confirm(`Make ${name} ${roleLabels[next].toLowerCase()}? They will be able to manage staff, devices and records.`)) return;
          setValue(next);
          setMsg(null);
          start(async () => {
            const r = await changeRoleAction({ userId, role: next });
            if (r.ok) {
              setMsg({ ok: true, text: r.message });
              router.refresh();
            } else {
              setValue(role);
              setMsg({ ok: false, text: r.error });
            }
          });
        }}
      >
        {(Object.keys(roleLabels) as Role[]).map((r) => (
          <option key={r} value={r}>
            {roleLabels[r]}
          </option>
        ))}
      </select>
      <span role="status" aria-live="polite" className={`text-xs ${msg?.ok ? "text-emerald-700" : "text-red-600"}`}>
        {msg?.text}
      </span>
    </span>
  );
}

export function StatusButton({ userId, name, status }: { userId: string; name: string; status: "active" | "invited" | "deactivated" }) {
  if (status === "deactivated")
    return (
      <ActionButton action={setMemberStatusAction} input={{ userId, status: "active" }} className="btn-secondary px-3 py-1.5 text-xs" testId="reactivate">
        Reactivate
      </ActionButton>
    );
  return (
    <ActionButton
      action={setMemberStatusAction}
      input={{ userId, status: "deactivated" }}
      className="btn-secondary px-3 py-1.5 text-xs text-red-700 hover:bg-red-50"
      confirm={`Deactivate ${name}? They lose access at once and can no longer check in. Their records stay.`}
      testId="deactivate"
    >
      Deactivate
    </ActionButton>
  );
}
