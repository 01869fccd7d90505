import Image from "next/image";
import Link from "next/link";
import { DEMO } from "@/lib/db/seed-demo";
import { demoEnabled } from "@/lib/env";

// Read at request time: whether this server offers the demo organisation.
export const dynamic = "force-dynamic";

const features = [
  ["Live, not a photo", "A random blink-or-turn challenge chosen by the server, plus passive anti-spoofing over several frames."],
  ["On the laptop", "Face landmarks, liveness and the face embedding run in the browser. Only a 128-number template leaves the device."],
  ["Signed by the device", "Each check-in is signed by a key that never leaves the laptop, over a single-use server nonce."],
  ["Payroll-ready", "Lateness, hours and missing check-outs by your rules, with corrections audited and exports in CSV, XLSX and PDF."],
];

/** Screenshots of this app (taken with Playwright from the running product at 1280×800 and 390×844). */
const screens = [
  { src: "/screens/dashboard.webp", alt: "The admin dashboard: who is in now, who left, who is late, absent, not yet in or on leave, and the latest check-ins", width: 1280, height: 800 },
  { src: "/screens/reports.webp", alt: "Reports: a per-person summary and the daily sheet, ready to export as CSV, XLSX or PDF", width: 1280, height: 800 },
];

export default function Landing() {
  return (
    <div className="mx-auto max-w-5xl px-4 py-8 sm:px-6 sm:py-10">
      <header className="flex flex-wrap items-center justify-between gap-3">
        <span className="flex items-center gap-2 text-lg font-semibold">
          <span className="inline-block h-7 w-7 rounded-full bg-brand-600" aria-hidden /> Clockface
        </span>
        <nav aria-label="Account" className="flex gap-3">
          <Link href="/sign-in" className="btn-secondary">
            Sign in
          </Link>
          <Link href="/sign-up" className="btn-primary">
            Create organisation
          </Link>
        </nav>
      </header>
      <main>
        <section className="py-14 text-center sm:py-20">
          <h1 className="text-4xl font-semibold tracking-tight sm:text-5xl">Attendance by face, done honestly.</h1>
          <p className="mx-auto mt-4 max-w-2xl text-lg text-slate-600">
            Staff check in from their own laptop or a shared kiosk: look at the camera, blink or turn the head when asked. You
            know who is in, who is late and who is absent, and payroll gets a sheet it can trust.
          </p>
          <div className="mt-8 flex flex-wrap justify-center gap-3">
            <Link href="/sign-up" className="btn-primary px-6 py-3 text-base">
              Start for your organisation
            </Link>
            {demoEnabled() && (
              <Link href="/sign-in" className="btn-secondary px-6 py-3 text-base">
                Open the demo
              </Link>
            )}
          </div>
          {demoEnabled() && (
            <p className="mt-3 text-sm text-slate-600" data-testid="demo-credentials">
              Demo owner: <span className="font-mono">{DEMO.email}</span> · password <span className="font-mono">{DEMO.password}</span>
            </p>
          )}
        </section>
        <section aria-labelledby="screens-h" className="space-y-6">
          <h2 id="screens-h" className="sr-only">
            Screenshots
          </h2>
          {screens.map((s) => (
            <figure key={s.src} className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
              <Image src={s.src} alt={s.alt} width={s.width} height={s.height} unoptimized className="h-auto w-full" priority={s === screens[0]} />
              <figcaption className="border-t border-slate-100 px-4 py-2 text-sm text-slate-600">{s.alt}.</figcaption>
            </figure>
          ))}
        </section>
        <section aria-label="Features" className="mt-10 grid gap-4 sm:grid-cols-2">
          {features.map(([t, d]) => (
            <div key={t} className="card">
              <h2 className="font-medium">{t}</h2>
              <p className="mt-1 text-sm text-slate-600">{d}</p>
            </div>
          ))}
        </section>
      </main>
    </div>
  );
}
