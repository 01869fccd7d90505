// The face engine that runs inside the worker, composed of one module per job (as vladmandic/human has one per
// model): provider.ts loads every model once (cached) and picks the ONNX provider; frame-analysis.ts measures a
// camera frame's face; embedder.ts and antispoof.ts run the models; capture.ts keeps the evidence burst and turns
// the best frame into the aligned crop, the embedding and the JPEGs the server needs; image-mode.ts analyses
// still images for the evaluation tools. This class holds their state (landmarkers, sessions, the best frame).
// Uses OffscreenCanvas (available in workers); no DOM.

import type { Box } from "@/lib/face/core/types";
import { bestFrameOptionsFor, bestFrameScore } from "@/lib/face/best-frame";
import type { RgbaImage } from "@/lib/face/preprocess";
import { antispoof } from "@/lib/face/worker/antispoof";
import type { DownloadProgress } from "@/lib/face/worker/asset-cache";
import { captureOf, EvidenceEncoder, type Candidate } from "@/lib/face/worker/capture";
import { embed, embedRaw } from "@/lib/face/worker/embedder";
import { FrameReader } from "@/lib/face/worker/frame-analysis";
import { analyseImage, IMAGE_MAX_FACES } from "@/lib/face/worker/image-mode";
import { chooseDelegate, createLandmarker, type FaceLandmarker } from "@/lib/face/worker/landmarker";
import type { AntispoofResult, CaptureResult, EngineConfig, EngineInfo, FrameAnalysis, FrameOptions, ImageAnalysis, ImageOptions } from "@/lib/face/worker/protocol";
import { loadModels, type EngineSessions, type MediapipeFiles } from "@/lib/face/worker/provider";

export class FaceEngine {
  private video?: FaceLandmarker;
  private imageMode?: FaceLandmarker;
  private lastVideoTs = 0;
  private best?: Candidate;
  private readonly reader = new FrameReader();
  private readonly evidence = new EvidenceEncoder();

  private constructor(
    private readonly config: EngineConfig,
    private readonly sessions: EngineSessions,
    private readonly landmarkerModel: Uint8Array,
    private readonly mediapipeFiles: MediapipeFiles,
    public readonly info: EngineInfo,
  ) {}

  /** Downloads (or reads from cache) every file, chooses the provider and creates the sessions (provider.ts). */
  static async load(config: EngineConfig, onProgress?: (p: DownloadProgress) => void): Promise<FaceEngine> {
    const { sessions, landmarkerModel, mediapipeFiles, info } = await loadModels(config, onProgress);
    return new FaceEngine(config, sessions, landmarkerModel, mediapipeFiles, info);
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
      const { m, landmarks } = this.reader.measure(result, 0, image, options.wantLandmarks);
      out.face = m;
      out.timings.measureMs = performance.now() - tM;

      if (options.evidence) out.evidenceJpeg = await this.evidence.jpeg(image, landmarks);

      const score = options.candidate
        ? bestFrameScore(
            { pose: m.pose, earMean: m.ear.mean, blinkBlendshape: m.blinkBlendshape, sharpness: m.sharpness },
            bestFrameOptionsFor(options.targetYawDeg ?? 0),
          )
        : null;
      const keep = score !== null && (!this.best || score > this.best.score);
      if (options.antispoof || keep) {
        const tP = performance.now();
        const img = this.reader.pixels(image);
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

  /** Turns the best frame so far into the capture result (null when no frame was eligible). */
  async capture(): Promise<CaptureResult | null> {
    if (!this.best) return null;
    return captureOf(this.best, { embed: (rgba) => this.embedAligned(rgba), antispoof: (img, box) => this.antispoof(img, box) });
  }

  /** MobileFaceNet on an aligned 112x112 RGBA crop → L2-normalised embedding. */
  async embedAligned(rgba: Uint8ClampedArray): Promise<Float32Array> {
    return embed(this.sessions.embedding, rgba);
  }

  /** MobileFaceNet's output before L2 normalisation (evaluation: Euclidean distance on raw embeddings). */
  async embedAlignedRaw(rgba: Uint8ClampedArray): Promise<Float32Array> {
    return embedRaw(this.sessions.embedding, rgba);
  }

  /** Both anti-spoof models on an RGBA image with a face box (MediaPipe convention). */
  async antispoof(img: RgbaImage, faceBox: Box): Promise<AntispoofResult> {
    return antispoof(this.sessions, img, faceBox);
  }

  /** IMAGE-mode analysis of a still image (evaluation, enrolment from a file). The bitmap is closed afterwards. */
  async image(input: ImageBitmap | Blob, options: ImageOptions): Promise<ImageAnalysis> {
    return analyseImage(
      {
        landmarker: (probe) => this.imageLandmarker(probe),
        pixels: (image) => this.reader.pixels(image),
        embedRaw: (rgba) => this.embedAlignedRaw(rgba),
        antispoof: (img, box) => this.antispoof(img, box),
      },
      input,
      options,
    );
  }

  dispose(): void {
    this.video?.close();
    this.imageMode?.close();
    for (const s of Object.values(this.sessions)) void s.release();
  }
}
