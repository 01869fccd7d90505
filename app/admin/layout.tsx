import Link from "next/link";
import { requirePageMember } from "@/lib/auth/page";
import { ADMINS } from "@/lib/auth/guard";
import { getOrganisation } from "@/lib/db/queries/organisations";
import { AdminNav } from "./admin-nav";
import { SignOutButton } from "@/app/_components/sign-out-button";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const { user, orgId } = await requirePageMember(ADMINS);
  const org = await getOrganisation(orgId);
  return (
    <div className="min-h-screen md:flex">
      <aside className="border-b border-slate-200 bg-white md:min-h-screen md:w-60 md:border-r md:border-b-0">
        <AdminNav
          header={
            <>
              <Link href="/admin" className="flex items-center gap-2 font-semibold">
                <span className="inline-block h-6 w-6 rounded-full bg-brand-600" aria-hidden /> Clockface
              </Link>
              <p className="truncate text-xs text-slate-600 md:mt-1" data-testid="org-name">
                {org?.name}
              </p>
            </>
          }
        />
        <div className="hidden px-5 py-4 text-xs text-slate-600 md:block">
          <p className="truncate">{user.name}</p>
          <p className="truncate">{user.email}</p>
          <div className="mt-2">
            <SignOutButton />
          </div>
        </div>
      </aside>
      <main className="min-w-0 flex-1 px-4 py-6 md:px-10 md:py-8">
        <div className="mb-4 flex justify-end md:hidden">
          <SignOutButton />
        </div>
        {children}
      </main>
    </div>
  );
}
