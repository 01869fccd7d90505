// The browser's int8 copies of the ONNX models (lib/face/models.ts `browser`, issue 17): reproducible from the
// originals by the committed converter, runnable by onnxruntime-web's WASM build (what the browser uses; here in
// Node) and by onnxruntime-node, and close to the float32 originals the server runs, on real faces from the committed
// fixtures (the dev-data figures: npm run eval:browser-models).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { realScore } from "@/lib/face/core/antispoof";
import { cosine, l2normalize } from "@/lib/face/core/similarity";
import { antispoofInputs } from "@/lib/face/antispoof-input";
import { MODELS, type OnnxModelEntry } from "@/lib/face/models";
import { embeddingInput } from "@/lib/face/preprocess";
import { decodeJpegRgba } from "@/lib/face/node/jpeg";
import { runNode, type NodeOrtBackend } from "@/lib/face/node/ort-runtime";
import { modelsWithBrowserCopy, quantizeBrowserCopy, quantizePerChannel } from "@/tools/onnx-quantize";
import { BURST_FIXTURE_DIR, FEMALE_FRAMES, femaleFrame } from "@/tools/burst-fixture";
import { createHash } from "node:crypto";

const modelsDir = path.resolve(import.meta.dirname, "../../../public/models");
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const copies = modelsWithBrowserCopy(MODELS);
/** The registry entry of a model's browser copy (same input and output contract, the copy's file). */
const browserEntry = (m: OnnxModelEntry): OnnxModelEntry => ({ ...m, file: m.browser!.file, sha256: m.browser!.sha256, bytes: m.browser!.bytes });

describe("quantizePerChannel", () => {
  it("rounds each channel to 255 levels of its own largest magnitude", () => {
    // Two output channels of 2x2 (axis 0): one large, one tiny; a per-tensor scale would flatten the tiny one.
    const w = Float32Array.from([1, -0.5, 0.25, 0.1, 0.001, -0.002, 0.0005, 0]);
    const { q, scales, maxRelError } = quantizePerChannel(w, [2, 1, 2, 2], 0);
    expect(Array.from(scales)).toEqual([Math.fround(1 / 127), Math.fround(0.002 / 127)]);
    expect(Array.from(q)).toEqual([127, -64, 32, 13, 64, -127, 32, 0]);
    w.forEach((x, i) => expect(Math.abs(x - q[i]! * scales[Math.floor(i / 4)]!)).toBeLessThanOrEqual(scales[Math.floor(i / 4)]! / 2 + 1e-9));
    expect(maxRelError).toBeLessThan(0.5 / 127 + 1e-6);
  });

  it("takes the channel axis given (MatMul weights: axis 1)", () => {
    const w = Float32Array.from([2, 0.01, -2, -0.01]); // [2 rows, 2 columns], columns are the channels
    const { q, scales } = quantizePerChannel(w, [2, 2], 1);
    expect(Array.from(q)).toEqual([127, 127, -127, -127]);
    expect(scales[1]).toBeCloseTo(0.01 / 127, 9);
  });
});

describe("browser copies of the ONNX models", () => {
  it("the embedding and both anti-spoof models have one", () => {
    expect(copies.map((m) => m.key).sort()).toEqual(["antispoofV1se", "antispoofV2", "embedding"]);
  });

  for (const m of copies) {
    it(`${m.browser.file} is what the converter makes of ${m.file} (sha256, size), a third of its size or less`, () => {
      const original = new Uint8Array(readFileSync(path.join(modelsDir, m.file)));
      const out = quantizeBrowserCopy(m, original);
      expect(sha256(out.bytes)).toBe(m.browser.sha256);
      expect(out.bytes.length).toBe(m.browser.bytes);
      expect(sha256(new Uint8Array(readFileSync(path.join(modelsDir, m.browser.file))))).toBe(m.browser.sha256);
      expect(m.browser.bytes).toBeLessThan(original.length / 3);
    });
  }
});

async function alignedFixture(): Promise<Float32Array> {
  const img = await decodeJpegRgba(new Uint8Array(readFileSync(path.join(BURST_FIXTURE_DIR, "female-aligned.jpg"))));
  return embeddingInput(Uint8ClampedArray.from(img.data));
}

const embed = async (entry: OnnxModelEntry, input: Float32Array, backend: NodeOrtBackend) => Float32Array.from(l2normalize(await runNode(entry, input, backend)));

describe("the int8 embedding agrees with the float32 original on a real face", () => {
  it("onnxruntime-node and onnxruntime-web (WASM) both run it and agree with each other", async () => {
    const input = await alignedFixture();
    const [native, wasm, fp32] = await Promise.all([
      embed(browserEntry(MODELS.embedding), input, "native"),
      embed(browserEntry(MODELS.embedding), input, "wasm"),
      embed(MODELS.embedding, input, "native"),
    ]);
    expect(cosine(native, wasm)).toBeGreaterThan(0.9999);
    // The dev data's figures (2,400 LFW faces): npm run eval:browser-models.
    expect(cosine(wasm, fp32)).toBeGreaterThan(0.99);
  }, 60_000);
});

describe("the int8 anti-spoof models agree with the float32 originals on real faces", () => {
  const box = JSON.parse(readFileSync(path.join(BURST_FIXTURE_DIR, "female-context-box.json"), "utf8")) as { x: number; y: number; width: number; height: number };
  const score = async (img: { data: Uint8ClampedArray; width: number; height: number }, b: typeof box, pick: (m: OnnxModelEntry) => OnnxModelEntry, backend: NodeOrtBackend) => {
    const inputs = antispoofInputs(img, b);
    const [v2, v1se] = await Promise.all([runNode(pick(MODELS.antispoofV2), inputs.v2, backend), runNode(pick(MODELS.antispoofV1se), inputs.v1se, backend)]);
    return realScore(v2, v1se);
  };

  it("on the context crop of a live person: the same score within 0.05, in both runtimes", async () => {
    const raw = await decodeJpegRgba(new Uint8Array(readFileSync(path.join(BURST_FIXTURE_DIR, "female-context.jpg"))));
    const img = { data: Uint8ClampedArray.from(raw.data), width: raw.width, height: raw.height };
    const fp32 = await score(img, box, (m) => m, "native");
    const int8Wasm = await score(img, box, browserEntry, "wasm");
    const int8Native = await score(img, box, browserEntry, "native");
    expect(Math.abs(int8Wasm - int8Native)).toBeLessThan(1e-3);
    expect(Math.abs(int8Wasm - fp32)).toBeLessThan(0.05);
  }, 60_000);

  it("on her evidence frames (whole frame, centred box): within 0.05 of the original", async () => {
    for (const i of FEMALE_FRAMES) {
      const raw = await decodeJpegRgba(femaleFrame(i));
      const img = { data: Uint8ClampedArray.from(raw.data), width: raw.width, height: raw.height };
      const b = { x: raw.width * 0.25, y: raw.height * 0.2, width: raw.width * 0.5, height: raw.height * 0.6 };
      const [fp32, int8] = await Promise.all([score(img, b, (m) => m, "native"), score(img, b, browserEntry, "native")]);
      expect(Math.abs(int8 - fp32), `frame ${i}: int8 ${int8.toFixed(3)} vs fp32 ${fp32.toFixed(3)}`).toBeLessThan(0.05);
    }
  }, 60_000);
});
