// Face inference for the server (Node runtime only): strict-mode re-embedding and anti-spoof re-scoring.
//   import { embedAlignedJpeg, antispoofScoreFromContext, EMBEDDING_MODEL_ID } from "@/lib/face/node";
// Models load once per process from public/models (onnxruntime-node; onnxruntime-web WASM as fallback).
export { embedAlignedCrop, embedAlignedJpeg } from "@/lib/face/node/embed";
export { decodeJpegRgba } from "@/lib/face/node/jpeg";
export { antispoofImage, antispoofScoreFromContext, type AntispoofDetail } from "@/lib/face/node/antispoof";
export { measureCrops, warmUp, type CropMeasurements, type FaceReadiness } from "@/lib/face/node/measure";
export { nodeOrt, type NodeOrtBackend } from "@/lib/face/node/ort-runtime";
export { EMBEDDING_MODEL_ID, EMBEDDING_DIM } from "@/lib/face/models";
