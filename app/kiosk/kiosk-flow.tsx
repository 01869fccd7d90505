"use client";

import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { FaceCaptureHost } from "@/app/_components/checkin/face-capture-host";
import { Spinner, VerdictCard } from "@/app/_components/checkin/verdict-card";
import { registerKioskAction } from "@/app/admin/devices/actions";
import { beginKioskCheckInAction, completeKioskCheckInAction, kioskPunchAction } from "@/app/check-in/actions";
import { punchLabels, type PunchKind } from "@/lib/attendance/punches";
import { kioskBeginBytes, kioskPunchBytes } from "@/lib/checkin/kiosk-begin";
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
  | { at: "choosing"; who: Extract<Verdict, { status: "identified" }>; problem?: string }
  | { at: "verdict"; verdict: Verdict }
  | { at: "error"; message: string };

/** How long a verdict stays on screen before the kiosk is ready for the next person (ms). */
const VERDICT_MS = 5000;
/** The choice screen closes this long before the server forgets the scan (ms; the kiosk's clock may differ). */
const CHOICE_MARGIN_MS = 3000;

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

  /** Shows an outcome (or an error), then gets ready for the next person. */
  const showVerdict = useCallback((verdict: Verdict | null, error?: string) => {
    setState(verdict ? { at: "verdict", verdict } : { at: "error", message: error ?? "Something went wrong." });
    timer.current = setTimeout(() => setState({ at: "idle" }), VERDICT_MS);
  }, []);

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
      // Refused (e.g. the day is in an approved pay period): shown, then the kiosk is ready for the next person.
      if (!r.ok) return showVerdict(null, r.fieldErrors?.punch?.[0] ?? r.error);
      if (r.data.status === "identified") {
        // The person chooses; an unanswered scan is forgotten when it expires (nothing was recorded).
        const who = r.data;
        setState({ at: "choosing", who });
        timer.current = setTimeout(() => setState({ at: "idle" }), Math.max(0, who.choiceMs - CHOICE_MARGIN_MS));
        return;
      }
      showVerdict(r.data);
    },
    [kiosk, showVerdict],
  );

  const choose = useCallback(
    async (who: Extract<Verdict, { status: "identified" }>, punch: PunchKind) => {
      if (!kiosk?.deviceId) return;
      if (timer.current) clearTimeout(timer.current);
      setState({ at: "working" });
      const ts = Date.now();
      const signature = await signBytes(kiosk.keys.privateKey, kioskPunchBytes(kiosk.deviceId, who.identificationId, punch, ts));
      const r = await kioskPunchAction({ deviceId: kiosk.deviceId, identificationId: who.identificationId, punch, ts, signature });
      if (r.ok) return showVerdict(r.data);
      if (r.fieldErrors?.punch) {
        // Still answerable until the scan expires: the person may choose another punch.
        setState({ at: "choosing", who, problem: r.fieldErrors.punch[0] });
        timer.current = setTimeout(() => setState({ at: "idle" }), VERDICT_MS);
        return;
      }
      showVerdict(null, r.error);
    },
    [kiosk, showVerdict],
  );

  switch (state.at) {
    case "loading":
      return <Spinner label="Getting ready…" />;
    case "setup":
      return (
        <div className="space-y-4 text-sm">
          <h2 className="text-lg font-medium">Set up this laptop as a kiosk</h2>
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
          <h2 className="text-2xl font-semibold">Check in, take a break or check out</h2>
          <p className="text-sm text-slate-600">Start, look at the camera and follow the prompts. You choose what to record once we know who you are.</p>
          <button type="button" className="btn-primary px-12 py-5 text-lg" onClick={start} data-testid="kiosk-start">
            Start
          </button>
        </div>
      );
    case "capturing":
      return (
        <FaceCaptureHost steps={state.challenge.steps} loading="quiet" onCaptured={(c) => submit(state.challenge, c)} onCancel={() => setState({ at: "idle" })} />
      );
    case "choosing":
      return (
        <div className="space-y-5 py-4 text-center" data-testid="kiosk-choose">
          <h2 className="text-3xl font-semibold" data-testid="kiosk-person">
            {state.who.name}
          </h2>
          <p className="text-lg text-slate-700" data-testid="kiosk-person-status">
            {state.who.statusText}
          </p>
          <p id="kiosk-choice-label" className="text-sm font-medium text-slate-700">
            What do you want to record?
          </p>
          <div role="group" aria-labelledby="kiosk-choice-label" className="flex flex-wrap justify-center gap-3">
            {state.who.allowed.map((kind, i) => (
              <button
                key={kind}
                type="button"
                className={`${i === 0 ? "btn-primary" : "btn-secondary"} px-10 py-5 text-lg`}
                onClick={() => choose(state.who, kind)}
                data-testid={`kiosk-punch-${kind}`}
              >
                {punchLabels[kind]}
              </button>
            ))}
          </div>
          <p role="alert" aria-live="polite" className={state.problem ? "rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700" : "sr-only"}>
            {state.problem ?? ""}
          </p>
          <button
            type="button"
            className="text-sm text-slate-600 underline"
            onClick={() => {
              if (timer.current) clearTimeout(timer.current);
              setState({ at: "idle" });
            }}
          >
            Not {state.who.name}? Cancel — nothing is recorded
          </button>
        </div>
      );
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
