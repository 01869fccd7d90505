import { notFound } from "next/navigation";
import { outboxEnabled, readOutbox } from "@/lib/mail";

export const metadata = { title: "Dev outbox" };
export const dynamic = "force-dynamic";

/** Mail that would have been sent (development only: 404 in production). */
export default async function OutboxPage() {
  if (!outboxEnabled()) notFound();
  const mails = await readOutbox(50);
  return (
    <main className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="text-2xl font-semibold tracking-tight">Dev outbox</h1>
      <p className="mt-1 text-sm text-slate-600">Mail sent while no SMTP_URL is set. This page does not exist in production.</p>
      {mails.length === 0 ? (
        <div className="card mt-6 text-sm text-slate-600">Nothing sent yet.</div>
      ) : (
        <ul className="mt-6 space-y-4">
          {mails.map((m, i) => (
            <li key={`${m.at}-${i}`} className="card" data-testid="outbox-mail">
              <p className="text-xs text-slate-500">{new Date(m.at).toLocaleString("en-GB")}</p>
              <p className="mt-1 text-sm">
                <span className="text-slate-500">To</span> {m.to}
              </p>
              <p className="text-sm font-medium">{m.subject}</p>
              <pre className="mt-3 whitespace-pre-wrap rounded-lg bg-slate-50 p-3 text-xs text-slate-700">{m.text}</pre>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
