import Link from "next/link";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <Link href="/" className="mb-8 flex items-center gap-2 text-lg font-semibold text-slate-900">
        <span className="inline-block h-7 w-7 rounded-full bg-brand-600" aria-hidden /> Clockface
      </Link>
      <div className="card w-full max-w-md">{children}</div>
    </main>
  );
}
