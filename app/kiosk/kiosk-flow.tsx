"use client";

import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { FaceCaptureHost } from "@/app/_components/checkin/face-capture-host";
import { Spinner, VerdictCard } from "@/app/_components/checkin/verdict-card";
import { registerKioskAction } from "@/app/admin/devices/actions";
import { beginKioskCheckInAction, completeKioskCheckInAction } from "@/app/check-in/actions";
import { kioskBeginBytes } from "@/lib/checkin/kiosk-begin";
import type { IssuedChallenge } from "@/lib/checkin/challenge";
import { createDeviceKey, forgetDeviceKey, loadDeviceKey, saveDeviceId, type StoredDeviceKey } from "@/lib/checkin/client/device-key";
import { signedSubmission, type CaptureOutput } from "@/lib/checkin/client/submit";
import type { Verdict } from "@/lib/checkin/reasons";
import { signBytes } from "@/lib/checkin/signature";

type State =
  | { at: "loading" }
  | { at: "setup"; error?: string; needsAdmin?: boolean }
  | { at: "idle" }
  | { at: "capturing"; challenge: IssuedChallenge }
  | { at: "working" }
  | { at: "verdict"; verdict: Verdict }
  | { at: "error"; message: string };

/** How long a verdict stays on screen before the kiosk is ready for the next person (ms). */
const VERDICT_MS = 5000;

export function KioskFlow() {
  const [kiosk, setKiosk] = useState<StoredDeviceKey | null>(null);
  const [state, setState] = useState<State>({ at: "loading" });
  const [name, setName] = useState("Front door");
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    loadDeviceKey("kiosk")
      .then((k) => {
        setKiosk(k);
        setState(k?.deviceId ? { at: "idle" } : { at: "setup" });
      })
      .catch(() => setState({ at: "error", message: "This browser cannot store the kiosk key." }));
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, []);

  const setup = useCallback(async () => {
    setState({ at: "working" });
    const rec = await createDeviceKey("kiosk");
    const r = await registerKioskAction({ name, publicKeyJwk: rec.publicKeyJwk });
    if (!r.ok) {
      await forgetDeviceKey("kiosk");
      return setState({ at: "setup", error: r.error, needsAdmin: r.code === "unauthenticated" || r.code === "forbidden" });
    }
    await saveDeviceId("kiosk", null, r.data.deviceId);
    setKiosk({ ...rec, deviceId: r.data.deviceId });
    setState({ at: "idle" });
  }, [name]);

  const start = useCallback(async () => {
    if (!kiosk?.deviceId) return;
    setState({ at: "working" });
    const ts = Date.now();
    const signature = await signBytes(kiosk.keys.privateKey, kioskBeginBytes(kiosk.deviceId, ts));
    const r = await beginKioskCheckInAction({ deviceId: kiosk.deviceId, ts, signature });
    if (!r.ok) return setState({ at: "error", message: r.error });
    if (r.data.status === "rejected") return setState({ at: "verdict", verdict: { status: "rejected", reason: r.data.reason, message: r.data.message } });
    setState({ at: "capturing", challenge: r.data.challenge });
  }, [kiosk]);

  const submit = useCallback(
    async (challenge: IssuedChallenge, capture: CaptureOutput) => {
      if (!kiosk) return;
      setState({ at: "working" });
      const r = await completeKioskCheckInAction(await signedSubmission(kiosk.keys, challenge, capture));
      if (!r.ok) return setState({ at: "error", message: r.error });
      setState({ at: "verdict", verdict: r.data });
      timer.current = setTimeout(() => setState({ at: "idle" }), VERDICT_MS);
    },
    [kiosk],
  );

  switch (state.at) {
    case "loading":
      return <Spinner label="Starting…" />;
    case "setup":
      return (
        <div className="space-y-4 text-sm">
          <h1 className="text-lg font-medium">Set up this laptop as a kiosk</h1>
          <p className="text-slate-600">An admin of your organisation registers it once, signed in on this laptop. Afterwards no one needs to be signed in here.</p>
          {state.error && (
            <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-red-700">
              {state.error}{" "}
              {state.needsAdmin && (
                <Link className="font-medium underline" href="/sign-in?callbackUrl=/kiosk">
                  Sign in as an admin
                </Link>
              )}
            </p>
          )}
          <label className="block space-y-1">
            <span className="font-medium text-slate-700">Kiosk name</span>
            <input className="input" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
          </label>
          <button type="button" className="btn-primary" onClick={setup} disabled={!name.trim()}>
            Register this kiosk
          </button>
        </div>
      );
    case "idle":
      return (
        <div className="space-y-6 py-6 text-center">
          <p className="text-2xl font-semibold">Check in or out</p>
          <button type="button" className="btn-primary px-12 py-5 text-lg" onClick={start} data-testid="kiosk-start">
            Start
          </button>
        </div>
      );
    case "capturing":
      return <FaceCaptureHost steps={state.challenge.steps} onCaptured={(c) => submit(state.challenge, c)} onCancel={() => setState({ at: "idle" })} />;
    case "working":
      return <Spinner label="One moment…" />;
    case "verdict":
      return <VerdictCard verdict={state.verdict} onAgain={() => setState({ at: "idle" })} />;
    case "error":
      return (
        <div role="alert" className="space-y-3">
          <p className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">{state.message}</p>
          <button type="button" className="btn-secondary" onClick={() => setState(kiosk?.deviceId ? { at: "idle" } : { at: "setup" })}>
            Back
          </button>
        </div>
      );
  }
}
