"use client";

import { useEffect, useRef, useState } from "react";
import { BlinkDetector } from "@/lib/face/core/blink";
import { attachCamera, openCamera, stopCamera } from "@/lib/face/camera";
import { explainStartError } from "@/lib/face/start-error";
import { VideoFrames, grabFrame } from "@/lib/face/capture-session";
import { FaceWorkerClient } from "@/lib/face/worker/client";
import { createFaceWorker } from "@/lib/face/worker/create-worker";
import type { EngineInfo, FrameAnalysis } from "@/lib/face/worker/protocol";

const HISTORY = 180; // EAR samples shown (about 6 s at 30 fps)
const ANTISPOOF_EVERY = 5; // frames

interface Stats {
  fps: number;
  landmarks: number;
  antispoof: number;
  frame: number;
}

const median = (xs: number[]) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : Number.NaN;
};

export function LabClient() {
  const video = useRef<HTMLVideoElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const chart = useRef<HTMLCanvasElement>(null);
  const [engine, setEngine] = useState<EngineInfo | null>(null);
  const [progress, setProgress] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [last, setLast] = useState<FrameAnalysis | null>(null);
  const [antispoof, setAntispoof] = useState<number | null>(null);
  const [blinks, setBlinks] = useState(0);
  const [stats, setStats] = useState<Stats | null>(null);
  const [embedMs, setEmbedMs] = useState<number | null>(null);
  const clientRef = useRef<FaceWorkerClient | null>(null);

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | null = null;
    let frames: VideoFrames | null = null;
    const client = new FaceWorkerClient(createFaceWorker());
    clientRef.current = client;
    const ears: number[] = [];
    const timings: FrameAnalysis["timings"][] = [];
    const times: number[] = [];
    const detector = new BlinkDetector();

    (async () => {
      try {
        stream = await openCamera();
        await attachCamera(video.current!, stream);
        const info = await client.load({}, (p) => setProgress(p.total ? p.loaded / p.total : 0));
        setEngine(info);
        frames = new VideoFrames(video.current!);
        let seen = 0;
        let n = 0;
        while (!stopped) {
          seen = await frames.next(seen);
          const v = video.current;
          if (!v || v.videoWidth === 0) continue;
          const t = performance.now();
          const a = await client.frame(await grabFrame(v), t, {
            antispoof: n++ % ANTISPOOF_EVERY === 0,
            candidate: true,
            wantLandmarks: true,
          });
          if (stopped) break;
          times.push(t);
          timings.push(a.timings);
          if (times.length > 60) {
            times.shift();
            timings.shift();
          }
          if (a.face) {
            ears.push(a.face.ear.mean);
            if (ears.length > HISTORY) ears.shift();
            if (detector.push({ tMs: t, ear: a.face.ear.mean, blendshape: a.face.blinkBlendshape })?.kind === "blink")
              setBlinks((b) => b + 1);
          }
          if (a.antispoof) setAntispoof(a.antispoof.score);
          setLast(a);
          if (n % 10 === 0)
            setStats({
              fps: times.length > 1 ? ((times.length - 1) * 1000) / (times.at(-1)! - times[0]!) : 0,
              landmarks: median(timings.map((x) => x.landmarksMs)),
              antispoof: median(timings.map((x) => x.antispoofMs ?? Number.NaN)),
              frame: median(timings.map((x) => x.totalMs)),
            });
          draw(overlay.current, a);
          drawEar(chart.current, ears, detector.state().closeThreshold);
        }
      } catch (e) {
        setError(explainStartError(e));
      }
    })();
    return () => {
      stopped = true;
      frames?.stop();
      stopCamera(stream);
      void client.dispose().catch(() => {});
    };
  }, []);

  async function captureEmbedding() {
    const c = clientRef.current;
    if (!c) return;
    const r = await c.capture();
    setEmbedMs(r ? r.timings.embedMs : null);
    await c.resetCapture();
  }

  const f = last?.face;
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_320px]">
      <div className="space-y-4">
        <div className="relative overflow-hidden rounded-xl bg-slate-900">
          <video ref={video} className="w-full -scale-x-100" muted playsInline />
          <canvas ref={overlay} className="pointer-events-none absolute inset-0 h-full w-full -scale-x-100" />
          {!engine && !error && (
            <div className="absolute inset-x-0 bottom-0 bg-slate-900/70 p-3 text-sm text-white">
              Loading models… {Math.round(progress * 100)}%
              <div className="mt-1 h-1.5 rounded bg-slate-700">
                <div className="h-1.5 rounded bg-brand-500" style={{ width: `${progress * 100}%` }} />
              </div>
            </div>
          )}
        </div>
        <div className="card p-4">
          <h2 className="mb-2 text-sm font-medium text-slate-700">Eye aspect ratio (dashed: close threshold)</h2>
          <canvas ref={chart} width={640} height={120} className="h-28 w-full" />
        </div>
        {error && (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="lab-error">
            {error}
          </p>
        )}
      </div>
      <aside className="card space-y-4 text-sm" data-testid="lab-panel">
        <Section title="Runtime">
          <Row k="Provider" v={engine?.provider ?? "—"} testId="lab-provider" />
          {engine?.providerMeasuredMs && (
            <Row
              k="Provider timing"
              v={Object.entries(engine.providerMeasuredMs)
                .map(([p, ms]) => `${p} ${ms.toFixed(1)} ms`)
                .join(", ")}
            />
          )}
          {engine?.webgpuError && <Row k="Why not WebGPU" v={engine.webgpuError} />}
          <Row k="Threads" v={engine ? String(engine.threads) : "—"} testId="lab-threads" />
          <Row k="Landmark delegate" v={engine?.delegate?.delegate ?? "measured on first frame"} />
          {engine?.delegate?.gpuError && <Row k="Why not GPU delegate" v={engine.delegate.gpuError} />}
          <Row k="Models" v={engine ? `${(engine.modelBytes / 1e6).toFixed(1)} MB${engine.fromCache ? " (cached)" : ""}` : "—"} testId="lab-models" />
          <Row k="Load" v={engine ? `${engine.load.totalMs.toFixed(0)} ms` : "—"} />
        </Section>
        <Section title="Face">
          <Row k="Faces" v={last ? String(last.faceCount) : "—"} testId="lab-faces" />
          <Row k="EAR (mean)" v={f ? f.ear.mean.toFixed(3) : "—"} />
          <Row k="Blinks" v={String(blinks)} testId="lab-blinks" />
          <Row k="Yaw / pitch / roll" v={f ? `${f.pose.yaw.toFixed(0)}° / ${f.pose.pitch.toFixed(0)}° / ${f.pose.roll.toFixed(0)}°` : "—"} />
          <Row k="Brightness" v={f ? f.luma.toFixed(0) : "—"} />
          <Row k="Sharpness" v={f ? f.sharpness.toFixed(0) : "—"} />
          <Row k="Anti-spoof (live)" v={antispoof == null ? "—" : antispoof.toFixed(3)} />
        </Section>
        <Section title="Timings (median of last 60 frames)">
          <Row k="Frames / s" v={stats ? stats.fps.toFixed(1) : "—"} />
          <Row k="Landmarks" v={stats ? `${stats.landmarks.toFixed(1)} ms` : "—"} />
          <Row k="Anti-spoof pair" v={stats && Number.isFinite(stats.antispoof) ? `${stats.antispoof.toFixed(1)} ms` : "—"} />
          <Row k="Whole frame" v={stats ? `${stats.frame.toFixed(1)} ms` : "—"} />
          <Row k="Embedding" v={embedMs == null ? "—" : `${embedMs.toFixed(1)} ms`} />
        </Section>
        <button className="btn-secondary w-full" onClick={captureEmbedding} disabled={!engine}>
          Embed best frame
        </button>
      </aside>
    </div>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section>
      <h2 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h2>
      <dl className="space-y-0.5">{children}</dl>
    </section>
  );
}

function Row({ k, v, testId }: { k: string; v: string; testId?: string }) {
  return (
    <div className="flex justify-between gap-2">
      <dt className="text-slate-600">{k}</dt>
      <dd className="font-mono" data-testid={testId}>
        {v}
      </dd>
    </div>
  );
}

function draw(canvas: HTMLCanvasElement | null, a: FrameAnalysis) {
  if (!canvas) return;
  if (canvas.width !== a.width) {
    canvas.width = a.width;
    canvas.height = a.height;
  }
  const g = canvas.getContext("2d")!;
  g.clearRect(0, 0, canvas.width, canvas.height);
  const lm = a.face?.landmarks;
  if (!lm || !a.face) return;
  g.fillStyle = "rgba(56, 189, 248, 0.9)";
  for (let i = 0; i < lm.length; i += 3) g.fillRect(lm[i]! * a.width - 1, lm[i + 1]! * a.height - 1, 2, 2);
  const b = a.face.box;
  g.strokeStyle = "rgba(34, 197, 94, 0.9)";
  g.lineWidth = 2;
  g.strokeRect(b.x, b.y, b.width, b.height);
}

function drawEar(canvas: HTMLCanvasElement | null, ears: number[], closeAt: number | null | undefined) {
  if (!canvas) return;
  const g = canvas.getContext("2d")!;
  const { width: w, height: h } = canvas;
  g.clearRect(0, 0, w, h);
  const y = (v: number) => h - (Math.min(v, 0.45) / 0.45) * h;
  if (closeAt) {
    g.setLineDash([4, 4]);
    g.strokeStyle = "#f97316";
    g.beginPath();
    g.moveTo(0, y(closeAt));
    g.lineTo(w, y(closeAt));
    g.stroke();
    g.setLineDash([]);
  }
  g.strokeStyle = "#2563eb";
  g.lineWidth = 2;
  g.beginPath();
  ears.forEach((v, i) => {
    const x = (i / (HISTORY - 1)) * w;
    if (i === 0) g.moveTo(x, y(v));
    else g.lineTo(x, y(v));
  });
  g.stroke();
}
