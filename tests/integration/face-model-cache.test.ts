// Models download once, with progress, and come from Cache Storage on the next visit (nothing downloaded).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
    const cached = await h.page.evaluate(async () => {
      const cache = await caches.open("clockface-face-assets-v1");
      return (await cache.keys()).map((r) => new URL(r.url).pathname);
    });
    expect(cached).toEqual(expect.arrayContaining(["/models/mobilefacenet.onnx", "/models/face_landmarker.task"]));
  }, 300_000);
});
