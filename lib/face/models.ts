// The model registry: every model file Clockface ships, its hash, size and exact input contract.
// Pure data, no DOM and no IO: imported by the browser worker, the Node (server) inference code, tests
// and scripts. The files live in public/models; the browser fetches them from content-addressed URLs (lib/face/assets.ts).

export type ModelKey = "faceLandmarker" | "embedding" | "antispoofV2" | "antispoofV1se";

/** How pixel values become tensor values. */
export type Normalisation =
  /** (v / 255 - mean[c]) / std[c], channels in the model's colour order. */
  | { kind: "mean-std"; mean: readonly [number, number, number]; std: readonly [number, number, number] }
  /** Raw 0..255 floats, no scaling. */
  | { kind: "raw-255" };

export interface TensorInputSpec {
  name: string;
  /** Fixed shape, batch first. */
  shape: readonly [1, 3, number, number];
  layout: "NCHW";
  colourOrder: "RGB" | "BGR";
  normalisation: Normalisation;
}

export interface TensorOutputSpec {
  name: string;
  shape: readonly number[];
  meaning: string;
}

interface BaseEntry {
  key: ModelKey;
  /** Stable id of the weights; stored beside anything the model produced (e.g. face templates). */
  modelId: string;
  /** File name inside public/models. */
  file: string;
  sha256: string;
  /** Exact file size in bytes. */
  bytes: number;
  licence: string;
}

/**
 * The smaller copy of an ONNX model that the browser downloads and runs instead of the original (issue 17): the
 * same graph with int8 weights (one float32 scale per output channel, DequantizeLinear back to float32; activations
 * stay float32), written from the original by scripts/quantize-browser-models.ts. The server runs the original and
 * decides from it; the copy's agreement with it is measured by scripts/eval-browser-models.ts and checked by
 * tests/unit/face/browser-models.test.ts.
 */
export interface BrowserCopy {
  file: string;
  sha256: string;
  bytes: number;
  weights: "int8-per-channel";
  /** Weights with fewer elements stay float32 (the converter's option). */
  minElements: number;
}

export interface OnnxModelEntry extends BaseEntry {
  runtime: "onnx";
  input: TensorInputSpec;
  output: TensorOutputSpec;
  /** The browser's copy, when it runs a smaller one than the server. */
  browser?: BrowserCopy;
}

/**
 * The browser's copy of a MediaPipe bundle (issue 17): the upstream .task without some of its files, the others byte
 * for byte, written from it by scripts/strip-landmarker-blendshapes.ts (tools/task-bundle.ts).
 */
export interface BrowserTaskCopy {
  file: string;
  sha256: string;
  bytes: number;
  /** The upstream bundle's files left out. */
  without: readonly string[];
}

export interface MediaPipeModelEntry extends BaseEntry {
  runtime: "mediapipe";
  task: "FaceLandmarker";
  /** The browser's copy, when it downloads a smaller one than the upstream bundle. */
  browser?: BrowserTaskCopy;
}

export type ModelEntry = OnnxModelEntry | MediaPipeModelEntry;

/** ImageNet statistics, RGB order (MobileFaceNet's preprocessing). */
export const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
export const IMAGENET_STD = [0.229, 0.224, 0.225] as const;

/** Side of the aligned face crop (ArcFace template), pixels. */
export const ALIGNED_SIZE = 112;
/** Side of MiniFASNet's input, pixels. */
export const ANTISPOOF_SIZE = 80;

export const MODELS = {
  faceLandmarker: {
    key: "faceLandmarker",
    runtime: "mediapipe",
    task: "FaceLandmarker",
    modelId: "mediapipe-face-landmarker-f16-v1",
    file: "face_landmarker.task",
    sha256: "64184e229b263107bc2b804c6625db1341ff2bb731874b0bcc2fe6544e0bc9ff",
    bytes: 3_758_596,
    licence: "Apache-2.0",
    // Without the 52 blendshapes: the browser's blink detector decides from the eye aspect ratio alone, with the same
    // precision, recall and false blinks on the dev clips (npm run eval:liveness, 2026-12-05); -0.83 MB gzip.
    browser: {
      file: "face_landmarker.no-blendshapes.task",
      sha256: "5af58f2f5720239d42f86c2a141fccd2eb44536297411b6325ed5b72cf82b4ae",
      bytes: 2_803_159,
      without: ["face_blendshapes.tflite"],
    },
  },
  embedding: {
    key: "embedding",
    runtime: "onnx",
    modelId: "mobilefacenet-arcface-v1",
    file: "mobilefacenet.onnx",
    sha256: "b7120c095d60094f28a4a54ba6a8bf51b297a6273fb40ef6350dfec1f63d9507",
    bytes: 3_998_070,
    licence: "Apache-2.0 (weights trained on MS1M)",
    input: {
      name: "input0",
      shape: [1, 3, ALIGNED_SIZE, ALIGNED_SIZE],
      layout: "NCHW",
      colourOrder: "RGB",
      normalisation: { kind: "mean-std", mean: IMAGENET_MEAN, std: IMAGENET_STD },
    },
    output: { name: "output0", shape: [1, 128], meaning: "embedding; L2-normalise, compare by cosine" },
    browser: { file: "mobilefacenet.int8.onnx", sha256: "15a6dc8e7452cb102cd7e2e7a32f17ff791c6b3d23734e7ffec1521ae6b2de65", bytes: 1_105_296, weights: "int8-per-channel", minElements: 256 },
  },
  antispoofV2: {
    key: "antispoofV2",
    runtime: "onnx",
    modelId: "minifasnet-v2-2.7",
    file: "minifasnet-v2-2.7.onnx",
    sha256: "7886c41bcbcc1be00cf8700eddbd8cbd4b1ad138e69010790de2a57a3b01d7e5",
    bytes: 1_743_495,
    licence: "Apache-2.0",
    input: {
      name: "input",
      shape: [1, 3, ANTISPOOF_SIZE, ANTISPOOF_SIZE],
      layout: "NCHW",
      colourOrder: "BGR",
      normalisation: { kind: "raw-255" },
    },
    output: { name: "logits", shape: [1, 3], meaning: "logits; softmax, class 1 = real face" },
    browser: { file: "minifasnet-v2-2.7.int8.onnx", sha256: "6b1ca8a69fb5068f6b1f6eec4160b4af1281aa103f7b6fe308e9e63e3ae5c4ec", bytes: 511_335, weights: "int8-per-channel", minElements: 256 },
  },
  antispoofV1se: {
    key: "antispoofV1se",
    runtime: "onnx",
    modelId: "minifasnet-v1se-4.0",
    file: "minifasnet-v1se-4.0.onnx",
    sha256: "e67aedf72df3e1912dbf6baa5f7406b8b30c3cb43234170a70dd9d143fea358e",
    bytes: 1_742_663,
    licence: "Apache-2.0",
    input: {
      name: "input",
      shape: [1, 3, ANTISPOOF_SIZE, ANTISPOOF_SIZE],
      layout: "NCHW",
      colourOrder: "BGR",
      normalisation: { kind: "raw-255" },
    },
    output: { name: "logits", shape: [1, 3], meaning: "logits; softmax, class 1 = real face" },
    browser: { file: "minifasnet-v1se-4.0.int8.onnx", sha256: "ed1c9f51e3ee82e533abd469cceed17a27c6596dc43c2598cb5f502a9d90ef45", bytes: 517_203, weights: "int8-per-channel", minElements: 256 },
  },
} as const satisfies Record<ModelKey, ModelEntry>;

/** Model id stored with every face template; the server rejects embeddings from any other model. */
export const EMBEDDING_MODEL_ID = MODELS.embedding.modelId;
/** Embedding length. */
export const EMBEDDING_DIM = 128;

export const ALL_MODELS: readonly ModelEntry[] = Object.values(MODELS);

/** The file the browser downloads for a model: its smaller copy when it has one, else the original. */
export function browserFile(m: ModelEntry): { file: string; sha256: string; bytes: number } {
  return m.browser ?? m;
}

/** Whether the browser's face landmarker bundle has the blendshape model (MediaPipe can output blendshapes only then). */
export const BROWSER_LANDMARKER_BLENDSHAPES: boolean = !(MODELS.faceLandmarker.browser.without as readonly string[]).includes("face_blendshapes.tflite");

/** Uncompressed bytes of the models the browser downloads on a first visit. */
export const TOTAL_MODEL_BYTES = ALL_MODELS.reduce((s, m) => s + browserFile(m).bytes, 0);

/**
 * Models that run on the server only (never downloaded by the browser): the server's own face mesh, to measure
 * head pose and eye closure on the frames a client sends (lib/face/node/landmarks.ts).
 */
export const SERVER_MODELS = {
  faceMesh: {
    key: "faceMesh",
    modelId: "mediapipe-face-mesh-478-f32-onnx",
    /** The float16 network converted to float32 by scripts/convert-server-mesh.ts (public/models/NOTICE.md). */
    file: "face-mesh-478-f32.onnx",
    sha256: "ffd7d0a8b7ac13e2c48b193a6ec765599b475a4462786519feead97ea89e00bd",
    bytes: 4_954_909,
    licence: "Apache-2.0",
    /** float32 NCHW, RGB in [0, 1], a rotated square ROI (lib/face/core/landmark-roi.ts). */
    input: { name: "input_12", shape: [1, 3, 256, 256], type: "float32" },
    outputs: {
      /** 478 × (x, y, z) in input pixels. */
      landmarks: "Identity",
      /** Face presence logit. */
      presence: "Identity_1",
    },
    landmarks: 478,
  },
} as const;

export type ServerModelEntry = (typeof SERVER_MODELS)[keyof typeof SERVER_MODELS];
