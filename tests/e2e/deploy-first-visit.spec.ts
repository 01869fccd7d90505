// What a first visit downloads to run the face pipeline: a fresh browser (empty HTTP cache) signs in and opens /lab,
// which loads the same worker, runtimes and models as check-in and enrolment, until the pipeline reports its provider
// (every runtime and model loaded) and the network is idle. Records every response's decoded body and the bytes that
// crossed the wire for it (Chromium's encoded size: compressed where the host compressed it), and checks that only
// the runtime variants this browser uses were fetched, each once. Run by `npm run verify:deploy`
// (VERIFY_FIRST_VISIT_OUT names the JSON it writes) against its CDN stand-in; skipped otherwise.
import { writeFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { PREFETCH_URLS } from "@/lib/face/assets";
import { makeFakeCameraClips } from "../support/make-fake-camera";
import { fakeCameraLaunch } from "./browser";
import { signInAsDemoOwner } from "./pages/demo";

const out = process.env.VERIFY_FIRST_VISIT_OUT;
const clips = makeFakeCameraClips();
test.use({ launchOptions: fakeCameraLaunch(clips.live ?? clips.still) });

test("first visit: bytes to sign in and run the face pipeline", async ({ page }) => {
  test.skip(!out, "run by npm run verify:deploy (VERIFY_FIRST_VISIT_OUT)");
  test.setTimeout(240_000);
  const rows: Promise<{ url: string; bytes: number; wire: number; encoding: string | null }>[] = [];
  page.on("requestfinished", (req) => {
    if (!/^https?:/.test(req.url())) return; // blob: and data: URLs are the page's own copies, not downloads
    rows.push(
      (async () => {
        const res = await req.response();
        const body = await res?.body().catch(() => undefined); // redirects have no body
        const sizes = await req.sizes();
        // A response from the HTTP cache has no body on the wire (Chromium still reports its headers' size).
        const wire = sizes.responseBodySize > 0 ? sizes.responseBodySize + sizes.responseHeadersSize : 0;
        return { url: new URL(req.url()).pathname, bytes: body?.length ?? 0, wire, encoding: res?.headers()["content-encoding"] ?? null };
      })(),
    );
  });
  await signInAsDemoOwner(page);
  await page.goto("/lab");
  await expect(page.getByTestId("lab-provider")).toHaveText("wasm", { timeout: 120_000 });
  // The provider is known once the worker has downloaded and loaded every runtime and model; then nothing more comes.
  await page.waitForLoadState("networkidle");
  const all = await Promise.all(rows);
  const sum = (k: "bytes" | "wire") => all.reduce((s, r) => s + r[k], 0);
  const largest = [...all].sort((a, b) => b.bytes - a.bytes).slice(0, 12);
  const binaries = all.filter((r) => r.wire > 0 && /\.(wasm|gz|onnx|task)$/.test(r.url)).map((r) => r.url);
  const twice = binaries.filter((u, i) => binaries.indexOf(u) !== i);
  writeFileSync(out!, JSON.stringify({ responses: all.length, bytes: sum("bytes"), wireBytes: sum("wire"), downloadedTwice: twice, largest }, null, 2));

  // Only what this browser runs (no WebGPU here: ORT's WASM build; the app's classic worker: MediaPipe's classic
  // build), no bundler copy of a runtime. Whether a loader's second request of a binary was answered by the cache is
  // recorded (downloadedTwice), not asserted: Playwright's per-request sizes disagreed between two runs here, while
  // tests/e2e/face-assets.spec.ts shows the cache answering every file after the prefetch.
  const expected = new Set(PREFETCH_URLS);
  expect(binaries.filter((u) => !expected.has(u)), "binaries this browser does not use").toEqual([]);
  expect(binaries.length).toBeGreaterThan(0);
});
