"use client";

// <FaceCapture>: the camera, the model download bar, the liveness prompts with an overlay, and the capture.
// Used by the check-in and enrol pages:
//
//   <FaceCapture
//     key={challenge.id}                      // remount for a new server challenge
//     steps={challenge.steps}                 // e.g. ["blink", "turn-left"] from beginCheckInAction()
//     mode="check-in"                         // or "enrol" (wording only)
//     onResult={(r) => submit({ embedding: Array.from(r.embedding), alignedJpeg: r.alignedJpeg,
//                               contextJpeg: r.contextJpeg, contextFaceBox: r.contextFaceBox,
//                               transcript: r.transcript, modelId: r.modelId, timings: r.timings })}
//     onError={(e) => log(e)}                 // FaceCaptureError | CameraError | Error (also shown in place)
//   />
//
// The models are downloaded once with a progress bar (bytes of total) and then come from Cache Storage.
// The preview is mirrored with CSS only; frames go to the worker unmirrored (yaw sign, see core/pose.ts).
// The page needs COOP/COEP (next.config.ts) for 2 WASM threads. `debug` draws the landmarks (the /lab page).

import { useCallback, useEffect, useRef, useState } from "react";
import { livenessStepLabels, type LivenessStep } from "@/lib/face/core/liveness-rules";
import { attachCamera, CameraError, openCamera, stopCamera } from "@/lib/face/camera";
import { markCheckin } from "@/lib/checkin/client/timeline";
import { FaceCaptureError, runCaptureSession, STALLED_MESSAGE, type FaceCaptureResult } from "@/lib/face/capture-session";
import { stepPrompts, type RunnerOptions, type RunnerState } from "@/lib/face/challenge-runner";
import { FaceWorkerClient, FaceWorkerStalled } from "@/lib/face/worker/client";
import { createFaceWorker } from "@/lib/face/worker/create-worker";
import type { DownloadProgress } from "@/lib/face/worker/asset-cache";
import { returnWarmFaceWorker, takeWarmFaceWorker } from "@/lib/face/worker/warm";
import type { EngineConfig, EngineInfo, FrameAnalysis } from "@/lib/face/worker/protocol";

export interface FaceCaptureProps {
  steps: LivenessStep[];
  mode: "check-in" | "enrol";
  onResult: (result: FaceCaptureResult) => void;
  onError?: (error: Error) => void;
  /** Start the challenge as soon as the camera and models are ready (default); else show a Start button. */
  autoStart?: boolean;
  runnerOptions?: Partial<RunnerOptions>;
  engineConfig?: Partial<EngineConfig>;
  /** Draw the landmarks and show numbers (for the lab page). */
  debug?: boolean;
  /**
   * While the models load: "progress" shows the download bar (bytes of total); "quiet" says only "Getting ready…"
   * (the kiosk: staff walking up need no download figures).
   */
  loading?: "progress" | "quiet";
  /** Every analysed frame (for the lab page's curves). */
  onFrame?: (state: RunnerState, frame: FrameAnalysis, engine: EngineInfo) => void;
  /** The camera, when the page started opening it already (at the click, while it fetched the challenge). */
  camera?: Promise<MediaStream>;
}

type Status =
  | { kind: "loading" }
  | { kind: "ready" }
  | { kind: "running" }
  | { kind: "done" }
  | { kind: "error"; message: string; retry: boolean };


function drawOverlay(canvas: HTMLCanvasElement, frame: FrameAnalysis, state: RunnerState, debug: boolean): void {
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  if (canvas.width !== frame.width || canvas.height !== frame.height) {
    canvas.width = frame.width;
    canvas.height = frame.height;
  }
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const f = frame.face;
  if (!f) return;
  const good = !state.issue;
  ctx.lineWidth = Math.max(2, frame.width / 200);
  ctx.strokeStyle = good ? "rgba(34,197,94,0.9)" : "rgba(245,158,11,0.9)";
  const b = f.box;
  ctx.beginPath();
  ctx.roundRect(b.x, b.y, b.width, b.height, 12);
  ctx.stroke();
  if (debug && f.landmarks) {
    ctx.fillStyle = "rgba(56,189,248,0.8)";
    for (let i = 0; i < f.landmarks.length; i += 3) {
      ctx.fillRect(f.landmarks[i]! * frame.width - 1, f.landmarks[i + 1]! * frame.height - 1, 2, 2);
    }
  }
}

export function FaceCapture({
  steps,
  mode,
  onResult,
  onError,
  autoStart = true,
  runnerOptions,
  engineConfig,
  debug = false,
  loading = "progress",
  onFrame,
  camera,
}: FaceCaptureProps) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const clientRef = useRef<FaceWorkerClient | null>(null);
  const engineRef = useRef<EngineInfo | null>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const [status, setStatus] = useState<Status>({ kind: "loading" });
  const [progress, setProgress] = useState<{ loaded: number; total: number } | null>(null);
  const [cameraReady, setCameraReady] = useState(false);
  const [engineReady, setEngineReady] = useState(false);
  const [runner, setRunner] = useState<RunnerState | null>(null);
  const [debugLine, setDebugLine] = useState("");

  const callbacks = useRef({ onResult, onError, onFrame });
  callbacks.current = { onResult, onError, onFrame };

  const fail = useCallback((err: unknown, retry: boolean) => {
    const e = err instanceof Error ? err : new Error(String(err));
    setStatus({ kind: "error", message: e.message, retry });
    callbacks.current.onError?.(e);
  }, []);

  /** The worker whose models loaded (the one the page may reuse after this capture). */
  const loadedRef = useRef<{ client: FaceWorkerClient; info: EngineInfo } | null>(null);
  /** The worker's loading stalled (its watchdog fired): "Try again" starts another. */
  const loadStalledRef = useRef(false);
  /** The current worker's landmarker is built (a warm worker, or one that has run a session). */
  const warmRef = useRef(false);
  const unmountedRef = useRef(false);

  /**
   * A loaded face worker: the page's warm one when it started one (lib/face/worker/warm.ts) and this capture uses the
   * default engine settings, else a new one (models from Cache Storage after the first visit); the old one is disposed.
   */
  const bootEngine = useCallback(
    (isCancelled: () => boolean) => {
      void clientRef.current?.dispose();
      const pre = engineConfig ? null : takeWarmFaceWorker();
      const client = pre?.client ?? new FaceWorkerClient(createFaceWorker());
      clientRef.current = client;
      warmRef.current = !!pre;
      loadedRef.current = null;
      loadStalledRef.current = false;
      setEngineReady(false);
      const onProgress = (p: DownloadProgress) => !isCancelled() && setProgress({ loaded: p.loaded, total: p.total });
      let loading: Promise<EngineInfo>;
      if (pre) {
        pre.onProgress(onProgress);
        loading = pre.ready;
      } else loading = client.load(engineConfig, onProgress);
      loading
        .then((info) => {
          if (isCancelled()) return;
          markCheckin("engine-ready", { loadMs: info.load.totalMs, warm: pre ? 1 : 0 });
          engineRef.current = info;
          loadedRef.current = { client, info };
          setEngineReady(true);
        })
        .catch((err: unknown) => {
          if (isCancelled()) return;
          if (err instanceof FaceWorkerStalled) {
            loadStalledRef.current = true;
            return fail(new FaceCaptureError("stalled", STALLED_MESSAGE), true);
          }
          fail(new Error(`The face models could not be loaded: ${err instanceof Error ? err.message : String(err)}`), false);
        });
      return client;
    },
    // engineConfig is read once at mount on purpose (remount to change it).
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [fail],
  );

  // Camera and models start together; both are released on unmount (a loaded worker goes back to the page's slot).
  useEffect(() => {
    let cancelled = false;
    unmountedRef.current = false;
    const client = bootEngine(() => cancelled);
    (camera ?? openCamera())
      .then(async (stream) => {
        if (cancelled) return stopCamera(stream);
        streamRef.current = stream;
        await attachCamera(videoRef.current!, stream);
        markCheckin("camera-ready");
        if (!cancelled) setCameraReady(true);
      })
      .catch((err: unknown) => !cancelled && fail(err, !(err instanceof CameraError) || err.kind !== "unsupported"));
    return () => {
      cancelled = true;
      unmountedRef.current = true;
      abortRef.current?.abort();
      stopCamera(streamRef.current);
      streamRef.current = null;
      const current = clientRef.current;
      const loaded = loadedRef.current;
      if (current && loaded?.client === current) returnWarmFaceWorker(current, loaded.info);
      else void current?.dispose();
      if (current !== client) void client.dispose(); // the first worker, replaced after a stall
      clientRef.current = null;
      loadedRef.current = null;
    };
    // The camera promise is read once at mount (remount for another).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fail, bootEngine]);

  const start = useCallback(async () => {
    const client = clientRef.current;
    const engine = engineRef.current;
    const video = videoRef.current;
    if (!client || !engine || !video) return;
    abortRef.current?.abort();
    const abort = new AbortController();
    abortRef.current = abort;
    setStatus({ kind: "running" });
    try {
      const result = await runCaptureSession({
        video,
        client,
        engine,
        steps,
        runner: runnerOptions,
        warm: warmRef.current,
        signal: abort.signal,
        onFrame: (state, frame) => {
          setRunner(state);
          if (overlayRef.current) drawOverlay(overlayRef.current, frame, state, debug);
          if (debug && frame.face) {
            const f = frame.face;
            setDebugLine(
              `EAR ${f.ear.mean.toFixed(3)} · yaw ${f.pose.yaw.toFixed(1)}° · pitch ${f.pose.pitch.toFixed(1)}° · ` +
                `luma ${f.luma.toFixed(0)} · sharp ${f.sharpness.toFixed(0)}` +
                (frame.antispoof ? ` · real ${frame.antispoof.score.toFixed(3)}` : "") +
                ` · ${frame.timings.landmarksMs.toFixed(1)} ms`,
            );
          }
          callbacks.current.onFrame?.(state, frame, engine);
        },
      });
      warmRef.current = true;
      if (abort.signal.aborted) return;
      setStatus({ kind: "done" });
      callbacks.current.onResult(result);
    } catch (err) {
      if (clientRef.current === client && err instanceof FaceCaptureError && (err.transcript?.frames ?? 0) > 0) warmRef.current = true;
      if (err instanceof FaceCaptureError && err.code === "aborted") return;
      // A stuck worker would stall the retry too: replace it (the retry waits for the new one to load).
      if (err instanceof FaceCaptureError && err.code === "stalled") bootEngine(() => abort.signal.aborted);
      fail(err, true);
    }
  }, [steps, runnerOptions, debug, fail]);

  const ready = cameraReady && engineReady;
  useEffect(() => {
    if (ready && autoStart && status.kind === "loading") void start();
    else if (ready && status.kind === "loading") setStatus({ kind: "ready" });
  }, [ready, autoStart, status.kind, start]);

  const retry = () => {
    if (cameraReady && !engineReady) {
      // The worker is being replaced (after a stall): start once it has loaded.
      if (loadStalledRef.current) bootEngine(() => unmountedRef.current);
      setStatus({ kind: "loading" });
      return;
    }
    if (!ready) {
      // A camera error: reload the page state by remounting is up to the caller; try the camera again here.
      openCamera()
        .then(async (stream) => {
          streamRef.current = stream;
          await attachCamera(videoRef.current!, stream);
          setCameraReady(true);
          setStatus({ kind: "loading" });
        })
        .catch((err: unknown) => fail(err, true));
      return;
    }
    void start();
  };

  const pct = progress && progress.total > 0 ? Math.round((100 * progress.loaded) / progress.total) : 0;
  const mb = (b: number) => (b / 1e6).toFixed(1);
  const prompt =
    status.kind === "error"
      ? status.message
      : status.kind === "done"
        ? mode === "enrol"
          ? "Captured."
          : "Done."
        : status.kind === "running"
          ? (runner?.prompt ?? "Look at the camera.")
          : !engineReady
            ? loading === "quiet"
              ? "Getting ready…"
              : "Preparing face check…"
            : !cameraReady
              ? "Waiting for the camera…"
              : "Ready.";

  return (
    <div className="flex w-full max-w-md flex-col gap-3" data-testid="face-capture" data-status={status.kind}>
      <div className="relative aspect-[4/3] w-full overflow-hidden rounded-xl bg-neutral-900">
        <video ref={videoRef} className="h-full w-full -scale-x-100 object-cover" muted playsInline aria-label="Camera preview" />
        <canvas ref={overlayRef} className="pointer-events-none absolute inset-0 h-full w-full -scale-x-100 object-cover" aria-hidden="true" />
        {runner?.remainingMs !== undefined && status.kind === "running" && runner.phase === "step" ? (
          <div
            className="absolute bottom-0 left-0 h-1 bg-sky-400 transition-[width]"
            style={{ width: `${Math.min(100, (100 * runner.remainingMs) / (runnerOptions?.liveness?.stepTimeoutMs ?? 8000))}%` }}
          />
        ) : null}
      </div>

      {!engineReady && status.kind !== "error" && loading === "progress" ? (
        <div>
          <div className="h-2 w-full overflow-hidden rounded bg-neutral-200" role="progressbar" aria-label="Downloading face models" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
            <div className="h-full bg-sky-500 transition-[width]" style={{ width: `${pct}%` }} />
          </div>
          <p className="mt-1 text-xs text-neutral-500">
            {progress ? `Downloading face models: ${mb(progress.loaded)} of ${mb(progress.total)} MB` : "Preparing face models…"}
          </p>
        </div>
      ) : null}

      <ol className="flex gap-2 text-sm" aria-label="Steps">
        {steps.map((s, i) => {
          const doneStep = status.kind === "done" || (runner !== null && (runner.phase === "finishing" || runner.phase === "done" || (runner.phase === "step" && runner.stepIndex > i)));
          const current = runner?.phase === "step" && runner.stepIndex === i;
          return (
            <li
              key={`${s}-${i}`}
              className={`rounded-full px-3 py-1 ${doneStep ? "bg-green-100 text-green-800" : current ? "bg-sky-100 text-sky-900" : "bg-neutral-100 text-neutral-600"}`}
              title={stepPrompts[s]}
            >
              {doneStep ? "✓ " : ""}
              {livenessStepLabels[s]}
            </li>
          );
        })}
      </ol>

      <p
        className={`min-h-[3rem] text-lg font-medium ${status.kind === "error" ? "text-red-700" : "text-neutral-900"}`}
        aria-live="polite"
        role={status.kind === "error" ? "alert" : "status"}
        data-testid="face-prompt"
      >
        {prompt}
      </p>

      {debug && debugLine ? <p className="font-mono text-xs text-neutral-600">{debugLine}</p> : null}

      {status.kind === "ready" ? (
        <button type="button" className="rounded-lg bg-sky-600 px-4 py-2 font-medium text-white hover:bg-sky-700" onClick={() => void start()}>
          {mode === "enrol" ? "Start capture" : "Start check-in"}
        </button>
      ) : null}
      {status.kind === "error" && status.retry ? (
        <button type="button" className="rounded-lg bg-neutral-800 px-4 py-2 font-medium text-white hover:bg-neutral-900" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export type { FaceCaptureResult } from "@/lib/face/capture-session";
