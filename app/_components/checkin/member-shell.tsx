import Link from "next/link";
import { FaceAssetPrefetch } from "@/app/_components/face-asset-prefetch";
import { SignOutButton } from "@/app/_components/sign-out-button";

/** The frame of the employee pages (check-in, enrolment): the brand, the person, sign-out; the face files prefetched at idle. */
export function MemberShell({ name, orgName, isAdmin, children }: { name: string; orgName?: string; isAdmin?: boolean; children: React.ReactNode }) {
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-3xl items-center justify-between gap-4 px-4 py-3">
          <Link href="/go" className="flex items-center gap-2 font-semibold">
            <span className="inline-block h-6 w-6 rounded-full bg-brand-600" aria-hidden /> Clockface
          </Link>
          <div className="flex items-center gap-4 text-xs text-slate-600">
            <span className="hidden sm:inline">
              {name}
              {orgName ? ` · ${orgName}` : ""}
            </span>
            <Link href="/me" className="hover:underline">
              My attendance
            </Link>
            {isAdmin && (
              <Link href="/admin" className="hover:underline">
                Admin
              </Link>
            )}
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-3xl px-4 py-8">{children}</main>
      <FaceAssetPrefetch />
    </div>
  );
}
