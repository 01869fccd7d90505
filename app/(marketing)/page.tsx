import Link from "next/link";

const features = [
  ["Live, not a photo", "A random blink-or-turn challenge chosen by the server, plus passive anti-spoofing over several frames."],
  ["On the laptop", "Face landmarks, liveness and the face embedding run in the browser. Only a 128-number template leaves the device."],
  ["Signed by the device", "Each check-in is signed by a key that never leaves the laptop, over a single-use server nonce."],
  ["Payroll-ready", "Lateness, hours and missing check-outs by your rules, with corrections audited and exports in CSV, XLSX and PDF."],
];

export default function Landing() {
  return (
    <div className="mx-auto max-w-5xl px-6 py-10">
      <header className="flex items-center justify-between">
        <span className="flex items-center gap-2 text-lg font-semibold">
          <span className="inline-block h-7 w-7 rounded-full bg-brand-600" aria-hidden /> Clockface
        </span>
        <nav className="flex gap-3">
          <Link href="/sign-in" className="btn-secondary">Sign in</Link>
          <Link href="/sign-up" className="btn-primary">Create organisation</Link>
        </nav>
      </header>
      <section className="py-20 text-center">
        <h1 className="text-4xl font-semibold tracking-tight sm:text-5xl">Attendance by face, done honestly.</h1>
        <p className="mx-auto mt-4 max-w-2xl text-lg text-slate-600">
          Staff check in from their own laptop in two seconds. You know who is in, who is late and who is absent, and
          payroll gets a sheet it can trust.
        </p>
        <Link href="/sign-up" className="btn-primary mt-8 px-6 py-3 text-base">Start for your organisation</Link>
      </section>
      <section className="grid gap-4 sm:grid-cols-2">
        {features.map(([t, d]) => (
          <div key={t} className="card">
            <h2 className="font-medium">{t}</h2>
            <p className="mt-1 text-sm text-slate-600">{d}</p>
          </div>
        ))}
      </section>
    </div>
  );
}
