// Weight-only int8 quantization of an ONNX model (issue 17: the browser's copies of the embedding and anti-spoof
// models). Every large float32 weight of a Conv, Gemm or MatMul becomes an int8 tensor plus one float32 scale per
// output channel (symmetric, zero point 0), and a DequantizeLinear node turns it back into the float32 tensor of the
// same name before its first use; activations, biases, normalisation and PReLU parameters stay float32. The graph
// computes what it computed, with weights rounded to 255 levels per channel: a quarter of the download.
// Pure: bytes in, bytes out (scripts/quantize-browser-models.ts writes the files; the registry in lib/face/models.ts
// names them). Deterministic, so the committed files' sha256 can be reproduced.
import onnxProto, { type onnx } from "onnx-proto";
import type { OnnxModelEntry } from "@/lib/face/models";

// A CommonJS package (module.exports = the root namespace): Node's ESM loader sees only its default export.
const proto = onnxProto.onnx;

/** DequantizeLinear with a per-axis scale needs opset 13 of the default domain. */
const MIN_OPSET = 13;

export interface QuantizeOptions {
  /** Weights with fewer elements stay float32 (their bytes do not matter, their precision might). */
  minElements: number;
  /** Provenance written into the model's metadata_props (e.g. the source file's sha256). */
  metadata: Readonly<Record<string, string>>;
}

export interface QuantizedTensor {
  name: string;
  elements: number;
  channels: number;
  /** Largest |w − dequantized w| over the tensor, relative to the tensor's largest |w|. */
  maxRelError: number;
}

export interface QuantizeResult {
  bytes: Uint8Array;
  tensors: QuantizedTensor[];
  /** Float32 weight elements left as they were. */
  keptFloatElements: number;
  /** The default domain's opset before (the result's is at least MIN_OPSET). */
  opsetBefore: number;
}

const num = (v: number | { toNumber(): number } | null | undefined): number => (v == null ? 0 : typeof v === "number" ? v : v.toNumber());

function floatsOf(t: onnx.ITensorProto): Float32Array {
  if (t.rawData && t.rawData.length) {
    const raw = t.rawData;
    // Copy: rawData is a view into the decoded model's buffer, possibly unaligned.
    return new Float32Array(Uint8Array.from(raw).buffer);
  }
  return Float32Array.from(t.floatData ?? []);
}

/** The axis of a weight that indexes output channels, per consumer; undefined when not a quantizable weight slot. */
function weightAxis(node: onnx.INodeProto, inputIndex: number, rank: number): number | undefined {
  if (inputIndex !== 1) return undefined;
  if (node.opType === "Conv") return 0;
  if (node.opType === "MatMul" && rank === 2) return 1;
  if (node.opType === "Gemm" && rank === 2) {
    const transB = node.attribute?.find((a) => a.name === "transB");
    return num(transB?.i) === 1 ? 0 : 1;
  }
  return undefined;
}

/** Symmetric per-channel int8: scale[c] = max|w[c]| / 127, q = round(w / scale[c]). */
export function quantizePerChannel(w: Float32Array, dims: readonly number[], axis: number): { q: Int8Array; scales: Float32Array; maxRelError: number } {
  const channels = dims[axis]!;
  const inner = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const chanOf = (i: number) => Math.floor(i / inner) % channels;
  const maxAbs = new Float32Array(channels);
  for (let i = 0; i < w.length; i++) maxAbs[chanOf(i)] = Math.max(maxAbs[chanOf(i)]!, Math.abs(w[i]!));
  const scales = maxAbs.map((m) => (m > 0 ? m / 127 : 1));
  const q = new Int8Array(w.length);
  let worst = 0;
  let top = 0;
  for (let i = 0; i < w.length; i++) {
    const s = scales[chanOf(i)]!;
    const v = Math.max(-127, Math.min(127, Math.round(w[i]! / s)));
    q[i] = v;
    worst = Math.max(worst, Math.abs(w[i]! - v * s));
    top = Math.max(top, Math.abs(w[i]!));
  }
  return { q, scales, maxRelError: top > 0 ? worst / top : 0 };
}

export function quantizeModel(model: Uint8Array, opts: QuantizeOptions): QuantizeResult {
  const m = proto.ModelProto.decode(model);
  const g = m.graph;
  if (!g) throw new Error("model has no graph");
  const defaultOpset = m.opsetImport?.find((o) => !o.domain || o.domain === "ai.onnx");
  if (!defaultOpset) throw new Error("model imports no default-domain opset");
  const opsetBefore = num(defaultOpset.version);
  // Opsets 11–12 → 13 changed only type lists (bfloat16) of the operators these models use; checked by the
  // registry test, which compares every quantized model with its float32 original on real faces.
  if (opsetBefore < MIN_OPSET) defaultOpset.version = MIN_OPSET;

  const inits = new Map((g.initializer ?? []).map((t) => [t.name!, t]));
  const axisOf = new Map<string, number>();
  for (const node of g.node ?? []) {
    (node.input ?? []).forEach((name, i) => {
      const t = inits.get(name);
      if (!t || t.dataType !== proto.TensorProto.DataType.FLOAT) return;
      const axis = weightAxis(node, i, t.dims?.length ?? 0);
      const prev = axisOf.get(name);
      if (axis === undefined || (prev !== undefined && prev !== axis)) axisOf.set(name, -1); // used otherwise too: keep
      else if (prev === undefined) axisOf.set(name, axis);
    });
  }
  // A weight also read by a non-weight slot (e.g. a shape computation) stays float32.
  for (const node of g.node ?? []) {
    (node.input ?? []).forEach((name, i) => {
      if (axisOf.has(name) && weightAxis(node, i, inits.get(name)?.dims?.length ?? 0) === undefined) axisOf.set(name, -1);
    });
  }

  const tensors: QuantizedTensor[] = [];
  const dequantize: onnx.INodeProto[] = [];
  const initializer: onnx.ITensorProto[] = [];
  let keptFloatElements = 0;
  for (const t of g.initializer ?? []) {
    const dims = (t.dims ?? []).map(num);
    const elements = dims.reduce((a, b) => a * b, 1);
    const axis = axisOf.get(t.name!);
    if (axis === undefined || axis < 0 || elements < opts.minElements) {
      if (t.dataType === proto.TensorProto.DataType.FLOAT) keptFloatElements += elements;
      initializer.push(t);
      continue;
    }
    const { q, scales, maxRelError } = quantizePerChannel(floatsOf(t), dims, axis);
    const name = t.name!;
    initializer.push(
      proto.TensorProto.create({ name: `${name}_int8`, dims, dataType: proto.TensorProto.DataType.INT8, rawData: new Uint8Array(q.buffer) }),
      proto.TensorProto.create({ name: `${name}_scale`, dims: [scales.length], dataType: proto.TensorProto.DataType.FLOAT, rawData: new Uint8Array(scales.buffer) }),
    );
    dequantize.push(
      proto.NodeProto.create({
        name: `${name}_dequantize`,
        opType: "DequantizeLinear",
        input: [`${name}_int8`, `${name}_scale`],
        output: [name],
        attribute: [proto.AttributeProto.create({ name: "axis", type: proto.AttributeProto.AttributeType.INT, i: axis })],
      }),
    );
    tensors.push({ name, elements, channels: scales.length, maxRelError });
  }
  if (!tensors.length) throw new Error("no weight was large enough to quantize");
  const quantized = new Set(tensors.map((t) => t.name));
  g.initializer = initializer;
  // Older exporters also list initializers as graph inputs; a quantized weight is now a node's output.
  g.input = (g.input ?? []).filter((i) => !quantized.has(i.name!));
  g.node = [...dequantize, ...(g.node ?? [])];
  m.metadataProps = [
    ...(m.metadataProps ?? []).filter((p) => !(p.key! in opts.metadata)),
    ...Object.entries(opts.metadata).map(([key, value]) => proto.StringStringEntryProto.create({ key, value })),
  ];
  return { bytes: proto.ModelProto.encode(m).finish(), tensors, keptFloatElements, opsetBefore };
}

/** The browser copy of a registry model from the original's bytes, as scripts/quantize-browser-models.ts writes it. */
export function quantizeBrowserCopy(m: OnnxModelEntry & { browser: NonNullable<OnnxModelEntry["browser"]> }, original: Uint8Array): QuantizeResult {
  return quantizeModel(original, {
    minElements: m.browser.minElements,
    metadata: {
      "clockface.derived_from": `${m.file} sha256 ${m.sha256}`,
      "clockface.derived_by": "scripts/quantize-browser-models.ts (weight-only int8, per output channel)",
    },
  });
}

/** The registry's models that have a browser copy. */
export function modelsWithBrowserCopy(models: Readonly<Record<string, { runtime: string }>>): (OnnxModelEntry & { browser: NonNullable<OnnxModelEntry["browser"]> })[] {
  return Object.values(models).filter((m): m is OnnxModelEntry & { browser: NonNullable<OnnxModelEntry["browser"]> } => m.runtime === "onnx" && !!(m as OnnxModelEntry).browser);
}
