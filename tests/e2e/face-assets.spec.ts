// Where the face pipeline's bytes come from, on the production build: the pages that lead to a check-in prefetch the
// models and runtimes at idle into the HTTP cache (content-addressed URLs, immutable), and a face worker started
// afterwards loads everything from that cache, with ORT's WASM threads running on the cross-origin-isolated page and
// MediaPipe finding the face, under a CSP that allows no blob: scripts, fetches or workers.
import type { Response } from "@playwright/test";
import { expect, test } from "./fixtures";
import { IMMUTABLE_CACHE_CONTROL, PREFETCH_URLS } from "@/lib/face/assets";
import { makeFakeCameraClips } from "../support/make-fake-camera";
import { fakeCameraLaunch } from "./browser";

const clips = makeFakeCameraClips();
test.use({ launchOptions: fakeCameraLaunch(clips.still) });

test("the idle prefetch fills the HTTP cache; the pipeline then downloads nothing and runs 2 threads", async ({ page, auth }) => {
  test.setTimeout(240_000);
  const csp: string[] = [];
  page.on("console", (m) => /Content Security Policy/i.test(m.text()) && csp.push(m.text()));
  const prefetched = new Map<string, Response>();
  page.on("response", (r) => {
    const p = new URL(r.url()).pathname;
    if (PREFETCH_URLS.includes(p) && !prefetched.has(p)) prefetched.set(p, r);
  });
  await auth.signInAsDemoOwner();
  await page.goto("/me");
  await expect.poll(() => prefetched.size, { timeout: 120_000 }).toBe(PREFETCH_URLS.length);
  for (const [p, r] of prefetched) {
    expect(r.status(), p).toBe(200);
    expect(r.headers()["cache-control"], p).toBe(IMMUTABLE_CACHE_CONTROL);
    await r.finished();
  }
  // /me is not cross-origin isolated; /lab is (COOP/COEP), and its worker finds every file in the cache.
  const afterPrefetch: string[] = [];
  page.on("requestfinished", async (req) => {
    const sizes = await req.sizes().catch(() => undefined);
    const p = new URL(req.url()).pathname;
    if (/\.(wasm|gz|mjs|js)$/.test(p) && /^\/(models|ort|mediapipe)\//.test(p) && sizes && sizes.responseBodySize > 0) afterPrefetch.push(p);
  });
  await page.goto("/lab");
  await expect(page.getByTestId("lab-provider")).toHaveText("wasm", { timeout: 120_000 });
  await expect(page.getByTestId("lab-threads")).toHaveText("2");
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(page.getByTestId("lab-faces")).toHaveText("1", { timeout: 60_000 }); // MediaPipe's runtime ran
  expect(csp).toEqual([]);
  expect(afterPrefetch, "downloaded again after the prefetch").toEqual([]);
  await expect(page.getByTestId("lab-models")).toContainText("(cached)"); // the worker's own account agrees
});
