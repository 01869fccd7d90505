// The browser half of `npm run bench:checkin` (scripts/bench-checkin.ts starts the server and runs this with
// playwright.bench.config.ts; it is not part of the E2E suite). A real person's check-in on the real app:
// Debian's Chromium with the fake camera playing tests/.tmp/fake-camera/live-turns.y4m (a real man blinking, with
// a synthetic head turn, tests/support/make-turning-clip.ts), the production build, the real models in the browser
// and on the server.
//
// Setup (not timed): sign up an organisation, invite an employee, accept on a "laptop" browser context, enrol three
// captures, the owner approves. Then, on the laptop:
//   cached  BENCH_RUNS times: open /check-in (models and runtimes in the browser's caches from the enrolment), wait
//           BENCH_THINK_MS (a person reading the page), click the first punch offered ("Check in", then "Check out"
//           or a break: each run records the next punch), wait for the verdict;
//   cold    clear the laptop's HTTP cache and Cache Storage (as on a first visit; the laptop keeps its registered
//           device key, which lives in IndexedDB), then the same; every response from opening /check-in to the
//           verdict is summed (bytes on the wire, and gzip of each body that came over the network: what a
//           compressing host would send; a pre-compressed model's body is its .gz file).
// Each run's User Timing marks (lib/checkin/client/timeline.ts) and the load average are written to
// BENCH_CHECKIN_OUT. Skips (with the reason) without ../shared/data/dev.
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { gzipSync } from "node:zlib";
import { cdnWireBytes } from "@/tools/cdn-compression";
import { expect, test, type Page } from "@playwright/test";
import { MARK_PREFIX } from "@/lib/checkin/client/timeline";
import type { BenchRun, Mark } from "@/tools/checkin-bench";
import { fakeCameraLaunch } from "../e2e/browser";
import { acceptInviteOnLaptop, approveEnrolment, buildTurningClip, enrolThreeCaptures, runCapture } from "../e2e/camera-session";
import { StaffPage } from "../e2e/pages/admin";
import { AuthPages } from "../e2e/pages/auth";

const out = process.env.BENCH_CHECKIN_OUT;
const runs = Number(process.env.BENCH_RUNS ?? 3);
const thinkMs = Number(process.env.BENCH_THINK_MS ?? 2000);

const clip = out ? buildTurningClip() : undefined;
// As the camera E2E: no WebGL, so MediaPipe runs its CPU path at once (SwiftShader's GPU probe takes seconds here).
const camera = fakeCameraLaunch(clip);
test.use({ launchOptions: { ...camera, args: [...camera.args, "--disable-3d-apis"] } });

async function marksOf(p: Page): Promise<Mark[]> {
  return p.evaluate(
    (prefix) =>
      performance
        .getEntriesByType("mark")
        .filter((m) => m.name.startsWith(prefix))
        .map((m) => ({ name: m.name.slice(prefix.length), t: m.startTime, detail: (m as PerformanceMark).detail ?? undefined })),
    MARK_PREFIX,
  );
}

async function checkIn(p: Page, mode: BenchRun["mode"]): Promise<Omit<BenchRun, "download">> {
  const load0 = loadavg();
  await p.goto("/check-in");
  // The first punch offered (check in, or check out / a break once in): the page's primary button.
  const start = p.getByRole("group", { name: "What do you want to record?" }).getByRole("button").first();
  await expect(start).toBeVisible({ timeout: 60_000 });
  await p.waitForTimeout(thinkMs);
  const verdict = p.getByTestId("verdict-accepted").or(p.getByTestId("verdict-rejected"));
  const before = test.info().annotations.length;
  await runCapture(p, () => start.click(), () => verdict.isVisible());
  const retries = test.info().annotations.slice(before).map((a) => a.description ?? "");
  const text = await verdict.innerText();
  return { mode, marks: await marksOf(p), retries, verdict: text.replace(/\s+/g, " ").trim(), load: [...load0, ...loadavg()] };
}

test("bench: check-in, cached and cold", async ({ page, browser }) => {
  test.skip(!out, "run by npm run bench:checkin (BENCH_CHECKIN_OUT)");
  test.skip(!clip, "needs ../shared/data/dev/liveness/repeating_blink_video.mp4 (or CLOCKFACE_DATA_DIR) for a real face on the fake camera");
  test.setTimeout(900_000);
  const password = "bench-checkin-pass-42";
  const stamp = Date.now();
  await new AuthPages(page).signUp({ organisationName: "Bench Check-in Ltd", name: "Bea Bench", email: `bea-${stamp}@bench.example`, password });
  await expect(page).toHaveURL(/\/admin$/);
  const staff = new StaffPage(page);
  await staff.goto();
  const person = { name: "Ivan Bench", email: `ivan-${stamp}@bench.example` };
  const link = await staff.invite(person);

  const laptop = await browser.newContext();
  const p = await laptop.newPage();
  await acceptInviteOnLaptop(p, link, password);
  await enrolThreeCaptures(p);
  await approveEnrolment(page, person.name);

  const results: BenchRun[] = [];
  for (let i = 0; i < runs; i++) results.push(await checkIn(p, "cached"));

  // Cold: the laptop's caches emptied (HTTP cache incl. compiled code, Cache Storage), a new page.
  await p.close();
  const cold = await laptop.newPage();
  const cdp = await laptop.newCDPSession(cold);
  await cdp.send("Network.clearBrowserCache");
  await cdp.send("Storage.clearDataForOrigin", { origin: new URL(test.info().project.use.baseURL!).origin, storageTypes: "cache_storage" });
  const bodies: Promise<{ url: string; wireBytes: number; bodyBytes: number; gzipBytes: number; cdnBytes: number }>[] = [];
  cold.on("requestfinished", (req) => {
    if (!/^https?:/.test(req.url())) return;
    bodies.push(
      Promise.all([req.sizes(), req.response().then((r) => r?.body().catch(() => Buffer.alloc(0)) ?? Buffer.alloc(0)), req.response().then((r) => r?.headers()["content-type"] ?? "")]).then(([s, b, type]) => {
        // A response answered from the HTTP cache (e.g. ORT's binary: the worker's fetch, then instantiateStreaming)
        // has no body on the wire; it is listed, but only bodies that came over the network count.
        const fromNetwork = s.responseBodySize > 0;
        return {
          url: new URL(req.url()).pathname,
          wireBytes: s.responseBodySize + s.responseHeadersSize,
          bodyBytes: fromNetwork ? b.length : 0,
          gzipBytes: fromNetwork ? gzipSync(b, { level: 6 }).length : 0,
          // what Vercel's CDN would send: brotli for what it compresses, the rest (pre-compressed models) as is
          cdnBytes: fromNetwork ? cdnWireBytes(type, b) : 0,
        };
      }),
    );
  });
  const coldRun = await checkIn(cold, "cold");
  const all = await Promise.all(bodies);
  const sum = (k: "wireBytes" | "bodyBytes" | "gzipBytes" | "cdnBytes") => all.reduce((s, r) => s + r[k], 0);
  results.push({
    ...coldRun,
    download: {
      responses: all.length,
      wireBytes: sum("wireBytes"),
      bodyBytes: sum("bodyBytes"),
      gzipBytes: sum("gzipBytes"),
      cdnBytes: sum("cdnBytes"),
      largest: [...all].sort((a, b) => b.wireBytes - a.wireBytes).slice(0, 12).map(({ url, wireBytes, bodyBytes }) => ({ url, wireBytes, bodyBytes })),
    },
  });
  await laptop.close();
  writeFileSync(out!, JSON.stringify({ thinkMs, runs: results }, null, 2));
});
