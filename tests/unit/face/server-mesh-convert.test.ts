// The float16 → float32 converter of the server's face mesh (tools/onnx-f32.ts): exact on every half, runnable by
// onnxruntime-node, and reproducing the committed public/models/face-mesh-478-f32.onnx from its float16 source. The
// source is kept outside the repository (../shared/models/server-candidates/, public/models/NOTICE.md): that test
// skips when it is absent.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import onnxProto from "onnx-proto";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { SERVER_MODELS } from "@/lib/face/models";
import { convertToFloat32, halfToFloat, MESH_SOURCE } from "@/tools/onnx-f32";

const proto = onnxProto.onnx;
const { FLOAT, FLOAT16 } = proto.TensorProto.DataType;
const root = path.resolve(import.meta.dirname, "../../..");
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const halves = (bits: number[]) => new Uint8Array(Uint16Array.from(bits).buffer);

describe("halfToFloat", () => {
  it("decodes normals, subnormals, zeros, infinities and NaN", () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x2e66)).toBe(0.0999755859375);
    expect(halfToFloat(0x7bff)).toBe(65504);
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
    expect(halfToFloat(0x03ff)).toBe(1023 * 2 ** -24);
    expect(Object.is(halfToFloat(0x8000), -0)).toBe(true);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(halfToFloat(0xfc00)).toBe(-Infinity);
    expect(halfToFloat(0x7e00)).toBeNaN();
  });
});

describe("convertToFloat32", () => {
  // y = Cast<float16>(x) + w + c: a float16 initializer, Constant and Cast, float16 inputs and outputs.
  const vi = (name: string) => proto.ValueInfoProto.create({ name, type: { tensorType: { elemType: FLOAT16, shape: { dim: [{ dimValue: 3 }] } } } });
  const model = proto.ModelProto.encode(
    proto.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: "", version: 13 }],
      graph: {
        name: "g",
        input: [vi("x")],
        output: [vi("y")],
        valueInfo: [vi("xc"), vi("s")],
        initializer: [{ name: "w", dims: [3], dataType: FLOAT16, rawData: halves([0x3c00, 0x2e66, 0x0001]) }],
        node: [
          { opType: "Cast", input: ["x"], output: ["xc"], attribute: [{ name: "to", type: proto.AttributeProto.AttributeType.INT, i: FLOAT16 }] },
          { opType: "Constant", output: ["c"], attribute: [{ name: "value", type: proto.AttributeProto.AttributeType.TENSOR, t: { dims: [3], dataType: FLOAT16, int32Data: [0xc000, 0x7bff, 0x3555] } }] },
          { opType: "Add", input: ["xc", "w"], output: ["s"] },
          { opType: "Add", input: ["s", "c"], output: ["y"] },
        ],
      },
    }),
  ).finish();

  it("turns every float16 tensor, value and Cast target into float32 and nothing else", () => {
    const out = convertToFloat32(model);
    expect({ tensors: out.tensors, valueInfos: out.valueInfos, casts: out.casts }).toEqual({ tensors: 2, valueInfos: 4, casts: 1 });
    const g = proto.ModelProto.decode(out.bytes).graph!;
    expect(g.initializer![0]!.dataType).toBe(FLOAT);
    expect(Array.from(new Float32Array(Uint8Array.from(g.initializer![0]!.rawData!).buffer))).toEqual([1, 0.0999755859375, 2 ** -24]);
    expect(g.node!.map((n) => n.opType)).toEqual(["Cast", "Constant", "Add", "Add"]);
    expect([...g.input!, ...g.output!, ...g.valueInfo!].map((v) => v.type!.tensorType!.elemType)).toEqual([FLOAT, FLOAT, FLOAT, FLOAT]);
  });

  it("gives a graph onnxruntime runs in float32, computing with the halves' exact values", async () => {
    const session = await ort.InferenceSession.create(convertToFloat32(model).bytes);
    const x = [0.5, 2, 3];
    const { y } = await session.run({ x: new ort.Tensor("float32", Float32Array.from(x), [3]) });
    const w = [0x3c00, 0x2e66, 0x0001].map(halfToFloat);
    const c = [0xc000, 0x7bff, 0x3555].map(halfToFloat);
    expect(Array.from(y!.data as Float32Array)).toEqual(x.map((v, i) => Math.fround(Math.fround(v + w[i]!) + c[i]!)));
  });

  it("refuses a model with nothing in float16", () => {
    const f32 = convertToFloat32(model).bytes;
    expect(() => convertToFloat32(f32)).toThrow(/nothing in float16/);
  });
});

const source = path.join(root, MESH_SOURCE.path);
describe.skipIf(!existsSync(source))("the committed server face mesh", () => {
  it("is what the converter makes of its float16 source (sha256, size)", () => {
    const src = new Uint8Array(readFileSync(source));
    expect(sha256(src)).toBe(MESH_SOURCE.sha256);
    expect(src.length).toBe(MESH_SOURCE.bytes);
    const out = convertToFloat32(src);
    expect(sha256(out.bytes)).toBe(SERVER_MODELS.faceMesh.sha256);
    expect(out.bytes.length).toBe(SERVER_MODELS.faceMesh.bytes);
    expect(sha256(new Uint8Array(readFileSync(path.join(root, "public/models", SERVER_MODELS.faceMesh.file))))).toBe(SERVER_MODELS.faceMesh.sha256);
  });
});
if (!existsSync(source)) console.warn(`skipped: the face mesh's float16 source ${MESH_SOURCE.path} is not here`);
