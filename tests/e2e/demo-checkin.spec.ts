// Issue 17 item 6: the demo organisation's owner can try /check-in at once. The seed enrolled Dana Demo from the
// committed face fixture (lib/demo/face/, a CC BY 4.0 clip of a woman turning her head; lib/db/seed-demo-face.ts)
// and set the demo's liveness steps to the two head turns (the clip has no blink). On a fresh clone, with nothing
// from ../shared: the demo owner signs in on a laptop whose fake camera plays that clip (tools/demo-face.ts, the
// clip `npm run demo:camera` shows), registers the laptop (a laptop registered after enrolment waits for an admin,
// so the owner approves it under Devices, as any owner would), checks in with the REAL pipeline in the browser and
// on the server, and is accepted; the admin's Check-ins page lists it with its score and device.
// CLOCKFACE_E2E_CAMERA=0 skips it; a machine too busy for the liveness frame rate skips it with the measured reason.
import { reasonMessages } from "@/lib/checkin/reasons";
import { defaultSettings } from "@/lib/validations/settings";
import { makeDemoFaceClip } from "@/tools/demo-face";
import { checkinRows, Laptop, orSkipWhenOverloaded, RETRIED_REFUSALS, runCapture, skipWhenMachineBusy } from "./camera-session";
import { expect, test } from "./fixtures";
import { AuthPages } from "./pages/auth";

const OPTED_OUT = process.env.CLOCKFACE_E2E_CAMERA === "0";
const OWNER_NAME = "Dana Demo";
/** The server may refuse a session's evidence (RETRIED_REFUSALS) as it would anyone's: she tries again, as a person would. */
const MAX_ATTEMPTS = 3;

test("issue 17: the demo owner, enrolled from the committed fixture, checks in on the fake camera", async () => {
  test.skip(OPTED_OUT, "demo check-in e2e skipped (CLOCKFACE_E2E_CAMERA=0)");
  skipWhenMachineBusy();
  test.setTimeout(360_000);
  const clip = makeDemoFaceClip();
  const laptop = new Laptop(test.info().project.use.baseURL!);
  try {
    const p = await laptop.open(clip);
    await new AuthPages(p).signInAsDemoOwner();

    // Enrolled by the seed: /check-in offers no enrolment, only this laptop's registration.
    await p.goto("/check-in");
    await expect(p.getByRole("link", { name: "Enrol now" })).toHaveCount(0);
    await p.getByRole("button", { name: "Register this laptop" }).click();
    const note = p.getByText("This laptop is registered and waiting for an admin's approval.");
    await expect(note).toBeVisible();

    // The owner is the admin who approves it: the note links to Devices.
    await note.getByRole("link", { name: "Devices" }).click();
    await expect(p.getByRole("heading", { name: "Devices" })).toBeVisible();
    const pending = p.getByTestId("device-row").filter({ hasText: OWNER_NAME }).filter({ has: p.getByTestId("approve-device") });
    await expect(pending).toHaveCount(1);
    const deviceName = (await pending.locator("td").first().locator("p").first().innerText()).trim();
    await pending.getByTestId("approve-device").click();
    await expect(p.getByTestId("device-row").filter({ hasText: OWNER_NAME }).filter({ hasText: deviceName }).first()).toContainText("active");

    await p.goto("/check-in");
    const choices = p.getByRole("group", { name: "What do you want to record?" }).getByRole("button");
    const accepted = p.getByTestId("verdict-accepted");
    const rejected = p.getByTestId("verdict-rejected");
    const refusals: string[] = [];
    for (let attempt = 1; ; attempt++) {
      await orSkipWhenOverloaded(() => runCapture(p, () => choices.first().click(), () => accepted.or(rejected).isVisible()));
      if (await accepted.isVisible()) break;
      const reason = (await rejected.getAttribute("data-reason")) ?? "?";
      refusals.push(reason);
      test.info().annotations.push({ type: "server-refusal", description: `attempt ${attempt}: ${reason} — ${await rejected.innerText()}` });
      if (!RETRIED_REFUSALS.has(reason) || attempt === MAX_ATTEMPTS) break;
      await rejected.getByRole("button", { name: "Try again" }).click();
    }
    const attempts = `demo check-in: ${refusals.length + ((await accepted.isVisible()) ? 1 : 0)} check-in(s) submitted, server refusals: ${refusals.join(", ") || "none"}`;
    test.info().annotations.push({ type: "attempts", description: attempts });
    console.log(attempts);
    await expect(rejected, refusals.map((r) => reasonMessages[r as keyof typeof reasonMessages] ?? r).join(" | ")).toHaveCount(0);
    await expect(accepted).toBeVisible();

    // The admin's Check-ins page: this check-in (the seeded history has no device), accepted with her score.
    const rows = (await checkinRows(p, OWNER_NAME, "accepted")).filter((cells) => cells[5] === deviceName);
    expect(rows, JSON.stringify(rows)).toHaveLength(1);
    const score = Number(rows[0]![4]!.split(/\s/)[0]);
    expect(score).toBeGreaterThanOrEqual(defaultSettings.matchThreshold);
    const genuine = `demo check-in: cosine ${score.toFixed(3)} against the seeded templates (threshold ${defaultSettings.matchThreshold}), device ${deviceName}`;
    test.info().annotations.push({ type: "genuine-score", description: genuine });
    console.log(genuine);
  } finally {
    await laptop.close().catch(() => undefined);
    laptop.dispose();
  }
});
