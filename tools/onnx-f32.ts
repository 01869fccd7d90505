// Float16 → float32 conversion of an ONNX model (the server's face mesh, SERVER_MODELS.faceMesh: MediaPipe's landmark
// network as tf2onnx wrote it, float16 weights and tensors). onnxruntime's CPU provider has few float16 kernels: it
// ran the float16 graph through inserted casts, and the server converted every input to float16 bits and every output
// back in JavaScript (npm run bench:evidence measured about 4 ms a frame for both). Every float16 initializer,
// Constant and Cast target becomes float32, and so do the graph's inputs, outputs and value infos; nothing else
// changes. Every float16 value is exactly representable in float32, so the graph computes the same function.
// Pure: bytes in, bytes out (scripts/convert-server-mesh.ts reads the source and writes the file the registry names).
// Deterministic, so the committed file's sha256 can be reproduced.
import onnxProto, { type onnx } from "onnx-proto";

// A CommonJS package (module.exports = the root namespace): Node's ESM loader sees only its default export.
const proto = onnxProto.onnx;
const FLOAT = proto.TensorProto.DataType.FLOAT;
const FLOAT16 = proto.TensorProto.DataType.FLOAT16;

/** The float32 value of IEEE 754 binary16 bits (exact: every half is a float). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** The float16 values of a tensor: raw little-endian bytes, or int32_data holding one half's bits per element. */
function halfBitsOf(t: onnx.ITensorProto): Uint16Array {
  if (t.rawData && t.rawData.length) {
    const raw = t.rawData;
    const out = new Uint16Array(raw.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = raw[2 * i]! | (raw[2 * i + 1]! << 8);
    return out;
  }
  return Uint16Array.from(t.int32Data ?? []);
}

/** A float16 tensor as a float32 tensor of the same name and shape (raw little-endian data, nothing else kept). */
export function tensorToFloat32(t: onnx.ITensorProto): onnx.TensorProto {
  const halves = halfBitsOf(t);
  const floats = new Float32Array(halves.length);
  for (let i = 0; i < halves.length; i++) floats[i] = halfToFloat(halves[i]!);
  const raw = new Uint8Array(floats.length * 4);
  const view = new DataView(raw.buffer);
  floats.forEach((f, i) => view.setFloat32(4 * i, f, true));
  return proto.TensorProto.create({ dims: t.dims ?? [], dataType: FLOAT, name: t.name ?? "", rawData: raw });
}

export interface Float32Result {
  bytes: Uint8Array;
  /** Initializers and Constant tensors converted. */
  tensors: number;
  /** Graph inputs, outputs and value infos whose element type changed. */
  valueInfos: number;
  /** Cast nodes whose target changed. */
  casts: number;
}

export function convertToFloat32(model: Uint8Array): Float32Result {
  const m = proto.ModelProto.decode(model);
  const g = m.graph;
  if (!g) throw new Error("model has no graph");
  let tensors = 0;
  let valueInfos = 0;
  let casts = 0;
  g.initializer = (g.initializer ?? []).map((t) => {
    if (t.dataType !== FLOAT16) return t;
    tensors++;
    return tensorToFloat32(t);
  });
  for (const vi of [...(g.input ?? []), ...(g.output ?? []), ...(g.valueInfo ?? [])]) {
    const tt = vi.type?.tensorType;
    if (tt && tt.elemType === FLOAT16) {
      tt.elemType = FLOAT;
      valueInfos++;
    }
  }
  for (const n of g.node ?? []) {
    for (const a of n.attribute ?? []) {
      if (n.opType === "Cast" && a.name === "to" && Number(a.i) === FLOAT16) {
        a.i = FLOAT;
        casts++;
      }
      if (n.opType === "Constant" && a.name === "value" && a.t?.dataType === FLOAT16) {
        a.t = tensorToFloat32(a.t);
        tensors++;
      }
    }
  }
  if (!tensors && !valueInfos && !casts) throw new Error("model has nothing in float16");
  return { bytes: proto.ModelProto.encode(m).finish(), tensors, valueInfos, casts };
}

/** The source of SERVER_MODELS.faceMesh: the float16 landmark network as tf2onnx wrote it (public/models/NOTICE.md). */
export const MESH_SOURCE = {
  sha256: "017f267ddd81e042224c43f00a3ef6d548a6595fe2a8e2a2ceacd0214269a79c",
  bytes: 2_556_570,
  /** Where the team keeps it (not in the repository), relative to the repository root. */
  path: "../shared/models/server-candidates/face_landmarks_detector.onnx",
} as const;
