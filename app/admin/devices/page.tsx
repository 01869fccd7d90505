import Link from "next/link";
import { ScrollBox } from "@/app/_components/ui/scroll-box";
import { PageHeader } from "@/app/_components/ui/page-header";
import { countOf, formatAgo, formatDate, orgClock } from "@/lib/format";
import { ADMINS } from "@/lib/auth/guard";
import { requirePageMember } from "@/lib/auth/page";
import { keyFingerprint, publicJwkSchema } from "@/lib/checkin/signature";
import { deviceState, listDevices } from "@/lib/db/queries/devices";
import { getOrganisation } from "@/lib/db/queries/organisations";
import { ActionButton } from "@/app/_components/ui/action-button";
import { Badge, deviceTone } from "@/app/_components/ui/badge";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { approveDeviceAction, revokeDeviceAction } from "./actions";
import { RenameDeviceForm } from "./rename-form";

export const metadata = { title: "Devices" };
export const dynamic = "force-dynamic";

export default async function DevicesPage() {
  const { orgId } = await requirePageMember(ADMINS, "/admin/devices");
  const [org, rows] = await Promise.all([getOrganisation(orgId), listDevices(orgId)]);
  // Pending first (they need an admin), then active, then revoked; newest first within each.
  const rank = { pending: 0, active: 1, revoked: 2 } as const;
  const devices = (
    await Promise.all(
      rows.map(async ({ publicKeyJwk, ...d }) => {
        const jwk = publicJwkSchema.safeParse(publicKeyJwk);
        return { ...d, state: deviceState(d), fingerprint: jwk.success ? await keyFingerprint(jwk.data) : "—" };
      }),
    )
  ).sort((a, b) => rank[a.state] - rank[b.state] || b.createdAt.getTime() - a.createdAt.getTime());
  const clock = orgClock(org!);
  const now = new Date();
  const pending = devices.filter((d) => d.state === "pending").length;
  return (
    <>
      <PageHeader
        title="Devices"
        description="Laptops and kiosks allowed to check people in. Each holds a private key that never leaves it; revoke one to refuse it at once."
      >
        <Link href="/kiosk" className="btn-secondary">
          Set up a kiosk
        </Link>
      </PageHeader>
      <p className="mb-4 text-sm text-slate-600">
        A person&apos;s first laptop is approved when they accept their invitation; any other laptop waits for your approval here. To set up a
        kiosk, open <span className="font-mono">/kiosk</span> on the shared laptop while signed in as an admin.
      </p>
      {pending > 0 && (
        <p className="mb-4 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-800" role="status">
          {countOf(pending, "device")} {pending === 1 ? "is" : "are"} waiting for approval.
        </p>
      )}
      {devices.length === 0 ? (
        <EmptyState title="No devices yet">
          A personal laptop appears here when an employee enrols on it; a kiosk when an admin registers one.
        </EmptyState>
      ) : (
        <ScrollBox label="Devices table" className="card p-0">
          <table className="w-full min-w-[760px] text-left text-sm" data-testid="devices-table">
            <caption className="sr-only">Devices, {devices.length}</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
              <tr>
                <th className="px-4 py-3" scope="col">Device</th>
                <th className="px-4 py-3" scope="col">Kind</th>
                <th className="px-4 py-3" scope="col">Person</th>
                <th className="px-4 py-3" scope="col">State</th>
                <th className="px-4 py-3" scope="col">Last seen</th>
                <th className="px-4 py-3" scope="col">Key</th>
                <th className="px-4 py-3" scope="col"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {devices.map((d) => (
                <tr key={d.id} className="border-b border-slate-100 align-top last:border-0" data-testid="device-row">
                  <td className="px-4 py-3">
                    <p className="font-medium">{d.name}</p>
                    <p className="text-xs text-slate-500">Registered {formatDate(d.createdAt, clock)}</p>
                    {d.state !== "revoked" && (
                      <details className="mt-1">
                        <summary className="cursor-pointer text-xs text-brand-600 hover:underline">Rename</summary>
                        <div className="mt-2 w-64">
                          <RenameDeviceForm deviceId={d.id} name={d.name} />
                        </div>
                      </details>
                    )}
                  </td>
                  <td className="px-4 py-3">{d.kind === "kiosk" ? "Kiosk (shared)" : "Personal"}</td>
                  <td className="px-4 py-3">
                    {d.userId ? (
                      <Link className="hover:underline" href={`/admin/staff/${d.userId}`}>
                        {d.userName}
                      </Link>
                    ) : (
                      <span className="text-slate-500">Anyone (kiosk)</span>
                    )}
                  </td>
                  <td className="px-4 py-3">
                    <Badge tone={deviceTone[d.state]}>{d.state}</Badge>
                    {d.state === "active" && d.approvedAt && <p className="mt-1 text-xs text-slate-500">approved {formatDate(d.approvedAt, clock)}</p>}
                    {d.revokedAt && <p className="mt-1 text-xs text-slate-500">{formatDate(d.revokedAt, clock)}</p>}
                  </td>
                  <td className="px-4 py-3 text-slate-600">{d.lastSeenAt ? formatAgo(d.lastSeenAt, now, clock) : <span className="text-slate-500">Never</span>}</td>
                  <td className="px-4 py-3 font-mono text-xs text-slate-500" title="Compare with the fingerprint shown on the device">
                    {d.fingerprint}
                  </td>
                  <td className="px-4 py-3">
                    <div className="flex flex-wrap justify-end gap-2">
                      {d.state === "pending" && (
                        <ActionButton action={approveDeviceAction} input={{ deviceId: d.id }} className="btn-primary px-3 py-1.5 text-xs" testId="approve-device">
                          Approve
                        </ActionButton>
                      )}
                      {d.state !== "revoked" && (
                        <ActionButton
                          action={revokeDeviceAction}
                          input={{ deviceId: d.id }}
                          className="btn-secondary px-3 py-1.5 text-xs text-red-700 hover:bg-red-50"
                          confirm={`Revoke "${d.name}"? It can no longer check anyone in; to use it again it must be registered anew.`}
                          testId="revoke-device"
                        >
                          Revoke
                        </ActionButton>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </>
  );
}
