"use client";

import { useSyncExternalStore } from "react";

// The current second, as an external store: a tick every second while the clock is on screen.
const subscribe = (onTick: () => void) => {
  const t = setInterval(onTick, 1000);
  return () => clearInterval(t);
};
const currentSecond = () => Math.floor(Date.now() / 1000);
const noTimeOnServer = () => null; // rendered blank on the server: no hydration mismatch

/** The kiosk's large clock (this laptop's local time), updated every second. */
export function KioskClock() {
  const second = useSyncExternalStore(subscribe, currentSecond, noTimeOnServer);
  const now = second === null ? null : new Date(second * 1000);
  return (
    <div className="mb-6 text-center" data-testid="kiosk-clock">
      <p className="font-mono text-6xl font-semibold tabular-nums tracking-tight text-slate-900 sm:text-7xl">
        <time dateTime={now?.toISOString()}>{now ? now.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" }) : "\u00a0"}</time>
      </p>
      <p className="mt-1 text-lg text-slate-600">{now ? now.toLocaleDateString([], { weekday: "long", day: "numeric", month: "long" }) : "\u00a0"}</p>
    </div>
  );
}
