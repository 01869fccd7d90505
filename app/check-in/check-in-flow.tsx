"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { punchLabels, type PunchKind } from "@/lib/attendance/punches";
import { ExpiryCountdown, Spinner, VerdictCard } from "@/app/_components/checkin/verdict-card";
import { FaceCaptureHost } from "@/app/_components/checkin/face-capture-host";
import { registerDeviceAction } from "@/app/_actions/device";
import type { IssuedChallenge } from "@/lib/checkin/challenge";
import { createDeviceKey, defaultDeviceName, loadDeviceKey, saveDeviceId, type StoredDeviceKey } from "@/lib/checkin/client/device-key";
import { signedSubmission, type CaptureOutput } from "@/lib/checkin/client/submit";
import type { Verdict } from "@/lib/checkin/reasons";
import { beginCheckInAction, completeCheckInAction } from "./actions";
import type { Enrolment } from "@/lib/db/schema";

type State =
  | { at: "loading" }
  | { at: "no-device" }
  | { at: "ready"; note?: string; problem?: string }
  | { at: "capturing"; challenge: IssuedChallenge; punch: PunchKind }
  | { at: "submitting" }
  | { at: "verdict"; verdict: Verdict }
  | { at: "error"; message: string };

/**
 * The person chooses what to record (only the punches valid for where they stand, `allowed`), then the capture
 * runs; the choice is signed with the capture and decided again by the server.
 */
export function CheckInFlow({ userId, enrolment, allowed }: { userId: string; enrolment: Enrolment; allowed: readonly PunchKind[] }) {
  const router = useRouter();
  const [device, setDevice] = useState<StoredDeviceKey | null>(null);
  const [state, setState] = useState<State>({ at: "loading" });
  const [, tick] = useState(0);

  useEffect(() => {
    loadDeviceKey("personal", userId)
      .then((k) => {
        setDevice(k);
        setState(k?.deviceId ? { at: "ready" } : { at: "no-device" });
      })
      .catch(() => setState({ at: "error", message: "This browser cannot store the laptop's key (private browsing?). Use a normal window." }));
  }, [userId]);

  useEffect(() => {
    if (state.at !== "capturing") return;
    const t = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, [state.at]);

  const start = useCallback(
    async (punch: PunchKind) => {
      if (!device?.deviceId) return;
      setState({ at: "submitting" });
      const r = await beginCheckInAction({ deviceId: device.deviceId, punch });
      if (!r.ok) return setState(r.fieldErrors?.punch ? { at: "ready", problem: r.fieldErrors.punch[0] } : { at: "error", message: r.error });
      if (r.data.status === "rejected") return setState({ at: "verdict", verdict: { status: "rejected", reason: r.data.reason, message: r.data.message } });
      setState({ at: "capturing", challenge: r.data.challenge, punch });
    },
    [device],
  );

  const submit = useCallback(
    async (challenge: IssuedChallenge, punch: PunchKind, capture: CaptureOutput) => {
      if (!device) return;
      setState({ at: "submitting" });
      try {
        const r = await completeCheckInAction(await signedSubmission(device.keys, challenge, capture, { punch }));
        if (r.ok) setState({ at: "verdict", verdict: r.data });
        else setState(r.fieldErrors?.punch ? { at: "ready", problem: r.fieldErrors.punch[0] } : { at: "error", message: r.error });
        // Where the person stands now (the status line and the choices) comes from the server.
        router.refresh();
      } catch {
        setState({ at: "error", message: "The check-in could not be sent. Check your connection and try again." });
      }
    },
    [device, router],
  );

  const registerThisLaptop = useCallback(async () => {
    setState({ at: "submitting" });
    const rec = await createDeviceKey("personal", userId);
    const r = await registerDeviceAction({ name: defaultDeviceName(), publicKeyJwk: rec.publicKeyJwk });
    if (!r.ok) return setState({ at: "error", message: r.error });
    await saveDeviceId("personal", userId, r.data.deviceId);
    setDevice({ ...rec, deviceId: r.data.deviceId });
    setState({ at: "ready", note: r.data.approved ? undefined : "This laptop is registered and waiting for an admin's approval." });
  }, [userId]);

  if (enrolment === "none")
    return (
      <div className="space-y-3 text-sm">
        <p>Your face is not enrolled yet.</p>
        <Link href="/enrol" className="btn-primary">
          Enrol now
        </Link>
      </div>
    );
  if (enrolment === "held")
    return <p className="text-sm text-amber-800">Your enrolment is waiting for an admin&apos;s review. You can check in once it is approved.</p>;

  switch (state.at) {
    case "loading":
      return <Spinner label="Getting ready…" />;
    case "no-device":
      return (
        <div className="space-y-3 text-sm">
          <p>This laptop is not registered for your check-ins yet.</p>
          <button type="button" className="btn-primary" onClick={registerThisLaptop}>
            Register this laptop
          </button>
          <p className="text-xs text-slate-500">A new laptop needs an admin&apos;s approval before it can be used.</p>
        </div>
      );
    case "ready":
      return (
        <div className="space-y-4">
          {state.note && <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-800">{state.note}</p>}
          <p id="punch-choice-label" className="text-sm font-medium text-slate-700">
            What do you want to record?
          </p>
          <div role="group" aria-labelledby="punch-choice-label" aria-describedby={state.problem ? "punch-problem" : undefined} className="flex flex-wrap gap-3">
            {allowed.map((kind, i) => (
              <button
                key={kind}
                type="button"
                className={`${i === 0 ? "btn-primary" : "btn-secondary"} w-full py-4 text-base sm:w-auto sm:px-10`}
                onClick={() => start(kind)}
                data-testid={`punch-${kind}`}
              >
                {punchLabels[kind]}
              </button>
            ))}
          </div>
          <p id="punch-problem" role="alert" aria-live="polite" className={state.problem ? "rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700" : "sr-only"} data-testid="punch-problem">
            {state.problem ?? ""}
          </p>
        </div>
      );
    case "capturing":
      return (
        <div className="space-y-3">
          <p className="text-right text-xs">
            <ExpiryCountdown expiresAt={state.challenge.expiresAt} />
          </p>
          <p className="text-sm text-slate-700">
            Recording: <span className="font-medium">{punchLabels[state.punch]}</span>
          </p>
          <FaceCaptureHost steps={state.challenge.steps} onCaptured={(c) => submit(state.challenge, state.punch, c)} onCancel={() => setState({ at: "ready" })} />
        </div>
      );
    case "submitting":
      return <Spinner label="Checking…" />;
    case "verdict":
      return <VerdictCard verdict={state.verdict} onAgain={() => setState({ at: "ready" })} />;
    case "error":
      return (
        <div role="alert" className="space-y-3">
          <p className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">{state.message}</p>
          <button type="button" className="btn-secondary" onClick={() => setState(device?.deviceId ? { at: "ready" } : { at: "no-device" })}>
            Back
          </button>
        </div>
      );
  }
}
