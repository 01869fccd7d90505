// What a first visit downloads to run the face pipeline: a fresh browser (empty HTTP cache and Cache Storage) signs
// in and opens /lab, which loads the same worker, runtimes and models as check-in and enrolment, until the pipeline
// reports its provider (every runtime and model loaded) and the network is idle. Sums every response body (uncompressed) and its gzip size (what a host
// that compresses would send). Run by `npm run verify:deploy` (VERIFY_FIRST_VISIT_OUT names the JSON it writes);
// skipped otherwise.
import { writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { expect, test } from "./fixtures";
import { makeFakeCameraClips } from "../support/make-fake-camera";
import { fakeCameraLaunch } from "./browser";

const out = process.env.VERIFY_FIRST_VISIT_OUT;
const clips = makeFakeCameraClips();
test.use({ launchOptions: fakeCameraLaunch(clips.live ?? clips.still) });

test("first visit: bytes to sign in and run the face pipeline", async ({ page, auth }) => {
  test.skip(!out, "run by npm run verify:deploy (VERIFY_FIRST_VISIT_OUT)");
  test.setTimeout(240_000);
  const bodies: Promise<{ url: string; bytes: number; gzip: number; encoding: string | null }>[] = [];
  page.on("response", (r) => {
    if (!/^https?:/.test(r.url())) return; // blob: and data: URLs are the page's own copies, not downloads
    bodies.push(
      r.body().then(
        (b) => ({ url: new URL(r.url()).pathname, bytes: b.length, gzip: gzipSync(b, { level: 6 }).length, encoding: r.headers()["content-encoding"] ?? null }),
        () => ({ url: new URL(r.url()).pathname, bytes: 0, gzip: 0, encoding: null }), // redirects have no body
      ),
    );
  });
  await auth.signInAsDemoOwner();
  await page.goto("/lab");
  await expect(page.getByTestId("lab-provider")).toHaveText("wasm", { timeout: 120_000 });
  // The provider is known once the worker has downloaded and loaded every runtime and model; then nothing more comes.
  await page.waitForLoadState("networkidle");
  const all = await Promise.all(bodies);
  const sum = (k: "bytes" | "gzip") => all.reduce((s, r) => s + r[k], 0);
  const largest = [...all].sort((a, b) => b.bytes - a.bytes).slice(0, 12);
  writeFileSync(out!, JSON.stringify({ responses: all.length, bytes: sum("bytes"), gzipBytes: sum("gzip"), largest }, null, 2));
});
