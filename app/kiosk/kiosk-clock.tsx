"use client";

import { useEffect, useState } from "react";

/** The kiosk's large clock (this laptop's local time), updated every second; empty until mounted (no hydration mismatch). */
export function KioskClock() {
  const [now, setNow] = useState<Date | null>(null);
  useEffect(() => {
    setNow(new Date());
    const t = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(t);
  }, []);
  return (
    <div className="mb-6 text-center" data-testid="kiosk-clock">
      <p className="font-mono text-6xl font-semibold tabular-nums tracking-tight text-slate-900 sm:text-7xl">
        <time dateTime={now?.toISOString()}>{now ? now.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" }) : "\u00a0"}</time>
      </p>
      <p className="mt-1 text-lg text-slate-600">{now ? now.toLocaleDateString([], { weekday: "long", day: "numeric", month: "long" }) : "\u00a0"}</p>
    </div>
  );
}
