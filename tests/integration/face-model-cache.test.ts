// Models and runtimes download once, with progress, and come from the browser's HTTP cache on the next visit
// (nothing downloaded): their URLs are content-addressed and served immutable (lib/face/assets.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runtimeUrl } from "@/lib/face/assets";
import { TOTAL_MODEL_BYTES } from "@/lib/face/models";
import { startHarness, type Harness } from "@/tools/browser-harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ threads: 1 });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe("model download and cache", () => {
  it("first load downloads with progress; the second downloads nothing", async () => {
    const requested: string[] = [];
    h.page.context().on("request", (r) => requested.push(new URL(r.url()).pathname));
    const first = await h.evaluate(async () => {
      const progress: { loaded: number; total: number }[] = [];
      const c = window.harness.client();
      const info = await c.load({ threads: 1, provider: "wasm", delegate: "CPU" }, (p) => progress.push({ loaded: p.loaded, total: p.total }));
      return { info, progress };
    }, undefined);
    expect(first.info.fromCache).toBe(false);
    expect(first.info.downloadedBytes).toBeGreaterThanOrEqual(TOTAL_MODEL_BYTES);
    expect(first.info.modelBytes).toBe(TOTAL_MODEL_BYTES);
    expect(first.progress.length).toBeGreaterThan(3);
    const last = first.progress[first.progress.length - 1]!;
    expect(last.loaded).toBe(last.total);
    expect(last.total).toBe(first.info.downloadedBytes);
    // A new worker in the same browser profile = a second visit.
    const second = await h.evaluate((c) => window.harness.freshLoad(c), { threads: 1, provider: "wasm" as const, delegate: "CPU" as const });
    expect(second.info.fromCache).toBe(true);
    expect(second.info.downloadedBytes).toBe(0);
    // The runtimes are instantiated from their URLs (streaming, so Chromium can keep the compiled code), not from
    // bytes: each binary is requested by the worker's fetch and again by its loader, both answered by the cache.
    for (const key of ["ortWasm", "mediapipeModuleWasm"] as const) {
      expect(requested.filter((p) => p === runtimeUrl(key)).length, key).toBeGreaterThanOrEqual(2);
    }
    expect(requested.filter((p) => !/^\/(models|ort|mediapipe)\/[0-9a-f]{64}\//.test(p) && /\.(wasm|onnx|task)$/.test(p))).toEqual([]);
  }, 300_000);
});
