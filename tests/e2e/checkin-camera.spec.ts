// Issues 5 and 6 end to end with the REAL face pipeline in the browser and on the server (no bypass):
// the fake webcam plays tests/.tmp/fake-camera/live-turns.y4m, a real man's blinking video with a synthetic
// head turn applied (tests/support/make-turning-clip.ts), so every challenge the server draws (2 of blink /
// turn-left / turn-right) can be performed, anti-spoof sees a live face and the best frame is frontal.
//   1. invite → accept → consent → register the laptop → enrol 3 captures → sign in → check in → the admin
//      sees the event on the dashboard (issue 5)
//   2. a kiosk identifies the enrolled person 1:N (issue 5)
//   3. correction with a mandatory reason (audit trail) → CSV export has the corrected time (issue 6)
// The tests run in order and share the organisation (enrolling costs three live sessions).
// Needs ../shared/data/dev (or CLOCKFACE_DATA_DIR) for the real face; skips with a message without it.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { expect, test, type Page } from "@playwright/test";
import { devDataDir, repoRoot } from "../support/browser-harness";
import { makeFakeCameraClips } from "../support/make-fake-camera";
import { TURNING_CLIP } from "../support/make-turning-clip";
import { fakeCameraLaunch } from "./browser";
import { AdminDashboard, PersonTimeline, ReportsPage, StaffPage } from "./pages/admin";
import { AuthPages } from "./pages/auth";

/**
 * On by default when the dev data is present; CLOCKFACE_E2E_CAMERA=0 skips it (about 2 minutes). On this 2-core
 * machine a fresh face worker's first live session usually analyses fewer than the 8 frames/s the liveness rules
 * need, and the retry ("Try again", as a person would) passes: the retries are recorded as test annotations.
 */
const OPTED_OUT = process.env.CLOCKFACE_E2E_CAMERA === "0";
const SKIP_MESSAGE = OPTED_OUT
  ? "camera check-in e2e skipped (CLOCKFACE_E2E_CAMERA=0)"
  : "needs ../shared/data/dev/liveness/repeating_blink_video.mp4 (or CLOCKFACE_DATA_DIR) for a real face on the fake camera";

function turningClip(): string | undefined {
  if (OPTED_OUT || !devDataDir()) return undefined;
  // Built once (cached in tests/.tmp by input mtime); it runs the landmarker in a browser, hence a subprocess.
  // One retry: on a busy machine the harness browser has been seen to close under the build.
  for (let attempt = 1; ; attempt++) {
    try {
      execFileSync("npx", ["tsx", "tests/support/make-turning-clip.ts"], { cwd: repoRoot, stdio: ["ignore", "ignore", "pipe"] });
      break;
    } catch (e) {
      if (attempt >= 2) throw e;
    }
  }
  return existsSync(TURNING_CLIP) ? TURNING_CLIP : undefined;
}

const clip = turningClip();
// No WebGL (--disable-3d-apis): headless Chromium here only has SwiftShader, on which the landmarker's "auto"
// delegate probe (GPU vs CPU, on the first frame) took tens of seconds under load; without WebGL the GPU delegate
// fails at once and the app runs its CPU path, as on a laptop without a usable GPU.
const camera = fakeCameraLaunch(clip ?? makeFakeCameraClips().still);
test.use({ launchOptions: { ...camera, args: [...camera.args, "--disable-3d-apis"] } });
test.describe.configure({ mode: "serial" });

const password = "camera-e2e-pass-42";
const stamp = Date.now();
const owner = { name: "Olga Owner", email: `olga-${stamp}@e2e.example` };
const ivan = { name: "Ivan Invitee", email: `ivan-${stamp}@e2e.example` };

/** Set when a live session failed only because this machine analysed too few frames per second. */
class Overloaded extends Error {}

/**
 * Waits for the capture in `p` to finish; a failed session is retried with "Try again" (as a person would).
 * The liveness rules need ≥ minFps analysed frames/s (a blink spans only a few frames); on an overloaded
 * machine the only failing rule is `frame-rate`: after the retries that ends the test as skipped, with the
 * reason, as tests/integration/face-capture-component.test.ts does. Any other failure fails the test.
 * A session that stays "running" with no outcome for `stallMs` (seen here: the camera's frames stop coming in
 * a second session, and the capture has no watchdog) is cancelled and started again with `start`.
 */
async function runCapture(p: Page, start: () => Promise<void>, finished: () => Promise<boolean>, maxRetries = 5, stallMs = 40_000): Promise<void> {
  await start();
  const failures: string[] = [];
  for (;;) {
    await expect(p.getByTestId("face-capture").or(p.getByTestId("verdict-accepted")).or(p.getByTestId("verdict-rejected")).first()).toBeVisible({ timeout: 60_000 });
    const status = p.getByTestId("face-capture");
    let outcome = "running";
    try {
      await expect
        .poll(async () => ((await finished()) ? "finished" : ((await status.getAttribute("data-status", { timeout: 1000 }).catch(() => null)) ?? "gone")), { timeout: stallMs })
        .toMatch(/finished|error/);
      outcome = (await finished()) ? "finished" : "error";
    } catch {
      outcome = "stalled";
    }
    if (outcome === "finished") return;
    const message = outcome === "stalled" ? `stalled: "${await p.getByTestId("face-prompt").innerText()}" for ${stallMs / 1000} s` : await p.getByTestId("face-prompt").innerText();
    failures.push(message);
    test.info().annotations.push({ type: "capture-retry", description: message });
    if (failures.length > maxRetries) {
      if (failures.every((m) => /did not pass \(frame-rate\)/.test(m))) throw new Overloaded(`${failures.length} live sessions analysed too few frames per second`);
      throw new Error(`capture failed ${failures.length} times: ${failures.join(" | ")}`);
    }
    if (outcome === "stalled") {
      await p.getByRole("button", { name: "Cancel" }).click();
      await start();
    } else {
      await p.getByRole("button", { name: "Try again" }).click();
    }
  }
}

/** Runs `f`; an Overloaded failure skips the test with its reason instead of failing it. */
async function orSkipWhenOverloaded(f: () => Promise<void>): Promise<void> {
  try {
    await f();
  } catch (e) {
    if (e instanceof Overloaded) test.skip(true, `machine overloaded: ${e.message} (the frame-rate rule needs ≥ 8)`);
    throw e;
  }
}

let enrolledAndCheckedIn = false;

/**
 * The live sessions need the CPU: on this 2-core machine with a 1-minute load average of 4–10 (other jobs) the
 * first sessions analysed 3.5–7 frames/s (the rules need 8), and the first anti-spoof inference of a fresh
 * worker was seen to take over 40 s. Above this load the camera tests skip with the measured load.
 */
const MAX_LOAD_PER_CORE = 2;
function skipWhenMachineBusy() {
  const load = loadavg()[0]!;
  const cores = availableParallelism();
  test.skip(load > MAX_LOAD_PER_CORE * cores, `machine busy: load average ${load.toFixed(1)} on ${cores} cores (> ${MAX_LOAD_PER_CORE} per core) — the live sessions cannot reach 8 analysed frames/s`);
}

test("issue 5: invite → accept → consent → enrol 3 captures → sign in → check in → the admin sees it", async ({ page, browser }) => {
  test.skip(!clip, SKIP_MESSAGE);
  skipWhenMachineBusy();
  test.setTimeout(480_000);
  const auth = new AuthPages(page);
  await auth.signUp({ organisationName: "Camera E2E Ltd", name: owner.name, email: owner.email, password });
  await expect(page).toHaveURL(/\/admin$/);
  const staff = new StaffPage(page);
  await staff.goto();
  const link = await staff.invite(ivan);

  const laptop = await browser.newContext();
  const p = await laptop.newPage();
  await p.goto(new URL(link).pathname);
  await p.getByLabel("Password", { exact: true }).fill(password);
  await p.getByLabel("Repeat the password").fill(password);
  await p.getByRole("button", { name: "Set password and continue" }).click();
  await expect(p).toHaveURL(/\/enrol$/);
  await p.getByRole("checkbox", { name: /I have read this and agree/ }).check();
  await p.getByRole("button", { name: "Accept and continue" }).click();
  await p.getByRole("button", { name: "Register this laptop" }).click();

  for (let i = 1; i <= 3; i++) {
    const next = i < 3 ? p.getByRole("button", { name: `Start capture ${i + 1} of 3` }) : p.getByRole("heading", { name: "You are enrolled" });
    // The enrol flow's own errors (not the capture's error prompt, not Next.js's route announcer).
    const problem = p.locator('p[role="alert"]:not([data-testid="face-prompt"])');
    for (let attempt = 1; ; attempt++) {
      const start = () => p.getByRole("button", { name: `Start capture ${i} of 3` }).click();
      await orSkipWhenOverloaded(() => runCapture(p, start, async () => (await next.isVisible()) || (await problem.isVisible())));
      if (!(await problem.isVisible())) break;
      // Retries inside one capture reuse its challenge (60 s): after several the server answers "took too long".
      const text = await problem.innerText();
      test.info().annotations.push({ type: "enrol-retry", description: text });
      if (attempt >= 2 || !/took too long/.test(text)) throw new Error(`capture ${i} was refused: ${text}`);
    }
  }
  await expect(p.getByRole("heading", { name: "You are enrolled" })).toBeVisible();

  // Sign out and back in on the laptop, then check in.
  await new AuthPages(p).signOut();
  await new AuthPages(p).signIn(ivan.email, password);
  await expect(p).not.toHaveURL(/sign-in/);
  await p.goto("/check-in");
  const verdict = p.getByTestId("verdict-accepted").or(p.getByTestId("verdict-rejected"));
  await orSkipWhenOverloaded(() => runCapture(p, () => p.getByTestId("start-check-in").click(), () => verdict.isVisible()));
  await expect(p.getByTestId("verdict-accepted")).toContainText(/Checked in at \d{1,2}:\d{2}/);
  await laptop.close();

  const dashboard = new AdminDashboard(page);
  await dashboard.goto();
  await dashboard.waitForCheckIn(ivan.name);
  await expect(dashboard.list("present")).toContainText(ivan.name);
  enrolledAndCheckedIn = true;
});

test("issue 5: a kiosk identifies the enrolled person (1:N)", async ({ page }) => {
  test.skip(!clip, SKIP_MESSAGE);
  test.skip(!enrolledAndCheckedIn, "needs the person enrolled and checked in by the first test");
  skipWhenMachineBusy();
  test.setTimeout(180_000);
  await new AuthPages(page).signIn(owner.email, password);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/kiosk");
  await page.getByLabel("Kiosk name").fill("Front door");
  await page.getByRole("button", { name: "Register this kiosk" }).click();
  const verdict = page.getByTestId("verdict-accepted").or(page.getByTestId("verdict-rejected"));
  await orSkipWhenOverloaded(() => runCapture(page, () => page.getByTestId("kiosk-start").click(), () => verdict.isVisible()));
  // Ivan checked in on his laptop moments ago: the kiosk names him and counts the same check-in.
  await expect(page.getByTestId("verdict-accepted")).toContainText(ivan.name);
  await expect(page.getByTestId("verdict-accepted")).toContainText(/checked in at \d{1,2}:\d{2}/i);
});

test("issue 6: the check-in is corrected with a reason (audited) and the CSV export has the corrected time", async ({ page }) => {
  test.skip(!clip, SKIP_MESSAGE);
  test.skip(!enrolledAndCheckedIn, "needs the person enrolled and checked in by the first test");
  await new AuthPages(page).signIn(owner.email, password);
  await expect(page).toHaveURL(/\/admin$/);
  const staff = new StaffPage(page);
  await staff.goto();
  await staff.openTimeline(ivan.name);

  const day = page.getByTestId("day-card").filter({ has: page.getByRole("button", { name: "Edit" }) }).first();
  const dayLabel = (await day.getAttribute("aria-label"))!;
  const event = day.getByTestId("timeline-event").filter({ has: page.getByRole("button", { name: "Edit" }) }).first();
  await expect(event).toContainText("Check-in");
  // The reason is mandatory: saving without one is refused and nothing changes.
  await event.getByRole("button", { name: "Edit" }).click();
  const form = event.getByTestId("edit-event-form");
  const date = await form.getByLabel("Date").inputValue();
  await form.getByLabel("Time").fill("00:01");
  await form.getByRole("button", { name: "Save correction" }).click();
  await expect(form).toContainText("Say why");
  await expect(page.getByTestId("corrections-list")).toHaveCount(0);

  const reason = "Badge reader queue: arrived at opening";
  await page.reload();
  await new PersonTimeline(page).editEvent(dayLabel, 0, { time: "00:01", reason });
  await expect(page.getByTestId("corrections-list")).toContainText(reason);

  await page.goto("/admin/audit?action=attendance.corrected.edit");
  await expect(page.getByTestId("audit-table")).toContainText(reason);
  await expect(page.getByTestId("audit-table")).toContainText(owner.name);

  const reports = new ReportsPage(page);
  await reports.goto({ from: date, to: date });
  const download = await reports.export("csv-daily");
  const csv = (await import("node:fs")).readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
  const [header, ...rows] = csv.trim().split(/\r?\n/).map((l) => l.split(","));
  const col = (name: string) => header!.indexOf(name);
  const row = rows.find((r) => r[col("Person")] === ivan.name);
  expect(row, csv).toBeDefined();
  expect(row![col("Date")]).toBe(date);
  expect(row![col("First in")]).toMatch(/^00:01/);
  // The export equals the screen.
  const screen = (await reports.dailyRows()).find((r) => r.includes(ivan.name));
  expect(screen).toBeDefined();
  expect(screen!.join(" ")).toContain("00:01");
});
