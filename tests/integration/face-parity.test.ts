// Browser (onnxruntime-web WASM in the face worker) vs Node (onnxruntime-node): the same aligned crop through the
// same model (the browser's int8 copy, issue 17) gives the same embedding (cosine ≥ 0.999), and the server's float32
// original agrees with it within the strict-mode tolerance (≥ 0.98; the dev-data figures: npm run
// eval:browser-models, min 0.9972 over 1,583 LFW faces).
import path from "node:path";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cosine } from "@/lib/face/core/similarity";
import { antispoofScoreFromContext, embedAlignedCrop, embedAlignedJpeg } from "@/lib/face/node";
import { devDataDir, startHarness, type Harness } from "@/tools/browser-harness";
import { l2normalize } from "@/lib/face/core/similarity";
import { MODELS, type OnnxModelEntry } from "@/lib/face/models";
import { embeddingInput } from "@/lib/face/preprocess";
import { runNode } from "@/lib/face/node/ort-runtime";

/** The browser's copy of the embedding model, run in Node (native). */
const browserEmbedding: OnnxModelEntry = { ...MODELS.embedding, file: MODELS.embedding.browser!.file, sha256: MODELS.embedding.browser!.sha256, bytes: MODELS.embedding.browser!.bytes };
const nodeEmbed = async (crop: Uint8Array | Uint8ClampedArray) => Float32Array.from(l2normalize(await runNode(browserEmbedding, embeddingInput(crop), "native")));

const data = devDataDir();
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ threads: 2 });
  await h.load();
}, 300_000);

afterAll(async () => {
  await h?.close();
});

function synthetic(seed: number): Uint8Array {
  const d = new Uint8Array(112 * 112 * 4);
  for (let i = 0; i < 112 * 112; i++) d.set([(i * seed) % 251, (i * 7 + seed) % 253, (i >> 3) % 256, 255], i * 4);
  return d;
}

describe("embedding parity browser ⇄ Node", () => {
  it("synthetic crops: cosine ≥ 0.999 for the same model, ≥ 0.98 to the server's float32", async () => {
    const crops = [synthetic(3), synthetic(11)];
    const browser = await h.embedAligned(crops);
    for (const [i, c] of crops.entries()) {
      expect(cosine(browser[i]!, await nodeEmbed(c))).toBeGreaterThanOrEqual(0.999);
      expect(cosine(browser[i]!, await embedAlignedCrop(c))).toBeGreaterThanOrEqual(0.98);
    }
  }, 120_000);

  it.skipIf(!data)("real faces (LFW, aligned in the browser): cosine ≥ 0.999 for the same model, ≥ 0.98 to float32", async () => {
    const pairs = readFileSync(path.join(data!, "lfw/pairs_resolved.tsv"), "utf8").trim().split("\n").slice(1, 5);
    const files = pairs.flatMap((l) => l.split("\t").slice(2, 4)).map((f) => path.join(data!, "lfw", f));
    const res = await h.embedImageFiles(files, { wantAligned: true });
    let checked = 0;
    for (const r of res) {
      if (!r.faceFound) continue;
      expect(cosine(r.embedding!, await nodeEmbed(r.aligned!))).toBeGreaterThanOrEqual(0.999);
      expect(cosine(r.embedding!, await embedAlignedCrop(r.aligned!))).toBeGreaterThanOrEqual(0.98);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(files.length - 1);
  }, 300_000);
});

if (!data) console.warn("face-parity: ../shared/data/dev not found (set CLOCKFACE_DATA_DIR): real-face parity skipped");

// Keep the JPEG path honest too: what the server decodes is what the client encoded.
describe("aligned JPEG from the browser", () => {
  it.skipIf(!data)("re-embeds on the server within the strict-mode tolerance (cosine ≥ 0.98)", async () => {
    const file = path.join(data!, "lfw/images/Abdullah_Gul/Abdullah_Gul_0001.jpg");
    const [r] = await h.embedImageFiles([file], { wantAligned: true });
    expect(r?.faceFound).toBe(true);
    const jpeg = await h.evaluate(async (b64: string) => {
      const px = Uint8ClampedArray.from(atob(b64), (c) => c.charCodeAt(0));
      const c = new OffscreenCanvas(112, 112);
      c.getContext("2d")!.putImageData(new ImageData(px, 112, 112), 0, 0);
      const blob = await c.convertToBlob({ type: "image/jpeg", quality: 0.92 });
      return window.harness.b64(new Uint8Array(await blob.arrayBuffer()));
    }, Buffer.from(r!.aligned!).toString("base64"));
    const bytes = new Uint8Array(Buffer.from(jpeg, "base64"));
    expect(bytes.length).toBeLessThanOrEqual(50_000);
    expect(cosine(await embedAlignedJpeg(bytes), r!.embedding!)).toBeGreaterThanOrEqual(0.98);
  }, 120_000);
});

describe("anti-spoof re-scoring on the server (context crop)", () => {
  it.skipIf(!data)("the server's score on the context JPEG matches the browser's", async () => {
    const files = ["spoof/nuaa/ClientRaw/0001/0001_00_00_01_275.jpg", "spoof/nuaa/ClientRaw/0002/0002_01_00_01_100.jpg", "spoof/nuaa/ImposterRaw/0001/0001_00_00_01_0.jpg"];
    let t = 1_000_000;
    for (const f of files) {
      await h.evaluate(() => window.harness.resetCapture(), undefined);
      const [fr] = await h.landmarksForFrames([path.join(data!, f)], [(t += 1000)], { candidate: true, antispoof: true });
      const cap = await h.evaluate(async () => {
        const c = await window.harness.capture();
        return c && { jpeg: window.harness.b64(c.contextJpeg), box: c.contextFaceBox, score: c.contextAntispoof, size: c.contextSize };
      }, undefined);
      expect(cap, `${f}: ${JSON.stringify({ n: fr?.faceCount, pose: fr?.face?.pose, ear: fr?.face?.ear, bs: fr?.face?.blinkBlendshape, sh: fr?.face?.sharpness })}`).not.toBeNull();
      expect(Math.max(cap!.size.width, cap!.size.height)).toBeLessThanOrEqual(224);
      const server = await antispoofScoreFromContext(new Uint8Array(Buffer.from(cap!.jpeg, "base64")), cap!.box);
      // Same crop, JPEG-compressed and resized once more: same side of the threshold, close in value.
      expect(Math.abs(server - cap!.score), f).toBeLessThan(0.15);
      expect(server >= 0.5, f).toBe(fr!.antispoof!.score >= 0.5);
    }
  }, 300_000);
});
