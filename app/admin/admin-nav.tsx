"use client";

// The admin sidebar: always shown from md up; on a phone a Menu button opens it as a list under the header.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";

const items = [
  { href: "/admin", label: "Dashboard" },
  { href: "/admin/staff", label: "Staff" },
  { href: "/admin/enrolments", label: "Enrolments" },
  { href: "/admin/devices", label: "Devices" },
  { href: "/admin/check-ins", label: "Check-ins" },
  { href: "/admin/schedules", label: "Schedules" },
  { href: "/admin/leave", label: "Leave" },
  { href: "/admin/requests", label: "Requests" },
  { href: "/admin/periods", label: "Pay periods" },
  { href: "/admin/reports", label: "Reports" },
  { href: "/admin/settings", label: "Settings" },
  { href: "/admin/audit", label: "Audit" },
  { href: "/lab", label: "Face lab" },
];

/** `header`: the logo and organisation name, shown beside the Menu button on a phone. */
export function AdminNav({ header }: { header: React.ReactNode }) {
  const path = usePathname();
  const [open, setOpen] = useState(false);
  const current = items.find((i) => (i.href === "/admin" ? path === "/admin" : path.startsWith(i.href)));
  return (
    <>
      <div className="flex items-center justify-between gap-3 px-5 py-4 md:block">
        <div className="min-w-0">{header}</div>
        <button
          type="button"
          className="btn-secondary shrink-0 px-3 py-1.5 md:hidden"
          aria-expanded={open}
          aria-controls="admin-nav"
          onClick={() => setOpen((o) => !o)}
        >
          {open ? "Close menu" : "Menu"}
          {current && !open && <span className="sr-only">, on {current.label}</span>}
        </button>
      </div>
      <nav id="admin-nav" aria-label="Admin" className={`${open ? "flex" : "hidden"} flex-col gap-1 px-3 pb-3 md:flex md:pb-0`}>
        {items.map((i) => {
          const active = i === current;
          return (
            <Link
              key={i.href}
              href={i.href}
              aria-current={active ? "page" : undefined}
              onClick={() => setOpen(false)}
              className={`rounded-lg px-3 py-2 text-sm ${active ? "bg-brand-50 font-medium text-brand-700" : "text-slate-700 hover:bg-slate-100"}`}
            >
              {i.label}
            </Link>
          );
        })}
      </nav>
    </>
  );
}
