// The face engine that runs inside the worker: loads every model once (cached), then analyses camera
// frames (landmarks, eye aspect ratio, pose, quality measures, anti-spoof), keeps the best frame and turns
// it into the aligned crop, the embedding and the JPEGs the server needs. Also IMAGE-mode analysis for the
// evaluation tools. Uses OffscreenCanvas (available in workers); no DOM.

import { checkinOptions } from "@/lib/checkin/options";
import { evidenceCropBox, EVIDENCE_CROP_PX } from "@/lib/face/core/evidence-crop";
import { alignmentFor, warpToTemplate, AlignmentError } from "@/lib/face/core/align";
import { realScore } from "@/lib/face/core/antispoof";
import { centralFaceIndex } from "@/lib/face/core/face-select";
import { earFromMesh } from "@/lib/face/core/ear";
import { headPoseFromMatrix, type HeadPose } from "@/lib/face/core/pose";
import { faceBoxFromLandmarks, laplacianVariance, meanLuma, toGray } from "@/lib/face/core/quality";
import { l2normalize } from "@/lib/face/core/similarity";
import type { Box, Landmark } from "@/lib/face/core/types";
import { antispoofInputs, contextCrop } from "@/lib/face/antispoof-input";
import { bestFrameOptionsFor, bestFrameScore } from "@/lib/face/best-frame";
import { browserAssets, mediapipeRuntime, modelUrl, ORT_RUNTIMES, runtimeUrl, type RuntimeKey } from "@/lib/face/assets";
import { ALIGNED_SIZE, MODELS, type OnnxModelEntry } from "@/lib/face/models";
import { cropResize, embeddingInput, type RgbaImage } from "@/lib/face/preprocess";
import { fetchAssets, type DownloadProgress } from "@/lib/face/worker/asset-cache";
import { chooseDelegate, createLandmarker, isModuleWorker, type FaceLandmarker, type FaceLandmarkerResult } from "@/lib/face/worker/landmarker";
import {
  configureOrt,
  createSessionOn,
  effectiveThreads,
  ortVersion,
  runSession,
  timeSession,
  webGpuUnavailableReason,
  type WebProvider,
} from "@/lib/face/worker/ort-web";
import type {
  AntispoofResult,
  CaptureResult,
  EngineConfig,
  EngineInfo,
  FaceMeasurements,
  FrameAnalysis,
  FrameOptions,
  ImageAnalysis,
  ImageOptions,
} from "@/lib/face/worker/protocol";
import type { InferenceSession } from "onnxruntime-web";

/** Width the face box is resized to before the sharpness measure (pixels), so sharpness is comparable across distances. */
const SHARPNESS_WIDTH = 112;
/** Faces the IMAGE-mode landmarker looks for in a still image (the central one is analysed). */
const IMAGE_MAX_FACES = 5;

/** A runtime file's absolute URL (ORT imports its loader with import(), which resolves against the worker's URL). */
const absolute = (key: RuntimeKey) => new URL(runtimeUrl(key), self.location.href).href;

interface Candidate {
  score: number;
  image: RgbaImage;
  landmarks: Landmark[];
  box: Box;
  pose: HeadPose;
  sharpness: number;
  tMs: number;
}

function landmarksOf(result: FaceLandmarkerResult, i: number): Landmark[] {
  return (result.faceLandmarks[i] ?? []).map((p) => ({ x: p.x, y: p.y, z: p.z }));
}

export class FaceEngine {
  private video?: FaceLandmarker;
  private imageMode?: FaceLandmarker;
  private lastVideoTs = 0;
  private best?: Candidate;
  private readonly canvas = new OffscreenCanvas(640, 480);
  private readonly ctx: OffscreenCanvasRenderingContext2D;
  private readonly faceCanvas = new OffscreenCanvas(SHARPNESS_WIDTH, SHARPNESS_WIDTH);
  private readonly faceCtx: OffscreenCanvasRenderingContext2D;

  private constructor(
    private readonly config: EngineConfig,
    private readonly sessions: Record<"embedding" | "antispoofV2" | "antispoofV1se", InferenceSession>,
    private readonly landmarkerModel: Uint8Array,
    private readonly mediapipeFiles: { wasmLoaderPath: string; wasmBinaryPath: string },
    public readonly info: EngineInfo,
  ) {
    const ctx = this.canvas.getContext("2d", { willReadFrequently: true });
    const faceCtx = this.faceCanvas.getContext("2d", { willReadFrequently: true });
    if (!ctx || !faceCtx) throw new Error("OffscreenCanvas 2D is not available");
    this.ctx = ctx;
    this.faceCtx = faceCtx;
  }

  /**
   * Fetches every file through the HTTP cache (lib/face/worker/asset-cache.ts) and creates the ONNX sessions. The embedding model decides
   * the provider: with 'auto' and a WebGPU adapter, both WebGPU and WASM are timed on a few runs and the
   * faster is kept (a software adapter is ~60x slower than WASM); without an adapter only WASM (and only
   * its ORT build) is loaded. The anti-spoof models follow the embedding's provider.
   */
  static async load(config: EngineConfig, onProgress?: (p: DownloadProgress) => void): Promise<FaceEngine> {
    const t0 = performance.now();
    const threads = effectiveThreads(config.threads);

    let webgpuError = config.provider === "wasm" ? undefined : await webGpuUnavailableReason(config.softwareGpu || config.provider === "webgpu");
    if (config.provider === "webgpu" && webgpuError) throw new Error(`WebGPU was required: ${webgpuError}`);
    // 'auto' with a (hardware) WebGPU adapter measures both providers.
    const candidates: WebProvider[] =
      config.provider === "wasm" || webgpuError ? ["wasm"] : config.provider === "webgpu" ? ["webgpu"] : ["wasm", "webgpu"];

    const assets = browserAssets({ ortBuilds: candidates, moduleWorker: isModuleWorker });
    const fetched = await fetchAssets(assets, onProgress);
    const tFetched = performance.now();
    const byUrl = new Map(fetched.map((f) => [f.url, f]));
    const bytesOf = (m: { sha256: string; file: string }) => {
      const data = byUrl.get(modelUrl(m))?.data;
      if (!data) throw new Error(`missing model ${m.file}`);
      return data;
    };
    const sessionOn = (p: WebProvider, m: OnnxModelEntry) => {
      configureOrt(p, { runtime: { mjs: absolute(ORT_RUNTIMES[p].mjs), wasm: absolute(ORT_RUNTIMES[p].wasm) }, numThreads: threads });
      return createSessionOn(bytesOf(m), p);
    };

    // The embedding model decides the provider; the anti-spoof models follow it.
    const spec = MODELS.embedding.input;
    const measured: Partial<Record<WebProvider, number>> = {};
    let chosen: { provider: WebProvider; session: InferenceSession } | undefined;
    for (const p of candidates) {
      let session: InferenceSession;
      try {
        session = await sessionOn(p, MODELS.embedding);
        // WASM is timed first; WebGPU stops being timed as soon as one run is twice as slow.
        if (candidates.length > 1) measured[p] = await timeSession(session, spec.name, spec.shape, 5, 2 * (measured.wasm ?? Infinity));
      } catch (err) {
        if (p === "wasm" || config.provider === "webgpu") throw err;
        webgpuError = err instanceof Error ? err.message : String(err);
        continue;
      }
      if (!chosen || measured[p]! < measured[chosen.provider]!) {
        await chosen?.session.release();
        chosen = { provider: p, session };
      } else {
        await session.release();
      }
    }
    if (!chosen) throw new Error("no ONNX provider could be used");
    const provider = chosen.provider;
    if (provider === "wasm" && measured.webgpu !== undefined) {
      webgpuError = `slower than WASM here (${measured.webgpu.toFixed(1)} ms vs ${measured.wasm!.toFixed(1)} ms per embedding)`;
    }
    const [antispoofV2, antispoofV1se] = await Promise.all([sessionOn(provider, MODELS.antispoofV2), sessionOn(provider, MODELS.antispoofV1se)]);
    const sessions = { embedding: chosen.session, antispoofV2, antispoofV1se };
    const tSessions = performance.now();
    // A session's first run allocates and initialises its kernels (several times a normal run): pay it
    // here, not on the first frame of someone's liveness check.
    const warm: [InferenceSession, OnnxModelEntry][] = [[antispoofV2, MODELS.antispoofV2], [antispoofV1se, MODELS.antispoofV1se]];
    if (measured[provider] === undefined) warm.push([chosen.session, MODELS.embedding]); // else the measurement ran it
    for (const [session, { input }] of warm) {
      await runSession(session, input.name, new Float32Array(input.shape.reduce((a: number, b: number) => a * b, 1)), input.shape);
    }
    const tWarm = performance.now();

    const mp = mediapipeRuntime(isModuleWorker);
    const mediapipeFiles = { wasmLoaderPath: absolute(mp.loader), wasmBinaryPath: absolute(mp.binary) };
    const info: EngineInfo = {
      provider,
      webgpuError,
      providerMeasuredMs: Object.keys(measured).length ? measured : undefined,
      threads,
      crossOriginIsolated: typeof crossOriginIsolated !== "undefined" && crossOriginIsolated,
      modelBytes: assets.filter((a) => a.kind === "model").reduce((s, a) => s + a.bytes, 0),
      downloadedBytes: fetched.reduce((s, f) => s + f.transferredBytes, 0),
      fromCache: fetched.every((f) => f.fromCache),
      load: { fetchMs: tFetched - t0, sessionsMs: tSessions - tFetched, warmupMs: tWarm - tSessions, totalMs: tWarm - t0 },
      ortVersion: ortVersion(),
    };
    const engine = new FaceEngine(
      config,
      sessions,
      bytesOf(MODELS.faceLandmarker),
      mediapipeFiles,
      info,
    );
    return engine;
  }

  private landmarkerFiles() {
    return { model: this.landmarkerModel, fileset: this.mediapipeFiles };
  }

  /** The VIDEO-mode landmarker; the first call measures the delegates on `probe`. */
  private async videoLandmarker(probe: ImageBitmap): Promise<FaceLandmarker> {
    if (this.video) return this.video;
    const t0 = performance.now();
    const { landmarker, choice } = await chooseDelegate(this.landmarkerFiles(), probe, this.config.delegate, { measureSoftwareGpu: this.config.softwareGpu });
    this.video = landmarker;
    this.lastVideoTs = performance.now() + 1000; // past the measurement's timestamps
    this.info.delegate = choice;
    this.info.load.landmarkerMs = performance.now() - t0;
    return landmarker;
  }

  private async imageLandmarker(probe: ImageBitmap): Promise<FaceLandmarker> {
    if (this.imageMode) return this.imageMode;
    if (!this.info.delegate) await this.videoLandmarker(probe); // measure once, reuse the choice
    // Up to IMAGE_MAX_FACES faces, so that the central one is among them in a crowded photo.
    this.imageMode = await createLandmarker(this.landmarkerFiles(), { delegate: this.info.delegate!.delegate, mode: "IMAGE", numFaces: IMAGE_MAX_FACES });
    return this.imageMode;
  }

  /** Full-frame RGBA pixels of an image. */
  private pixels(image: ImageBitmap): RgbaImage {
    if (this.canvas.width !== image.width || this.canvas.height !== image.height) {
      this.canvas.width = image.width;
      this.canvas.height = image.height;
    }
    this.ctx.drawImage(image, 0, 0);
    const d = this.ctx.getImageData(0, 0, image.width, image.height);
    return { data: d.data, width: d.width, height: d.height };
  }

  /** Brightness and sharpness of the face region, resized to SHARPNESS_WIDTH wide. */
  private faceLumaSharpness(image: ImageBitmap, box: Box): { luma: number; sharpness: number } {
    const w = SHARPNESS_WIDTH;
    const h = Math.max(8, Math.round((SHARPNESS_WIDTH * box.height) / Math.max(1, box.width)));
    if (this.faceCanvas.height !== h) this.faceCanvas.height = h;
    this.faceCtx.drawImage(image, box.x, box.y, box.width, box.height, 0, 0, w, h);
    const d = this.faceCtx.getImageData(0, 0, w, h);
    return { luma: meanLuma(d.data), sharpness: laplacianVariance(toGray(d.data), w, h) };
  }

  private measure(result: FaceLandmarkerResult, i: number, image: ImageBitmap, wantLandmarks: boolean): { m: FaceMeasurements; landmarks: Landmark[] } {
    const { width, height } = image;
    const landmarks = landmarksOf(result, i);
    const box = faceBoxFromLandmarks(landmarks, width, height);
    const ear = earFromMesh(landmarks, width, height);
    const cats = result.faceBlendshapes[i]?.categories ?? [];
    const bl = cats.find((c) => c.categoryName === "eyeBlinkLeft")?.score;
    const br = cats.find((c) => c.categoryName === "eyeBlinkRight")?.score;
    const blinkBlendshape = bl !== undefined && br !== undefined ? (bl + br) / 2 : Number.NaN;
    const matrix = result.facialTransformationMatrixes[i]?.data;
    const pose: HeadPose = matrix ? headPoseFromMatrix(matrix) : { yaw: Number.NaN, pitch: Number.NaN, roll: Number.NaN };
    const clipped = clipBox(box, width, height);
    let luma = Number.NaN;
    let sharpness = Number.NaN;
    if (clipped) ({ luma, sharpness } = this.faceLumaSharpness(image, clipped));
    const m: FaceMeasurements = { box, ear, blinkBlendshape, pose, luma, sharpness };
    if (wantLandmarks) {
      const packed = new Float32Array(landmarks.length * 3);
      landmarks.forEach((p, k) => packed.set([p.x, p.y, p.z], k * 3));
      m.landmarks = packed;
    }
    return { m, landmarks };
  }

  /** Analyses one camera frame (VIDEO mode). The bitmap is closed afterwards. */
  async frame(image: ImageBitmap, tMs: number, options: FrameOptions): Promise<FrameAnalysis> {
    const t0 = performance.now();
    try {
      const lm = await this.videoLandmarker(image);
      const tLm0 = performance.now();
      this.lastVideoTs = Math.max(this.lastVideoTs + 1, tMs);
      const result = lm.detectForVideo(image, this.lastVideoTs);
      const landmarksMs = performance.now() - tLm0;
      const faceCount = result.faceLandmarks.length;
      const out: FrameAnalysis = {
        tMs,
        width: image.width,
        height: image.height,
        faceCount,
        bestSoFar: false,
        timings: { landmarksMs, pixelsMs: 0, measureMs: 0, totalMs: 0 },
      };
      if (faceCount !== 1) {
        out.timings.totalMs = performance.now() - t0;
        return out;
      }
      const tM = performance.now();
      const { m, landmarks } = this.measure(result, 0, image, options.wantLandmarks);
      out.face = m;
      out.timings.measureMs = performance.now() - tM;

      if (options.evidence) out.evidenceJpeg = await this.evidenceJpeg(image, landmarks);

      const score = options.candidate
        ? bestFrameScore(
            { pose: m.pose, earMean: m.ear.mean, blinkBlendshape: m.blinkBlendshape, sharpness: m.sharpness },
            bestFrameOptionsFor(options.targetYawDeg ?? 0),
          )
        : null;
      const keep = score !== null && (!this.best || score > this.best.score);
      if (options.antispoof || keep) {
        const tP = performance.now();
        const img = this.pixels(image);
        out.timings.pixelsMs = performance.now() - tP;
        if (options.antispoof) {
          const tA = performance.now();
          out.antispoof = await this.antispoof(img, m.box);
          out.timings.antispoofMs = performance.now() - tA;
        }
        if (keep) {
          this.best = { score: score!, image: img, landmarks, box: m.box, pose: m.pose, sharpness: m.sharpness, tMs };
          out.bestSoFar = true;
        }
      }
      out.timings.totalMs = performance.now() - t0;
      return out;
    } finally {
      image.close();
    }
  }

  resetCapture(): void {
    this.best = undefined;
  }

  private evidenceCanvas: OffscreenCanvas | undefined;

  /** The frame's evidence crop: square about the mesh's box (evidenceCropBox), EVIDENCE_CROP_PX, JPEG. */
  private async evidenceJpeg(image: ImageBitmap, landmarks: Landmark[]): Promise<Uint8Array> {
    const box = evidenceCropBox(landmarks, image.width, image.height);
    const n = EVIDENCE_CROP_PX;
    this.evidenceCanvas ??= new OffscreenCanvas(n, n);
    const ctx = this.evidenceCanvas.getContext("2d");
    if (!ctx) throw new Error("OffscreenCanvas 2D is not available");
    ctx.fillStyle = "#000";
    ctx.fillRect(0, 0, n, n);
    const k = n / box.width;
    // the part of the box inside the frame, drawn where it falls in the crop (outside the frame stays black)
    const sx = Math.max(0, box.x);
    const sy = Math.max(0, box.y);
    const sw = Math.min(image.width, box.x + box.width) - sx;
    const sh = Math.min(image.height, box.y + box.height) - sy;
    if (sw > 0 && sh > 0) ctx.drawImage(image, sx, sy, sw, sh, (sx - box.x) * k, (sy - box.y) * k, sw * k, sh * k);
    const blob = await this.evidenceCanvas.convertToBlob({ type: "image/jpeg", quality: EVIDENCE_JPEG_QUALITY });
    return new Uint8Array(await blob.arrayBuffer());
  }

  /** Turns the best frame so far into the capture result (null when no frame was eligible). */
  async capture(): Promise<CaptureResult | null> {
    const b = this.best;
    if (!b) return null;
    const t0 = performance.now();
    const aligned = warpToTemplate(b.image.data as Uint8ClampedArray, b.image.width, b.image.height, alignmentFor(b.landmarks, b.image.width, b.image.height), ALIGNED_SIZE);
    const t1 = performance.now();
    const embedding = await this.embedAligned(aligned);
    const t2 = performance.now();
    const ctxCrop = contextCrop(b.image, b.box);
    const contextAntispoof = (await this.antispoof(ctxCrop.image, ctxCrop.faceBox)).score;
    const t3 = performance.now();
    const alignedJpeg = await encodeJpeg({ data: aligned, width: ALIGNED_SIZE, height: ALIGNED_SIZE }, 0.92, checkinOptions.maxAlignedJpegBytes);
    const contextJpeg = await encodeJpeg(ctxCrop.image, 0.9, checkinOptions.maxContextJpegBytes);
    const t4 = performance.now();
    return {
      aligned,
      embedding,
      alignedJpeg,
      contextJpeg,
      contextSize: { width: ctxCrop.image.width, height: ctxCrop.image.height },
      contextFaceBox: ctxCrop.faceBox,
      contextAntispoof,
      frameTMs: b.tMs,
      pose: b.pose,
      sharpness: b.sharpness,
      timings: { alignMs: t1 - t0, embedMs: t2 - t1, antispoofMs: t3 - t2, encodeMs: t4 - t3 },
    };
  }

  /** MobileFaceNet on an aligned 112x112 RGBA crop → L2-normalised embedding. */
  async embedAligned(rgba: Uint8ClampedArray): Promise<Float32Array> {
    return Float32Array.from(l2normalize(await this.embedAlignedRaw(rgba)));
  }

  /** MobileFaceNet's output before L2 normalisation (evaluation: Euclidean distance on raw embeddings). */
  async embedAlignedRaw(rgba: Uint8ClampedArray): Promise<Float32Array> {
    const spec = MODELS.embedding.input;
    return runSession(this.sessions.embedding, spec.name, embeddingInput(rgba), spec.shape);
  }

  /** Both anti-spoof models on an RGBA image with a face box (MediaPipe convention). */
  async antispoof(img: RgbaImage, faceBox: Box): Promise<AntispoofResult> {
    const inputs = antispoofInputs(img, faceBox);
    const spec = MODELS.antispoofV2.input;
    // Sequential: one WASM instance runs one session at a time anyway.
    const v2 = await runSession(this.sessions.antispoofV2, spec.name, inputs.v2, spec.shape);
    const v1se = await runSession(this.sessions.antispoofV1se, spec.name, inputs.v1se, spec.shape);
    return { score: realScore(v2, v1se), v2Logits: Array.from(v2), v1seLogits: Array.from(v1se) };
  }

  /** IMAGE-mode analysis of a still image (evaluation, enrolment from a file). The bitmap is closed afterwards. */
  async image(input: ImageBitmap | Blob, options: ImageOptions): Promise<ImageAnalysis> {
    const t0 = performance.now();
    const image = input instanceof Blob ? await createImageBitmap(input) : input;
    try {
      const t1 = performance.now();
      const lm = await this.imageLandmarker(image);
      const result = lm.detect(image);
      const t2 = performance.now();
      const faceCount = result.faceLandmarks.length;
      const out: ImageAnalysis = {
        faceFound: false,
        faceCount,
        width: image.width,
        height: image.height,
        timings: { decodeMs: t1 - t0, landmarksMs: t2 - t1, alignMs: 0, embedMs: 0 },
      };
      // The face nearest the image centre (see lib/face/core/face-select.ts).
      const boxes = result.faceLandmarks.map((_, i) => faceBoxFromLandmarks(landmarksOf(result, i), image.width, image.height));
      const pick = centralFaceIndex(boxes, image.width, image.height);
      const needPixels = options.embed || options.antispoof;
      const img = needPixels ? this.pixels(image) : undefined;
      let aligned: Uint8ClampedArray | undefined;
      const t3 = performance.now();
      if (pick >= 0) {
        const landmarks = landmarksOf(result, pick);
        out.landmarks = landmarks;
        out.box = faceBoxFromLandmarks(landmarks, image.width, image.height);
        if (img && options.embed) {
          try {
            aligned = warpToTemplate(img.data as Uint8ClampedArray, img.width, img.height, alignmentFor(landmarks, img.width, img.height), ALIGNED_SIZE);
            out.faceFound = true;
          } catch (err) {
            if (!(err instanceof AlignmentError)) throw err; // degenerate landmarks: treat as no face
          }
        } else {
          out.faceFound = true;
        }
      }
      if (img && options.embed && !aligned && options.centreCropFallback) aligned = centreCrop(img);
      const t4 = performance.now();
      out.timings.alignMs = t4 - t3;
      if (aligned && options.embed) {
        const raw = await this.embedAlignedRaw(aligned);
        out.embedding = Float32Array.from(l2normalize(raw));
        if (options.wantRawEmbedding) out.rawEmbedding = raw;
        out.timings.embedMs = performance.now() - t4;
        if (options.wantAligned) out.aligned = aligned;
      }
      if (img && options.antispoof && out.box) {
        const t5 = performance.now();
        out.antispoof = await this.antispoof(img, out.box);
        out.timings.antispoofMs = performance.now() - t5;
      }
      return out;
    } finally {
      image.close();
    }
  }

  dispose(): void {
    this.video?.close();
    this.imageMode?.close();
    for (const s of Object.values(this.sessions)) void s.release();
  }
}

/** Box clipped to the frame, in integer pixels; undefined when nothing is left. */
function clipBox(b: Box, w: number, h: number): Box | undefined {
  const x0 = Math.max(0, Math.floor(b.x));
  const y0 = Math.max(0, Math.floor(b.y));
  const x1 = Math.min(w, Math.ceil(b.x + b.width));
  const y1 = Math.min(h, Math.ceil(b.y + b.height));
  return x1 - x0 >= 4 && y1 - y0 >= 4 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : undefined;
}

/** Fallback "alignment" when no face is found: the central square (half the short side), resized to 112. */
function centreCrop(img: RgbaImage): Uint8ClampedArray {
  const side = Math.round(Math.min(img.width, img.height) / 2);
  const rect = { x: Math.round((img.width - side) / 2), y: Math.round((img.height - side) / 2), width: side, height: side };
  return cropResize(img, rect, ALIGNED_SIZE, ALIGNED_SIZE);
}

/** JPEG quality of the evidence crops (5–9 kB at 160 px). */
const EVIDENCE_JPEG_QUALITY = 0.85;

/** JPEG via OffscreenCanvas, lowering the quality until it fits maxBytes. */
async function encodeJpeg(img: { data: Uint8ClampedArray; width: number; height: number }, quality: number, maxBytes: number): Promise<Uint8Array> {
  const c = new OffscreenCanvas(img.width, img.height);
  const ctx = c.getContext("2d");
  if (!ctx) throw new Error("OffscreenCanvas 2D is not available");
  ctx.putImageData(new ImageData(new Uint8ClampedArray(img.data), img.width, img.height), 0, 0);
  for (let q = quality; ; q -= 0.1) {
    const blob = await c.convertToBlob({ type: "image/jpeg", quality: Math.max(0.3, q) });
    if (blob.size <= maxBytes || q <= 0.3) return new Uint8Array(await blob.arrayBuffer());
  }
}
