// What a first visit downloads to run the face pipeline: a fresh browser (empty HTTP cache) signs in and opens /lab,
// which loads the same worker, runtimes and models as check-in and enrolment, until the pipeline reports its provider
// (every runtime and model loaded) and the network is idle. The bytes are counted by `npm run verify:deploy`'s CDN
// stand-in (it compresses what Vercel compresses): what it sent between the reset and the end of this test, each
// body encoded as on the wire and decoded (Playwright's per-request events missed some of the worker's requests).
// Checks that only the runtime variants this browser uses were sent, and that no static file (runtime, model, app
// chunk) was sent twice: the worker reads each runtime through the HTTP cache and ORT/MediaPipe then instantiate it
// streaming from the same URL, which must be a cache hit (2026-12-04 both big runtimes and MediaPipe's loader were
// sent twice: the CDN stand-in had given them the function's 404 `no-store` instead of next.config's `immutable`).
// VERIFY_FIRST_VISIT_OUT names the JSON it writes.
import { writeFileSync } from "node:fs";
import { expect, test } from "./fixtures";
import { PREFETCH_URLS } from "@/lib/face/assets";
import { makeFakeCameraClips } from "../support/make-fake-camera";
import { fakeCameraLaunch } from "./browser";

const out = process.env.VERIFY_FIRST_VISIT_OUT;
const clips = makeFakeCameraClips();
test.use({ launchOptions: fakeCameraLaunch(clips.live ?? clips.still) });

interface Tally {
  rows: { url: string; wire: number; decoded: number; gzip: number }[];
}

test("first visit: bytes to sign in and run the face pipeline", async ({ page, request, auth }) => {
  test.skip(!out, "run by npm run verify:deploy (VERIFY_FIRST_VISIT_OUT)");
  test.setTimeout(240_000);
  expect((await request.get("/__verify/tally/reset")).status()).toBe(204);
  await auth.signInAsDemoOwner();
  await page.goto("/lab");
  await expect(page.getByTestId("lab-provider")).toHaveText("wasm", { timeout: 120_000 });
  // The provider is known once the worker has downloaded and loaded every runtime and model; then nothing more comes.
  await page.waitForLoadState("networkidle");
  const { rows } = (await (await request.get("/__verify/tally")).json()) as Tally;
  const sum = (k: "wire" | "decoded" | "gzip") => rows.reduce((s, r) => s + r[k], 0);
  const largest = [...rows].sort((a, b) => b.decoded - a.decoded).slice(0, 12);
  const binaries = rows.filter((r) => /\.(wasm|gz|onnx|task)$/.test(r.url)).map((r) => r.url);
  const files = rows.filter((r) => /^\/(_next\/static|ort|mediapipe|models)\//.test(r.url)).map((r) => r.url);
  const twice = [...new Set(files.filter((u, i) => files.indexOf(u) !== i))];
  writeFileSync(out!, JSON.stringify({ responses: rows.length, bytes: sum("decoded"), wireBytes: sum("wire"), gzipBytes: sum("gzip"), downloadedTwice: twice, largest }, null, 2));

  // Only what this browser runs (no WebGPU here: ORT's WASM build; the app's classic worker: MediaPipe's classic
  // build), no bundler copy of a runtime.
  expect([...new Set(binaries)].sort()).toEqual(PREFETCH_URLS.filter((u) => !/\.(mjs|js)$/.test(u)).slice().sort());
  // Each file once: a second request for an immutable, content-addressed file is answered by the HTTP cache.
  expect(twice, "static files sent more than once in one first visit").toEqual([]);
});
