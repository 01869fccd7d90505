// The server's own face mesh: MediaPipe's Face Landmarker landmark network (478 points, the network inside the
// browser's face_landmarker.task) as ONNX on onnxruntime-node, fed as MediaPipe's graph feeds it
// (lib/face/core/landmark-roi.ts: a rotated square ROI, 256x256, RGB in [0, 1]), in float32 (tools/mesh-f32.py).
// Server-side only.
import type { InferenceSession } from "onnxruntime-common";
import { headPoseFromLandmarks } from "@/lib/face/core/face-geometry";
import { earFromMesh } from "@/lib/face/core/ear";
import { projectLandmarks, roiFromLandmarks, wholeFrameRoi, type RotatedRoi } from "@/lib/face/core/landmark-roi";
import type { HeadPose } from "@/lib/face/core/pose";
import type { Landmark } from "@/lib/face/core/types";
import { SERVER_MODELS } from "@/lib/face/models";
import type { RgbaImage } from "@/lib/face/preprocess";
import { intraOpThreads, nodeOrt, readModel, type BackendRequest } from "@/lib/face/node/ort-runtime";

const SPEC = SERVER_MODELS.faceMesh;
const N = SPEC.input.shape[2];
const COUNT = SPEC.landmarks;

export interface ServerMesh {
  /** 478 landmarks normalised to the frame (z in frame widths), MediaPipe's convention. */
  landmarks: Landmark[];
  /** Face presence probability (sigmoid of the network's presence logit). */
  presence: number;
  /** The ROI the network saw. */
  roi: RotatedRoi;
}

export interface ServerFaceMeasure extends ServerMesh {
  pose: HeadPose;
  /** Mean eye-aspect ratio of both eyes (lib/face/core/ear.ts). */
  ear: number;
}

let session: Promise<InferenceSession> | undefined;

function meshSession(want?: BackendRequest): Promise<InferenceSession> {
  session ??= (async () => {
    const { ort, backend } = await nodeOrt(want);
    const bytes = await readModel(SPEC); // size and sha256 checked: a wrong file is never run
    const threads = intraOpThreads();
    return ort.InferenceSession.create(bytes, { graphOptimizationLevel: "all", ...(backend === "native" && threads ? { intraOpNumThreads: threads } : {}) });
  })();
  session.catch(() => (session = undefined));
  return session;
}

/** Creates the face mesh's session now (the face worker's start, /api/health); throws as a check-in would. */
export async function warmMesh(backend?: BackendRequest): Promise<void> {
  await meshSession(backend);
}

/** Bilinear sample of the ROI into NCHW RGB in [0, 1] (outside the frame: 0, as MediaPipe's BORDER_ZERO). */
export function roiTensor(img: RgbaImage, roi: RotatedRoi, n = N): Float32Array {
  const out = new Float32Array(3 * n * n);
  const plane = n * n;
  const c = Math.cos(roi.rotation);
  const s = Math.sin(roi.rotation);
  const { data, width, height } = img;
  for (let v = 0; v < n; v++) {
    const dy = ((v + 0.5) / n - 0.5) * roi.side;
    for (let u = 0; u < n; u++) {
      const dx = ((u + 0.5) / n - 0.5) * roi.side;
      // pixel centres at +0.5: the sample point in pixel-index space
      const x = roi.cx + c * dx - s * dy - 0.5;
      const y = roi.cy + s * dx + c * dy - 0.5;
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      const fx = x - x0;
      const fy = y - y0;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < 4; k++) {
        const xi = x0 + (k & 1);
        const yi = y0 + (k >> 1);
        if (xi < 0 || yi < 0 || xi >= width || yi >= height) continue;
        const wgt = (k & 1 ? fx : 1 - fx) * (k >> 1 ? fy : 1 - fy);
        const o = (yi * width + xi) * 4;
        r += wgt * data[o]!;
        g += wgt * data[o + 1]!;
        b += wgt * data[o + 2]!;
      }
      const i = v * n + u;
      out[i] = r / 255;
      out[plane + i] = g / 255;
      out[2 * plane + i] = b / 255;
    }
  }
  return out;
}

/** One run of the mesh network on `roi` of `img`. */
export async function meshInRoi(img: RgbaImage, roi: RotatedRoi, backend?: BackendRequest): Promise<ServerMesh> {
  const [{ ort }, sess] = await Promise.all([nodeOrt(backend), meshSession(backend)]);
  const out = await sess.run({ [SPEC.input.name]: new ort.Tensor("float32", roiTensor(img, roi), SPEC.input.shape) });
  const pts = out[SPEC.outputs.landmarks];
  const presence = out[SPEC.outputs.presence];
  if (!pts || !presence) throw new Error(`${SPEC.file}: missing outputs`);
  const raw = pts.data as Float32Array;
  const logit = (presence.data as Float32Array)[0]!;
  return {
    landmarks: projectLandmarks(raw, COUNT, roi, N, img.width, img.height),
    presence: 1 / (1 + Math.exp(-logit)),
    roi,
  };
}

/**
 * The mesh of the face in a client's face crop: a first run on the whole crop, then (passes = 2) a second on the
 * ROI MediaPipe would track from the first (rotated, 1.5x the landmarks' box) — the refinement the browser gets
 * from tracking over frames.
 */
export async function measureFaceCrop(img: RgbaImage, passes: 1 | 2 = 2, backend?: BackendRequest): Promise<ServerFaceMeasure> {
  let mesh = await meshInRoi(img, wholeFrameRoi(img.width, img.height), backend);
  if (passes === 2) mesh = await meshInRoi(img, roiFromLandmarks(mesh.landmarks, img.width, img.height), backend);
  return withMeasures(mesh, img.width, img.height);
}

/** Pose and EAR of a mesh. */
export function withMeasures(mesh: ServerMesh, width: number, height: number): ServerFaceMeasure {
  return { ...mesh, pose: headPoseFromLandmarks(mesh.landmarks, width, height), ear: earFromMesh(mesh.landmarks, width, height).mean };
}
