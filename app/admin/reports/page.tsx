import { PageHeader } from "@/app/_components/page-header";
import { ADMINS } from "@/lib/auth/guard";
import { requirePageMember } from "@/lib/auth/page";

export const metadata = { title: "Reports" };

export default async function ReportsPage() {
  await requirePageMember(ADMINS, "/admin/reports");
  return (
    <>
      <PageHeader title="Reports" />
      <div className="card text-sm text-slate-600">Nothing here yet.</div>
    </>
  );
}
