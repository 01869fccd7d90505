"use client";

import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { FaceCaptureHost } from "@/app/_components/checkin/face-capture-host";
import { Spinner } from "@/app/_components/checkin/verdict-card";
import type { IssuedChallenge } from "@/lib/checkin/challenge";
import { createDeviceKey, defaultDeviceName, loadDeviceKey, saveDeviceId, type StoredDeviceKey } from "@/lib/checkin/client/device-key";
import { signedSubmission, type CaptureOutput } from "@/lib/checkin/client/submit";
import type { Pose } from "@/lib/checkin/payload";
import { registerDeviceAction } from "@/app/_actions/device";
import { acceptConsentAction, beginEnrolCaptureAction, completeEnrolCaptureAction } from "./actions";
import type { Enrolment } from "@/lib/db/schema";

interface Props {
  userId: string;
  enrolment: Enrolment;
  consented: boolean;
  remaining: Pose[];
  consent: { version: string; title: string; paragraphs: string[] };
}

type Stage = "consent" | "device" | "capture" | "done";

const poseLabels: Record<Pose, string> = { frontal: "Capture 1", left: "Capture 2", right: "Capture 3" };

function Steps({ stage }: { stage: Stage }) {
  const all: [Stage, string][] = [
    ["consent", "Consent"],
    ["device", "This laptop"],
    ["capture", "Face"],
  ];
  const idx = all.findIndex(([s]) => s === stage);
  return (
    <ol className="mt-6 grid grid-cols-3 gap-2 text-xs" aria-label="Progress">
      {all.map(([s, label], i) => (
        <li
          key={s}
          aria-current={s === stage ? "step" : undefined}
          className={`rounded-lg border px-3 py-2 text-center ${i < idx || stage === "done" ? "border-emerald-200 bg-emerald-50 text-emerald-800" : s === stage ? "border-brand-500 bg-brand-50 font-medium text-brand-700" : "border-slate-200 text-slate-500"}`}
        >
          {label}
        </li>
      ))}
    </ol>
  );
}

export function EnrolFlow({ userId, enrolment, consented, remaining: initialRemaining, consent }: Props) {
  const [stage, setStage] = useState<Stage>(enrolment !== "none" ? "done" : consented ? "device" : "consent");
  const [device, setDevice] = useState<StoredDeviceKey | null>(null);
  const [remaining, setRemaining] = useState<Pose[]>(initialRemaining);
  const [challenge, setChallenge] = useState<IssuedChallenge | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(enrolment === "held" ? "Your enrolment is waiting for approval: an admin reviews it before you can check in." : null);
  const [agreed, setAgreed] = useState(false);

  useEffect(() => {
    if (stage !== "device") return;
    loadDeviceKey("personal", userId)
      .then((k) => {
        if (k?.deviceId) {
          setDevice(k);
          setStage("capture");
        }
      })
      .catch(() => setError("This browser cannot store the laptop's key (private browsing?). Use a normal window."));
  }, [stage, userId]);

  const run = useCallback(async (f: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
    } catch {
      setError("Something went wrong. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }, []);

  const accept = () =>
    run(async () => {
      const r = await acceptConsentAction({ version: consent.version });
      if (!r.ok) return setError(r.error);
      setStage("device");
    });

  const register = () =>
    run(async () => {
      const rec = await createDeviceKey("personal", userId);
      const r = await registerDeviceAction({ name: defaultDeviceName(), publicKeyJwk: rec.publicKeyJwk });
      if (!r.ok) return setError(r.error);
      await saveDeviceId("personal", userId, r.data.deviceId);
      setDevice({ ...rec, deviceId: r.data.deviceId });
      if (!r.data.approved) setNotice("This laptop is waiting for an admin's approval before you can enrol on it.");
      setStage("capture");
    });

  const startCapture = () =>
    run(async () => {
      if (!device?.deviceId) return setStage("device");
      const r = await beginEnrolCaptureAction({ deviceId: device.deviceId });
      if (!r.ok) return setError(r.error);
      if (r.data.status === "rejected") return setError(r.data.message);
      setChallenge(r.data.challenge);
    });

  const captured = (capture: CaptureOutput) =>
    run(async () => {
      const pose = remaining[0];
      if (!device || !challenge || !pose) return;
      setChallenge(null);
      const r = await completeEnrolCaptureAction(await signedSubmission(device.keys, challenge, capture, { purpose: "enrol", pose }));
      if (!r.ok) return setError(r.error);
      if (r.data.status === "rejected") return setError(r.data.message);
      setRemaining(r.data.remaining);
      if (r.data.remaining.length === 0) {
        setNotice(r.data.message);
        setStage("done");
      }
    });

  return (
    <>
      <Steps stage={stage} />
      <div className="card mt-4 space-y-4">
        {error && (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
            {error}
          </p>
        )}
        {notice && (
          <p role="status" className={`rounded-lg px-3 py-2 text-sm ${stage === "done" ? "bg-emerald-50 text-emerald-800" : "bg-amber-50 text-amber-800"}`}>
            {notice}
          </p>
        )}

        {stage === "consent" && (
          <section aria-labelledby="consent-title" className="space-y-4">
            <h2 id="consent-title" className="text-lg font-medium">
              {consent.title}
            </h2>
            <div className="max-h-72 space-y-3 overflow-y-auto rounded-lg border border-slate-200 bg-slate-50 p-4 text-sm text-slate-700" tabIndex={0}>
              {consent.paragraphs.map((p) => (
                <p key={p.slice(0, 24)}>{p}</p>
              ))}
              <p className="text-xs text-slate-500">Version {consent.version}</p>
            </div>
            <label className="flex items-start gap-2 text-sm">
              <input type="checkbox" className="mt-1" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} />
              I have read this and agree to the use of my face for attendance.
            </label>
            <button type="button" className="btn-primary" disabled={!agreed || busy} onClick={accept}>
              {busy ? "Saving…" : "Accept and continue"}
            </button>
          </section>
        )}

        {stage === "device" && (
          <section className="space-y-3 text-sm">
            <h2 className="text-lg font-medium">Register this laptop</h2>
            <p className="text-slate-600">
              Clockface makes a key on this laptop that cannot be copied off it. Your check-ins are signed with it, so they only count from here.
            </p>
            <button type="button" className="btn-primary" disabled={busy} onClick={register}>
              {busy ? "Registering…" : "Register this laptop"}
            </button>
          </section>
        )}

        {stage === "capture" && (
          <section className="space-y-4">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h2 className="text-lg font-medium">Capture your face</h2>
              <ul className="flex gap-2 text-xs">
                {(["frontal", "left", "right"] as const).map((p) => (
                  <li key={p} className={`rounded-full px-3 py-1 ${remaining.includes(p) ? "bg-slate-100 text-slate-600" : "bg-emerald-100 text-emerald-800"}`}>
                    {poseLabels[p]} {remaining.includes(p) ? "" : "✓"}
                  </li>
                ))}
              </ul>
            </div>
            {challenge && remaining[0] ? (
              <FaceCaptureHost steps={challenge.steps} pose={remaining[0]} onCaptured={captured} onCancel={() => setChallenge(null)} />
            ) : busy ? (
              <Spinner label="Working…" />
            ) : (
              remaining[0] && (
                <div className="space-y-3 text-sm">
                  <p>
                    Sit facing a light, at arm&apos;s length, and follow the prompts on screen. Each capture asks for two
                    short movements, then a few seconds holding still: looking straight at the camera for the first, with
                    your head turned slightly to your left, then to your right, for the other two.
                  </p>
                  <button type="button" className="btn-primary" onClick={startCapture}>
                    Start capture {3 - remaining.length + 1} of 3
                  </button>
                </div>
              )
            )}
          </section>
        )}

        {stage === "done" && (
          <section className="space-y-3 text-sm">
            <h2 className="text-lg font-medium">{enrolment === "held" || notice?.includes("review") ? "Waiting for review" : "You are enrolled"}</h2>
            <Link href="/check-in" className="btn-primary">
              Go to check-in
            </Link>
          </section>
        )}
      </div>
    </>
  );
}
