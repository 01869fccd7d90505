// Which onnxruntime-web provider runs, and why (lib/face/worker/provider.ts, ort-web.ts): without a hardware
// WebGPU adapter only WASM is loaded; with one, 'auto' times an embedding on both and keeps the faster. This
// machine has no GPU: with --enable-unsafe-webgpu Chromium offers its software adapter (SwiftShader), which
// 'auto' skips by default and measures (and must find slower than WASM) when asked to consider it.
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { repoRoot, startHarness, type Harness } from "@/tools/browser-harness";

const crop = () => new Uint8Array(112 * 112 * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * 37) % 251));

describe("ONNX provider choice", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("uses WASM without measuring when the browser has no WebGPU", async () => {
    h = await startHarness({ threads: 2, provider: "auto" });
    const info = await h.load();
    expect(info.provider).toBe("wasm");
    expect(info.webgpuError).toMatch(/navigator\.gpu is not available|no WebGPU adapter/);
    expect(info.providerMeasuredMs).toBeUndefined();
    const [e] = await h.embedAligned([crop()]);
    expect(Math.hypot(...e!)).toBeCloseTo(1, 4);
  }, 120_000);

  it("skips a software WebGPU adapter without measuring it", async () => {
    h = await startHarness({ threads: 2, provider: "auto", webgpu: true });
    const info = await h.load();
    expect(info.provider).toBe("wasm");
    expect(info.providerMeasuredMs).toBeUndefined();
    expect(info.webgpuError).toMatch(/software WebGPU adapter|no WebGPU adapter/);
  }, 120_000);

  it("with a WebGPU adapter, times both providers and keeps the faster", async () => {
    h = await startHarness({ threads: 2, provider: "auto", webgpu: true });
    const info = await h.load({ softwareGpu: true });
    const m = info.providerMeasuredMs;
    console.log(`face-provider: measured ${JSON.stringify(m)} → ${info.provider}; load ${JSON.stringify(info.load)}`);
    if (!m) {
      // No adapter even with --enable-unsafe-webgpu (e.g. no Vulkan software driver): WASM, with the reason.
      expect(info.provider).toBe("wasm");
      expect(info.webgpuError).toBeTruthy();
      console.warn(`face-provider: no WebGPU adapter here (${info.webgpuError}); only the fallback was checked`);
      return;
    }
    expect(m.wasm).toBeGreaterThan(0);
    if (m.webgpu === undefined) {
      expect(info.webgpuError).toBeTruthy(); // the WebGPU session failed; its error is recorded
    } else {
      expect(info.provider).toBe(m.webgpu < m.wasm! ? "webgpu" : "wasm");
      if (info.provider === "wasm") expect(info.webgpuError).toMatch(/slower than WASM/);
    }
    const [e] = await h.embedAligned([crop()]);
    expect(Math.hypot(...e!)).toBeCloseTo(1, 4);
  }, 300_000);
});

describe("MediaPipe delegate choice", () => {
  const FACE = path.join(repoRoot, "tests/fixtures/silent-face-print-F1.jpg");
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("keeps the CPU delegate without measuring a software WebGL renderer, and says so", async () => {
    h = await startHarness({ threads: 1, delegate: "auto" });
    await h.load();
    await h.landmarksForFrames([FACE], [0]); // the delegate is chosen on the first frame
    const info = await h.evaluate(() => window.harness.load({}), undefined);
    expect(info.delegate?.delegate).toBe("CPU");
    expect(info.delegate?.measuredMs).toEqual({});
    expect(info.delegate?.gpuError).toMatch(/software WebGL renderer \(.*SwiftShader.*\)/i);
  }, 120_000);

  it("measures both delegates when asked to consider software GPUs, and keeps the faster", async () => {
    h = await startHarness({ threads: 1, delegate: "auto" });
    await h.load({ softwareGpu: true });
    await h.landmarksForFrames([FACE], [0]);
    const info = await h.evaluate(() => window.harness.load({}), undefined);
    const m = info.delegate!.measuredMs;
    expect(m.CPU).toBeGreaterThan(0);
    if (m.GPU === undefined) expect(info.delegate!.gpuError).toBeTruthy();
    else expect(info.delegate!.delegate).toBe(m.GPU < m.CPU! ? "GPU" : "CPU");
  }, 120_000);
});
