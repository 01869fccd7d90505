import Link from "next/link";
import { PageHeader } from "@/app/_components/page-header";
import { ADMINS } from "@/lib/auth/guard";
import { requirePageMember } from "@/lib/auth/page";
import { keyFingerprint, publicJwkSchema } from "@/lib/checkin/signature";
import { deviceState, listDevices } from "@/lib/db/queries/devices";
import { getOrganisation } from "@/lib/db/queries/organisations";
import { DeviceButtons } from "./device-buttons";

export const metadata = { title: "Devices" };

const stateStyle = {
  active: "bg-emerald-50 text-emerald-800",
  pending: "bg-amber-50 text-amber-800",
  revoked: "bg-slate-100 text-slate-500",
} as const;

export default async function DevicesPage() {
  const { orgId } = await requirePageMember(ADMINS, "/admin/devices");
  const [devices, org] = await Promise.all([listDevices(orgId), getOrganisation(orgId)]);
  const fmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: org?.timezone ?? "UTC" });
  const rows = await Promise.all(
    devices.map(async (d) => {
      const jwk = publicJwkSchema.safeParse(d.publicKeyJwk);
      return { ...d, state: deviceState(d), fingerprint: jwk.success ? await keyFingerprint(jwk.data) : "—" };
    }),
  );
  return (
    <>
      <PageHeader title="Devices" description="Laptops whose key can sign check-ins: each person's own, and shared kiosks.">
        <Link href="/kiosk" className="btn-secondary">
          Set up a kiosk
        </Link>
      </PageHeader>
      <p className="mb-4 text-sm text-slate-600">
        A person&apos;s first laptop is approved when they accept their invitation; any other laptop waits for your approval here. To set up a kiosk, open{" "}
        <span className="font-mono">/kiosk</span> on the shared laptop while signed in as an admin.
      </p>
      {rows.length === 0 ? (
        <div className="card text-sm text-slate-600">No devices yet.</div>
      ) : (
        <div className="card overflow-x-auto p-0">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
              <tr>
                <th className="px-4 py-3">Device</th>
                <th className="px-4 py-3">Kind</th>
                <th className="px-4 py-3">Owner</th>
                <th className="px-4 py-3">State</th>
                <th className="px-4 py-3">Last used</th>
                <th className="px-4 py-3">Key</th>
                <th className="px-4 py-3">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id} className="border-b border-slate-100 last:border-0">
                  <td className="px-4 py-3 font-medium">{d.name}</td>
                  <td className="px-4 py-3 capitalize">{d.kind}</td>
                  <td className="px-4 py-3 text-slate-600">{d.kind === "kiosk" ? "Shared" : (d.userName ?? "—")}</td>
                  <td className="px-4 py-3">
                    <span className={`rounded-full px-2 py-0.5 text-xs capitalize ${stateStyle[d.state]}`}>{d.state}</span>
                  </td>
                  <td className="px-4 py-3 text-slate-600">{d.lastSeenAt ? fmt.format(d.lastSeenAt) : "Never"}</td>
                  <td className="px-4 py-3 font-mono text-xs text-slate-500" title="Compare with the fingerprint shown on the device">
                    {d.fingerprint}
                  </td>
                  <td className="px-4 py-3">
                    <DeviceButtons deviceId={d.id} state={d.state} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
