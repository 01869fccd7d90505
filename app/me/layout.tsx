import Link from "next/link";
import { FaceAssetPrefetch } from "@/app/_components/face-asset-prefetch";
import { SignOutButton } from "@/app/_components/sign-out-button";
import { MEMBERS } from "@/lib/auth/guard";
import { requirePageMember } from "@/lib/auth/page";
import { getOrganisation } from "@/lib/db/queries/organisations";

export default async function MeLayout({ children }: { children: React.ReactNode }) {
  const { user, orgId } = await requirePageMember(MEMBERS, "/me");
  const org = await getOrganisation(orgId);
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <Link href="/me" className="flex items-center gap-2 font-semibold">
            <span className="inline-block h-6 w-6 rounded-full bg-brand-600" aria-hidden /> Clockface
            <span className="text-sm font-normal text-slate-500">· {org?.name}</span>
          </Link>
          <nav aria-label="Account" className="flex items-center gap-4 text-sm">
            <Link href="/check-in" className="btn-primary px-3 py-1.5">
              Check in
            </Link>
            {user.role !== "employee" && (
              <Link href="/admin" className="text-slate-600 hover:text-slate-900">
                Admin
              </Link>
            )}
            <span className="hidden text-slate-500 sm:inline">{user.name}</span>
            <SignOutButton />
          </nav>
        </div>
      </header>
      <main className="mx-auto max-w-5xl px-4 py-6 md:py-8">{children}</main>
      <FaceAssetPrefetch />
    </div>
  );
}
