import Link from "next/link";
import { FaceAssetPrefetch } from "@/app/_components/face-asset-prefetch";
import { SignOutButton } from "@/app/_components/sign-out-button";

/**
 * The one frame of the employee pages (/me, check-in, enrolment): the brand and organisation, where to go, sign-out;
 * the face files prefetched at idle (app/_components/face-asset-prefetch.tsx).
 */
export function MemberShell({
  name,
  orgName,
  isAdmin,
  wide = false,
  children,
}: {
  name: string;
  orgName?: string;
  isAdmin?: boolean;
  /** Wider content (the /me tables); check-in and enrolment keep a narrow column. */
  wide?: boolean;
  children: React.ReactNode;
}) {
  const width = wide ? "max-w-5xl" : "max-w-3xl";
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className={`mx-auto flex ${width} flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3`}>
          <Link href="/go" className="flex min-w-0 items-center gap-2 font-semibold">
            <span className="inline-block h-6 w-6 shrink-0 rounded-full bg-brand-600" aria-hidden /> Clockface
            {orgName && <span className="truncate text-sm font-normal text-slate-600">· {orgName}</span>}
          </Link>
          <nav aria-label="Account" className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-slate-700">
            <Link href="/check-in" className="hover:underline">
              Check in
            </Link>
            <Link href="/me" className="hover:underline">
              My attendance
            </Link>
            {isAdmin && (
              <Link href="/admin" className="hover:underline">
                Admin
              </Link>
            )}
            <span className="hidden text-slate-600 md:inline">{name}</span>
            <SignOutButton />
          </nav>
        </div>
      </header>
      <main className={`mx-auto ${width} px-4 py-6 md:py-8`}>{children}</main>
      <FaceAssetPrefetch />
    </div>
  );
}
