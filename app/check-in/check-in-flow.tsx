"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { punchLabels, type PunchKind } from "@/lib/attendance/punches";
import { ExpiryCountdown, Spinner, VerdictCard } from "@/app/_components/checkin/verdict-card";
import { FaceCaptureHost, type SessionFailure } from "@/app/_components/checkin/face-capture-host";
import { registerDeviceAction } from "@/app/_actions/device";
import type { IssuedChallenge } from "@/lib/checkin/challenge";
import { createDeviceKey, defaultDeviceName, loadDeviceKey, saveDeviceId, type StoredDeviceKey } from "@/lib/checkin/client/device-key";
import { signedFailure, signedSubmission, type CaptureOutput } from "@/lib/checkin/client/submit";
import type { Verdict } from "@/lib/checkin/reasons";
import { markCheckin } from "@/lib/checkin/client/timeline";
import { openCamera, stopCamera } from "@/lib/face/camera";
import { prewarmFaceWorker, releaseWarmFaceWorker } from "@/lib/face/worker/warm";
import { beginCheckInAction, completeCheckInAction, reportFailedCheckInAction } from "./actions";
import type { Enrolment } from "@/lib/db/schema";

type State =
  | { at: "loading" }
  | { at: "no-device" }
  | { at: "ready"; note?: string; problem?: string; awaitingApproval?: boolean }
  | { at: "capturing"; challenge: IssuedChallenge; punch: PunchKind; camera: Promise<MediaStream> }
  | { at: "submitting" }
  | { at: "verdict"; verdict: Verdict }
  | { at: "error"; message: string };

/**
 * The person chooses what to record (only the punches valid for where they stand, `allowed`), then the capture
 * runs; the choice is signed with the capture and decided again by the server.
 */
export function CheckInFlow({ userId, enrolment, allowed, isAdmin = false }: { userId: string; enrolment: Enrolment; allowed: readonly PunchKind[]; isAdmin?: boolean }) {
  const router = useRouter();
  const [device, setDevice] = useState<StoredDeviceKey | null>(null);
  const [state, setState] = useState<State>({ at: "loading" });
  const [, tick] = useState(0);
  /** Sessions run under the current challenge ("Try again" reuses it): numbers the failure reports. */
  const attempts = useRef(0);

  useEffect(() => {
    loadDeviceKey("personal", userId)
      .then((k) => {
        setDevice(k);
        setState(k?.deviceId ? { at: "ready" } : { at: "no-device" });
      })
      .catch(() => setState({ at: "error", message: "This browser cannot store the laptop's key (private browsing?). Use a normal window." }));
  }, [userId]);

  // The face worker loads (from the browser's caches after the first visit) while the person reads the page, so the
  // first frame is analysed right after the click (issue 17; `npm run bench:checkin` measures it).
  useEffect(() => {
    if (enrolment !== "enrolled") return;
    prewarmFaceWorker();
    return () => releaseWarmFaceWorker();
  }, [enrolment]);

  useEffect(() => {
    if (state.at !== "capturing") return;
    const t = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, [state.at]);

  const start = useCallback(
    async (punch: PunchKind) => {
      if (!device?.deviceId) return;
      markCheckin("click");
      setState({ at: "submitting" });
      // The camera starts while the server draws the challenge (the capture shows its errors, if any).
      const camera = openCamera();
      camera.catch(() => {});
      const r = await beginCheckInAction({ deviceId: device.deviceId, punch });
      markCheckin("challenge");
      if (!r.ok || r.data.status === "rejected") camera.then(stopCamera, () => {});
      if (!r.ok) return setState(r.fieldErrors?.punch ? { at: "ready", problem: r.fieldErrors.punch[0] } : { at: "error", message: r.error });
      if (r.data.status === "rejected") return setState({ at: "verdict", verdict: { status: "rejected", reason: r.data.reason, message: r.data.message } });
      attempts.current = 0;
      setState({ at: "capturing", challenge: r.data.challenge, punch, camera });
    },
    [device],
  );

  /** A failed session goes to the admins' review queue; the person already sees why it failed. */
  const reportFailure = useCallback(
    async (challenge: IssuedChallenge, failure: SessionFailure) => {
      if (!device) return;
      attempts.current += 1;
      try {
        const r = await reportFailedCheckInAction(await signedFailure(device.keys, challenge, { ...failure, attempt: attempts.current }));
        if (!r.ok) console.warn(`failed check-in not recorded: ${r.error}`);
      } catch {
        // Offline: the failure stays unrecorded; the person's retry does not depend on it.
      }
    },
    [device],
  );

  const submit = useCallback(
    async (challenge: IssuedChallenge, punch: PunchKind, capture: CaptureOutput) => {
      if (!device) return;
      setState({ at: "submitting" });
      try {
        const submission = await signedSubmission(device.keys, challenge, capture, { punch });
        markCheckin("signed");
        const t = performance.now();
        const r = await completeCheckInAction(submission);
        markCheckin("verdict", { roundTripMs: performance.now() - t, payloadChars: submission.payload.length });
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
    setState(r.data.approved ? { at: "ready" } : { at: "ready", note: "This laptop is registered and waiting for an admin's approval.", awaitingApproval: true });
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
          {state.note && (
            <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-800">
              {state.note}
              {state.awaitingApproval && isAdmin && (
                <>
                  {" "}
                  As an admin you can approve it yourself under{" "}
                  <Link href="/admin/devices" className="font-medium underline">
                    Devices
                  </Link>
                  .
                </>
              )}
            </p>
          )}
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
          <FaceCaptureHost
            steps={state.challenge.steps}
            camera={state.camera}
            onCaptured={(c) => submit(state.challenge, state.punch, c)}
            onFailed={(f) => void reportFailure(state.challenge, f)}
            onCancel={() => setState({ at: "ready" })}
          />
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
