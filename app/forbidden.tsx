import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="card max-w-md text-center">
        <h1 className="text-xl font-semibold">Not for your role</h1>
        <p className="mt-2 text-sm text-slate-600">This page is for your organisation&apos;s admins.</p>
        <Link href="/go" className="btn-primary mt-6">Go to my page</Link>
      </div>
    </main>
  );
}
