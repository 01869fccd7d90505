"use client";

import { useState } from "react";
import { approveDevice, revokeDevice } from "./actions";

export function DeviceButtons({ deviceId, state }: { deviceId: string; state: "active" | "pending" | "revoked" }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (state === "revoked") return null;
  const act = async (f: (input: { deviceId: string }) => Promise<{ ok: boolean; error?: string }>) => {
    setPending(true);
    setError(null);
    const r = await f({ deviceId });
    setPending(false);
    if (!r.ok) setError(r.error ?? "Failed.");
  };
  return (
    <div className="flex items-center justify-end gap-3 text-xs">
      {state === "pending" && (
        <button type="button" className="btn-primary px-2 py-1 text-xs" disabled={pending} onClick={() => act(approveDevice)}>
          Approve
        </button>
      )}
      <button type="button" className="font-medium text-red-700 hover:underline" disabled={pending} onClick={() => confirm("Revoke this device? It can no longer be used to check in.") && act(revokeDevice)}>
        Revoke
      </button>
      {error && (
        <span role="alert" className="text-red-700">
          {error}
        </span>
      )}
    </div>
  );
}
