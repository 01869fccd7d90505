// Issues 5 and 6 end to end with the REAL face pipeline in the browser and on the server (no bypass):
// the fake webcam plays tests/.tmp/fake-camera/live-turns.y4m, a real man's blinking video with a synthetic
// head turn applied (tests/support/make-turning-clip.ts), so every challenge the server draws (2 of blink /
// turn-left / turn-right) can be performed, anti-spoof sees a live face and the best frame is frontal.
//   1. invite → accept → consent → register the laptop → enrol 3 captures → sign in → check in → start a break
//      (the person chooses the punch before the capture, issue 16) → the admin sees the event on the dashboard
//   2. a kiosk identifies the enrolled person 1:N, names them, shows where they stand and asks: end the break
//      (issues 5, 16 and 17)
//   3. correction with a mandatory reason (audit trail) → CSV export has the corrected time (issue 6)
// The tests run in order and share the organisation (enrolling costs three live sessions).
// Needs ../shared/data/dev (or CLOCKFACE_DATA_DIR) for the real face; skips with a message without it.
import { expect, test } from "./fixtures";
import { punchLabels } from "@/lib/attendance/punches";
import { makeFakeCameraClips } from "../support/make-fake-camera";
import { fakeCameraLaunch } from "./browser";
import { acceptInviteOnLaptop, approveEnrolment, buildTurningClip, enrolThreeCaptures, orSkipWhenOverloaded, runCapture, skipWhenMachineBusy } from "./camera-session";
import { daytimeZone } from "./daytime-zone";
import { AuthPages } from "./pages/auth";

/**
 * On by default when the dev data is present; CLOCKFACE_E2E_CAMERA=0 skips it (about 2 minutes). A failed session
 * is retried with "Try again", as a person would, and the retries are recorded as test annotations (on a quiet
 * machine there are none since the first-session warm-up, lib/face/capture-session.ts).
 */
const OPTED_OUT = process.env.CLOCKFACE_E2E_CAMERA === "0";
const SKIP_MESSAGE = OPTED_OUT
  ? "camera check-in e2e skipped (CLOCKFACE_E2E_CAMERA=0)"
  : "needs ../shared/data/dev/liveness/repeating_blink_video.mp4 (or CLOCKFACE_DATA_DIR) for a real face on the fake camera";

function turningClip(): string | undefined {
  return OPTED_OUT ? undefined : buildTurningClip();
}

const clip = turningClip();
// No WebGL (--disable-3d-apis): headless Chromium here only has SwiftShader, on which the landmarker's "auto"
// delegate probe (GPU vs CPU, on the first frame) took tens of seconds under load; without WebGL the GPU delegate
// fails at once and the app runs its CPU path, as on a laptop without a usable GPU.
const camera = fakeCameraLaunch(clip ?? makeFakeCameraClips().still);
// The organisation (its timezone from the browser at sign-up) is in daytime while the tests run: a break started
// at 23:59 and ended at 00:01 would span two work days (the kiosk would say "Not checked in yet").
test.use({ launchOptions: { ...camera, args: [...camera.args, "--disable-3d-apis"] }, timezoneId: daytimeZone() });
test.describe.configure({ mode: "serial" });

const password = "camera-e2e-pass-42";
const stamp = Date.now();
const owner = { name: "Olga Owner", email: `olga-${stamp}@e2e.example` };
const ivan = { name: "Ivan Invitee", email: `ivan-${stamp}@e2e.example` };

let enrolledAndCheckedIn = false;

test("issue 5: invite → accept → consent → enrol 3 captures → sign in → check in → the admin sees it", async ({ page, auth, staff, dashboard, browser }) => {
  test.skip(!clip, SKIP_MESSAGE);
  skipWhenMachineBusy();
  test.setTimeout(480_000);
  await auth.signUp({ organisationName: "Camera E2E Ltd", name: owner.name, email: owner.email, password });
  await expect(page).toHaveURL(/\/admin$/);
  await staff.goto();
  const link = await staff.invite(ivan);

  const laptop = await browser.newContext();
  const p = await laptop.newPage();
  await acceptInviteOnLaptop(p, link, password);

  await enrolThreeCaptures(p);
  await expect(p.getByRole("heading", { name: "Waiting for review" })).toBeVisible();
  await approveEnrolment(page, ivan.name);

  // Sign out and back in on the laptop, then check in.
  await new AuthPages(p).signOut();
  await new AuthPages(p).signIn(ivan.email, password);
  await expect(p).not.toHaveURL(/sign-in/);
  await p.goto("/check-in");
  // Out: only "Check in" is offered.
  await expect(p.getByTestId("punch-status")).toHaveText("Not checked in yet");
  await expect(p.getByRole("group", { name: "What do you want to record?" }).getByRole("button")).toHaveText([punchLabels.in]);
  const verdict = p.getByTestId("verdict-accepted").or(p.getByTestId("verdict-rejected"));
  await orSkipWhenOverloaded(() => runCapture(p, () => p.getByTestId("punch-in").click(), () => verdict.isVisible()));
  await expect(p.getByTestId("verdict-accepted")).toContainText(/Checked in at \d{1,2}:\d{2}/);

  // Issue 16: in now, the person chooses "Start break" before the capture; the signed choice is recorded.
  await p.getByRole("button", { name: "Done" }).click();
  await expect(p.getByTestId("punch-status")).toHaveText(/^In since \d{2}:\d{2}$/);
  await expect(p.getByRole("group", { name: "What do you want to record?" }).getByRole("button")).toHaveText([punchLabels["break-start"], punchLabels.out]);
  await orSkipWhenOverloaded(() => runCapture(p, () => p.getByTestId("punch-break-start").click(), () => verdict.isVisible()));
  await expect(p.getByTestId("verdict-accepted")).toHaveAttribute("data-kind", "break-start");
  await expect(p.getByTestId("verdict-accepted")).toContainText(/Break started at \d{1,2}:\d{2}/);
  await p.getByRole("button", { name: "Done" }).click();
  await expect(p.getByTestId("punch-status")).toHaveText(/^On break since \d{2}:\d{2}$/);
  await laptop.close();

  await dashboard.goto();
  await dashboard.waitForCheckIn(ivan.name);
  await expect(dashboard.list("in-now")).toContainText(ivan.name);
  enrolledAndCheckedIn = true;
});

test("issues 5, 16, 17: a kiosk identifies the person (1:N), names them and asks what to record", async ({ page, auth }) => {
  test.skip(!clip, SKIP_MESSAGE);
  test.skip(!enrolledAndCheckedIn, "needs the person enrolled and checked in by the first test");
  skipWhenMachineBusy();
  test.setTimeout(180_000);
  await auth.signIn(owner.email, password);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/kiosk");
  await page.getByLabel("Kiosk name").fill("Front door");
  await page.getByRole("button", { name: "Register this kiosk" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Clockface kiosk");
  await expect(page.getByTestId("kiosk-clock")).toContainText(/\d{1,2}:\d{2}:\d{2}/);
  const asked = page.getByTestId("kiosk-choose").or(page.getByTestId("verdict-rejected"));
  await orSkipWhenOverloaded(() => runCapture(page, () => page.getByTestId("kiosk-start").click(), () => asked.isVisible()));
  // Ivan started a break on his laptop moments ago: the kiosk names him, says so, and records nothing by itself.
  await expect(page.getByTestId("kiosk-person")).toHaveText(ivan.name);
  await expect(page.getByTestId("kiosk-person-status")).toHaveText(/^On break since \d{2}:\d{2}$/);
  await expect(page.getByRole("group", { name: "What do you want to record?" }).getByRole("button")).toHaveText([punchLabels["break-end"], punchLabels.out]);
  await page.getByTestId("kiosk-punch-break-end").click();
  await expect(page.getByTestId("verdict-accepted")).toContainText(/Break ended at \d{1,2}:\d{2}/);
  await expect(page.getByTestId("verdict-accepted")).toContainText(ivan.name);
});

test("issue 6: the check-in is corrected with a reason (audited) and the CSV export has the corrected time", async ({ page, auth, staff, timeline, reports }) => {
  test.skip(!clip, SKIP_MESSAGE);
  test.skip(!enrolledAndCheckedIn, "needs the person enrolled and checked in by the first test");
  await auth.signIn(owner.email, password);
  await expect(page).toHaveURL(/\/admin$/);
  await staff.goto();
  await staff.openTimeline(ivan.name);

  const day = page.getByTestId("day-card").filter({ has: page.getByRole("button", { name: "Edit" }) }).first();
  const dayLabel = (await day.getAttribute("aria-label"))!;
  const event = day.getByTestId("timeline-event").filter({ has: page.getByRole("button", { name: "Edit" }) }).first();
  await expect(event).toContainText(punchLabels.in);
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
  await timeline.editEvent(dayLabel, 0, { time: "00:01", reason });
  await expect(page.getByTestId("corrections-list")).toContainText(reason);

  await page.goto("/admin/audit?action=attendance.corrected.edit");
  await expect(page.getByTestId("audit-table")).toContainText(reason);
  await expect(page.getByTestId("audit-table")).toContainText(owner.name);

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
