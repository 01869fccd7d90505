import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="card max-w-md text-center">
        <h1 className="text-xl font-semibold">Not found</h1>
        <p className="mt-2 text-sm text-slate-600">There is nothing here, or it belongs to someone else.</p>
        <Link href="/go" className="btn-secondary mt-6">Back</Link>
      </div>
    </main>
  );
}
