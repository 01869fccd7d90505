// Browser side of tools/browser-harness.ts: the production FaceWorkerClient + face worker,
// exposed as `window.harness` with JSON-friendly arguments and results (typed arrays → arrays/base64).

import { BlinkDetector } from "@/lib/face/core/blink";
import type { Box } from "@/lib/face/core/types";
import { FaceWorkerClient } from "@/lib/face/worker/client";
import type { EngineConfig, EngineInfo, FrameOptions, ImageAnalysis, ImageOptions } from "@/lib/face/worker/protocol";
import type { FrameResult } from "@/tools/browser-harness";

const b64 = (u8: Uint8Array | Uint8ClampedArray): string => {
  let s = "";
  for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode(...u8.subarray(i, i + 0x8000));
  return btoa(s);
};
const unb64 = (s: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

let client: FaceWorkerClient | undefined;
const face = (): FaceWorkerClient => {
  client ??= new FaceWorkerClient(new Worker("/face-worker.js", { type: "module", name: "clockface-face" }));
  return client;
};

function imageJson(r: ImageAnalysis) {
  return {
    ...r,
    embedding: r.embedding ? Array.from(r.embedding) : undefined,
    rawEmbedding: r.rawEmbedding ? Array.from(r.rawEmbedding) : undefined,
    aligned: r.aligned ? b64(r.aligned) : undefined,
  };
}

async function imageOrError(blob: Promise<Blob>, options: ImageOptions) {
  try {
    return imageJson(await face().image(await blob, options));
  } catch (err) {
    const timings = { decodeMs: 0, landmarksMs: 0, alignMs: 0, embedMs: 0 };
    return { faceFound: false, faceCount: 0, width: 0, height: 0, timings, error: String(err) };
  }
}

const fetchBlob = async (url: string): Promise<Blob> => {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.blob();
};

const harness = {
  load: (config: Partial<EngineConfig>): Promise<EngineInfo> => face().load(config),

  async imagesB64(images: string[], options: ImageOptions) {
    return Promise.all(images.map((s) => imageOrError(Promise.resolve(new Blob([unb64(s)])), options)));
  },

  async imageUrls(urls: string[], options: ImageOptions) {
    return Promise.all(urls.map((u) => imageOrError(fetchBlob(u), options)));
  },

  /** VIDEO mode, strictly in order (each frame waits for the previous result). */
  async frames(urls: string[], tMs: number[], options: FrameOptions): Promise<FrameResult[]> {
    const blobs = await Promise.all(urls.map(fetchBlob));
    const out: FrameResult[] = [];
    for (let i = 0; i < blobs.length; i++) {
      const bmp = await createImageBitmap(blobs[i]!);
      const r = await face().frame(bmp, tMs[i]!, options);
      const { face: f, evidenceJpeg, ...frame } = r;
      // Typed arrays do not survive page.evaluate's serialisation: the evidence crop travels as base64.
      const rest = evidenceJpeg ? { ...frame, evidenceJpegB64: b64(evidenceJpeg) } : frame;
      if (!f) {
        out.push(rest);
        continue;
      }
      const { landmarks: packed, ...measures } = f;
      const landmarks = packed
        ? Array.from({ length: packed.length / 3 }, (_, k) => ({ x: packed[k * 3]!, y: packed[k * 3 + 1]!, z: packed[k * 3 + 2]! }))
        : undefined;
      out.push({ ...rest, face: { ...measures, landmarks } });
    }
    return out;
  },

  async embedAlignedB64(crops: string[]): Promise<number[][]> {
    const out: number[][] = [];
    for (const c of crops) out.push(Array.from(await face().embedAligned(new Uint8ClampedArray(unb64(c)))));
    return out;
  },

  async antispoofUrl(url: string, box: Box): Promise<number> {
    return (await face().antispoof(await fetchBlob(url), box)).score;
  },

  /** Embedding latency measured in the page around the worker round trip (ms per call). */
  async timeEmbed(cropB64: string, runs: number): Promise<number[]> {
    const crop = new Uint8ClampedArray(unb64(cropB64));
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await face().embedAligned(crop.slice());
      ms.push(performance.now() - t0);
    }
    return ms;
  },

  /**
   * The landmark + liveness loop as the app runs it: a camera-like ImageBitmap per frame (copied from a
   * pre-decoded frame, as createImageBitmap(video) does), one frame in flight, anti-spoof every Nth
   * frame, the blink detector on the page. Returns the wall time and the per-frame worker timings.
   */
  async loop(urls: string[], tMs: number[], antispoofEvery: number) {
    const sources = await Promise.all(urls.map(async (u) => createImageBitmap(await fetchBlob(u))));
    const blink = new BlinkDetector();
    const frames = [];
    let blinks = 0;
    const t0 = performance.now();
    for (let i = 0; i < sources.length; i++) {
      const bmp = await createImageBitmap(sources[i]!);
      const r = await face().frame(bmp, tMs[i]!, { antispoof: i % antispoofEvery === 0, candidate: true, wantLandmarks: true });
      if (r.face && blink.push({ tMs: r.tMs, ear: r.face.ear.mean, blendshape: r.face.blinkBlendshape })?.kind === "blink") blinks++;
      frames.push(r.timings);
    }
    const wallMs = performance.now() - t0;
    const t1 = performance.now();
    const cap = await face().capture();
    const captureMs = performance.now() - t1;
    for (const s of sources) s.close();
    return { wallMs, frames, blinks, capture: cap ? { ...cap.timings, wallMs: captureMs, alignedJpegBytes: cap.alignedJpeg.length, contextJpegBytes: cap.contextJpeg.length } : null };
  },

  /** Reloads nothing: asks the worker to load again in a fresh worker (cold or cached, depending on the HTTP cache). */
  async freshLoad(config: Partial<EngineConfig>): Promise<{ wallMs: number; info: EngineInfo }> {
    await client?.dispose();
    client = undefined;
    const t0 = performance.now();
    const info = await face().load(config);
    return { wallMs: performance.now() - t0, info };
  },

  /** Decodes an image as the browser does (EXIF orientation applied) → RGBA as base64. */
  async decodeUrl(url: string): Promise<{ width: number; height: number; rgba: string }> {
    const bmp = await createImageBitmap(await fetchBlob(url));
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    const ctx = c.getContext("2d")!;
    ctx.drawImage(bmp, 0, 0);
    const d = ctx.getImageData(0, 0, bmp.width, bmp.height);
    bmp.close();
    return { width: d.width, height: d.height, rgba: b64(d.data) };
  },

  capture: () => face().capture(),
  resetCapture: () => face().resetCapture(),
  client: face,
  b64,
};

declare global {
  interface Window {
    harness: typeof harness;
  }
}

window.harness = harness;
