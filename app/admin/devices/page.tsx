import { PageHeader } from "@/app/_components/page-header";
import { ADMINS } from "@/lib/auth/guard";
import { requirePageMember } from "@/lib/auth/page";

export const metadata = { title: "Devices" };

export default async function DevicesPage() {
  await requirePageMember(ADMINS, "/admin/devices");
  return (
    <>
      <PageHeader title="Devices" />
      <div className="card text-sm text-slate-600">Nothing here yet.</div>
    </>
  );
}
