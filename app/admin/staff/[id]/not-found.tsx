import Link from "next/link";

export default function PersonNotFound() {
  return (
    <div className="card mx-auto mt-10 max-w-md text-center">
      <h1 className="text-lg font-semibold">Person not found</h1>
      <p className="mt-2 text-sm text-slate-600">This person does not exist in your organisation, or was removed.</p>
      <Link href="/admin/staff" className="btn-secondary mt-4">
        Back to staff
      </Link>
    </div>
  );
}
