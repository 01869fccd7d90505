// MediaPipe FaceLandmarker inside the worker: creation from its runtime's content-addressed URLs (the loader
// script and the binary, which MediaPipe instantiates streaming from its URL, so from the HTTP cache with
// Chromium's compiled code once fetched) and the model's bytes, and the delegate choice by a short measurement
// (the GPU delegate on a software WebGL renderer is ~8x slower than the CPU one).

import { FaceLandmarker, type FaceLandmarkerResult } from "@mediapipe/tasks-vision";
import { BROWSER_LANDMARKER_BLENDSHAPES } from "@/lib/face/models";

export type Delegate = "GPU" | "CPU";
export type DelegatePreference = "auto" | Delegate;
export type RunningMode = "VIDEO" | "IMAGE";

export interface LandmarkerFiles {
  /** MediaPipe's loader and binary for this kind of worker (lib/face/assets.ts mediapipeRuntime). */
  fileset: { wasmLoaderPath: string; wasmBinaryPath: string };
  /** The face_landmarker.task bytes. */
  model: Uint8Array;
}

/**
 * Whether this code runs in a module worker. Bundlers differ: esbuild (tests) keeps `type: "module"`, while
 * Turbopack emits workers as classic scripts that load their chunks with importScripts. MediaPipe ships a loader
 * for each kind (vision_wasm_module_internal.js / vision_wasm_internal.js), so pick by what is really running:
 * calling importScripts() with no argument is a no-op in a classic worker and throws in a module worker.
 */
export const isModuleWorker: boolean = (() => {
  const g = globalThis as { importScripts?: () => void };
  if (typeof g.importScripts !== "function") return true;
  try {
    g.importScripts();
    return false;
  } catch {
    return true;
  }
})();

export interface LandmarkerOptions {
  delegate: Delegate;
  mode: RunningMode;
  /**
   * 2 (the default) so that "more than one face" can be reported by the quality gate. Not 1, although 1
   * would be cheaper (MediaPipe then tracks the face and skips its detector, about a third less time per
   * frame here): with a single face MediaPipe also smooths the landmarks over time, which flattens a
   * blink — on the dev blink video the eye aspect ratio fell to 0.22 instead of 0.02 and the blink
   * detector missed every blink (measured 2026-11-27).
   */
  numFaces?: number;
}

type ModuleFactoryFn = (...args: unknown[]) => unknown;
let moduleFactory: Promise<ModuleFactoryFn | undefined> | undefined;

/**
 * MediaPipe clears `self.ModuleFactory` after creating a task and re-loads its loader script for the next
 * one. In a module worker the loader is an ES module, which the browser evaluates only once, so a second
 * task (the other delegate, IMAGE mode) fails with "ModuleFactory not set". We import the loader once
 * ourselves and put the factory back before each creation.
 */
async function restoreModuleFactory(loaderUrl: string): Promise<void> {
  moduleFactory ??= import(/* webpackIgnore: true */ /* turbopackIgnore: true */ /* @vite-ignore */ loaderUrl).then(
    (m: { default?: ModuleFactoryFn }) => m.default ?? (globalThis as { ModuleFactory?: ModuleFactoryFn }).ModuleFactory,
  );
  const f = await moduleFactory;
  if (f) (globalThis as { ModuleFactory?: ModuleFactoryFn }).ModuleFactory = f;
}

export async function createLandmarker(files: LandmarkerFiles, opts: LandmarkerOptions): Promise<FaceLandmarker> {
  const fs = files.fileset;
  // A classic worker re-runs the loader with importScripts for each task; only module workers need this.
  if (isModuleWorker) await restoreModuleFactory(fs.wasmLoaderPath);
  return FaceLandmarker.createFromOptions(fs, {
    baseOptions: { modelAssetBuffer: files.model, delegate: opts.delegate },
    runningMode: opts.mode,
    numFaces: opts.numFaces ?? 2,
    // The browser's bundle has no blendshape model (lib/face/models.ts): the blink detector runs on EAR alone.
    outputFaceBlendshapes: BROWSER_LANDMARKER_BLENDSHAPES,
    outputFacialTransformationMatrixes: true,
    minFaceDetectionConfidence: 0.5,
    minFacePresenceConfidence: 0.5,
    minTrackingConfidence: 0.5,
  });
}

/**
 * The WebGL renderer's name when it is a software rasteriser (SwiftShader, llvmpipe, …), else undefined.
 * MediaPipe's GPU delegate runs on WebGL; on a software renderer it is ~8x slower than the CPU delegate
 * here, and creating and timing it stalls the first camera frames by seconds.
 */
export function softwareWebGlRenderer(): string | undefined {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext("webgl2");
    if (!gl) return undefined;
    const ext = gl.getExtension("WEBGL_debug_renderer_info");
    const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? "");
    gl.getExtension("WEBGL_lose_context")?.loseContext();
    return /swiftshader|llvmpipe|softpipe|software/i.test(renderer) ? renderer.slice(0, 80) : undefined;
  } catch {
    return undefined;
  }
}

export interface DelegateChoice {
  delegate: Delegate;
  /** Median ms per frame measured for each delegate that could be created. */
  measuredMs: Partial<Record<Delegate, number>>;
  gpuError?: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : Number.NaN;
}

/**
 * Times a few VIDEO-mode frames of `probe` on each delegate and keeps the faster landmarker.
 * The probe should contain a face (so the mesh model runs, not only the detector); a frame from the
 * camera or a bundled sample does.
 */
export async function chooseDelegate(
  files: LandmarkerFiles,
  probe: ImageBitmap | OffscreenCanvas,
  pref: DelegatePreference,
  { runs = 4, measureSoftwareGpu = false }: { runs?: number; measureSoftwareGpu?: boolean } = {},
): Promise<{ landmarker: FaceLandmarker; choice: DelegateChoice }> {
  const time = (lm: FaceLandmarker): number => {
    const ms: number[] = [];
    let ts = performance.now();
    for (let i = 0; i < runs + 1; i++) {
      ts += 33;
      const t0 = performance.now();
      lm.detectForVideo(probe, ts);
      if (i > 0) ms.push(performance.now() - t0); // the first run includes warm-up
    }
    return median(ms);
  };
  if (pref !== "auto") {
    const landmarker = await createLandmarker(files, { delegate: pref, mode: "VIDEO" });
    return { landmarker, choice: { delegate: pref, measuredMs: {} } };
  }
  const cpu = await createLandmarker(files, { delegate: "CPU", mode: "VIDEO" });
  const software = measureSoftwareGpu ? undefined : softwareWebGlRenderer();
  if (software) {
    return { landmarker: cpu, choice: { delegate: "CPU", measuredMs: {}, gpuError: `software WebGL renderer (${software}), not measured` } };
  }
  const measuredMs: Partial<Record<Delegate, number>> = { CPU: time(cpu) };
  let gpu: FaceLandmarker | undefined;
  let gpuError: string | undefined;
  try {
    gpu = await createLandmarker(files, { delegate: "GPU", mode: "VIDEO" });
    measuredMs.GPU = time(gpu);
  } catch (err) {
    gpuError = err instanceof Error ? err.message : String(err);
  }
  if (gpu && measuredMs.GPU! < measuredMs.CPU!) {
    cpu.close();
    return { landmarker: gpu, choice: { delegate: "GPU", measuredMs } };
  }
  gpu?.close();
  return { landmarker: cpu, choice: { delegate: "CPU", measuredMs, gpuError } };
}

export type { FaceLandmarker, FaceLandmarkerResult };
