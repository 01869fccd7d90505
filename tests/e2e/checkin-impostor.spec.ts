// Issue 5: "a different person's face on the same account is rejected", end to end with the REAL face pipeline in
// the browser and on the server (no bypass, nothing mocked):
//   1. an employee (Ivan) enrols on his laptop with person A's face: the fake webcam plays
//      tests/.tmp/fake-camera/live-turns.y4m (a real man's blinking video with a synthetic head turn,
//      tests/support/make-turning-clip.ts); the organisation keeps its default liveness steps (all three);
//   2. the admin sets the organisation's liveness steps to the two head turns (Settings → Recognition; audited);
//   3. the SAME laptop (the same Chromium profile: the same non-extractable device key in IndexedDB, the same
//      signed-in account) is relaunched with its camera showing person B, a different real woman turning her head
//      (tests/support/make-impostor-clip.ts, from the committed Intel head-pose GIF): she passes the client's liveness
//      challenge, and the server rejects the check-in because the face does not match (reason `no-match`, her
//      score below the threshold); she sees what to do; no accepted event exists; the admin sees the rejection;
//   4. control: the same laptop with person A again is accepted under the same steps, so the rejection is the
//      face's, not the laptop's, the account's or the liveness steps'.
// Chromium's fake camera is fixed per launch, hence the relaunches on one persistent profile.
// Person A needs ../shared/data/dev (or CLOCKFACE_DATA_DIR); skips with a message without it; CLOCKFACE_E2E_CAMERA=0
// skips it. Person B is committed (lib/demo/face/).
import type { Page } from "@playwright/test";
import { reasonMessages } from "@/lib/checkin/reasons";
import { reasonLabel } from "@/lib/format";
import { defaultSettings } from "@/lib/validations/settings";
import { makeImpostorClip } from "../support/make-impostor-clip";
import {
  acceptInviteOnLaptop,
  approveEnrolment,
  buildTurningClip,
  checkinRows,
  enrolThreeCaptures,
  Laptop,
  orSkipWhenOverloaded,
  RETRIED_REFUSALS,
  runCapture,
  skipWhenMachineBusy,
} from "./camera-session";
import { expect, test } from "./fixtures";
import { AuthPages } from "./pages/auth";

const OPTED_OUT = process.env.CLOCKFACE_E2E_CAMERA === "0";
const SKIP_MESSAGE = OPTED_OUT
  ? "impostor check-in e2e skipped (CLOCKFACE_E2E_CAMERA=0)"
  : "needs ../shared/data/dev/liveness/repeating_blink_video.mp4 (or CLOCKFACE_DATA_DIR) for the enrolled person's real face on the fake camera";

function clips(): { personA: string; personB: string } | undefined {
  if (OPTED_OUT) return undefined;
  const personA = buildTurningClip();
  return personA ? { personA, personB: makeImpostorClip() } : undefined;
}
const faces = clips();

const password = "impostor-e2e-pass-42";
const stamp = Date.now();
const owner = { name: "Oona Owner", email: `oona-${stamp}@e2e.example` };
const ivan = { name: "Ivan Enrolled", email: `ivan-${stamp}@e2e.example` };

/** The personal device key records in this profile's IndexedDB (the app's own store, lib/checkin/client/device-key.ts). */
async function storedDeviceKeys(p: Page) {
  return p.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open("clockface", 1);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    try {
      if (!db.objectStoreNames.contains("device-keys")) return [];
      const rows = await new Promise<{ id: string; deviceId: string | null; keys: CryptoKeyPair }[]>((resolve, reject) => {
        const r = db.transaction("device-keys").objectStore("device-keys").getAll();
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      return Promise.all(
        rows.map(async (row) => ({
          slot: row.id,
          deviceId: row.deviceId,
          privateExtractable: row.keys.privateKey.extractable,
          publicJwk: JSON.stringify(await crypto.subtle.exportKey("jwk", row.keys.publicKey)),
        })),
      );
    } finally {
      db.close();
    }
  });
}

/** Opens /check-in signed in as Ivan (the profile's session cookie, or signing in again as the same account). */
async function openCheckIn(p: Page): Promise<"kept" | "signed-in-again"> {
  await p.goto("/check-in");
  if (!/\/sign-in/.test(p.url())) return "kept";
  await new AuthPages(p).signIn(ivan.email, password);
  await expect(p).not.toHaveURL(/sign-in/);
  await p.goto("/check-in");
  return "signed-in-again";
}

async function checkIn(p: Page): Promise<void> {
  const verdict = p.getByTestId("verdict-accepted").or(p.getByTestId("verdict-rejected"));
  await orSkipWhenOverloaded(() => runCapture(p, () => p.getByTestId("punch-in").click(), () => verdict.isVisible()));
}

test("issue 5: a different person's face on the same account and laptop is rejected (no-match)", async ({ page, auth, staff }) => {
  test.skip(!faces, SKIP_MESSAGE);
  skipWhenMachineBusy();
  test.setTimeout(600_000);
  const laptop = new Laptop(test.info().project.use.baseURL!);
  try {
    // The organisation and its admin (no camera needed), and Ivan's invite.
    await auth.signUp({ organisationName: "Impostor E2E Ltd", name: owner.name, email: owner.email, password });
    await expect(page).toHaveURL(/\/admin$/);
    await staff.goto();
    const link = await staff.invite(ivan);

    // 1. Ivan enrols on his laptop with person A's face (default steps: any 2 of blink / turn-left / turn-right).
    let p = await laptop.open(faces!.personA);
    await acceptInviteOnLaptop(p, link, password);
    await enrolThreeCaptures(p);
    await expect(p.getByRole("heading", { name: "Waiting for review" })).toBeVisible();
    await approveEnrolment(page, ivan.name);
    const keysAtEnrolment = await storedDeviceKeys(p);
    expect(keysAtEnrolment).toHaveLength(1);
    expect(keysAtEnrolment[0]!.deviceId).toBeTruthy();
    expect(keysAtEnrolment[0]!.privateExtractable).toBe(false);
    await laptop.close();

    // 2. The admin keeps only the head turns (person B's clip has no blink). Audited like every settings change.
    await page.goto("/admin/settings");
    const recognition = page.locator("section", { has: page.getByRole("heading", { name: "Recognition" }) });
    await expect(recognition.getByRole("checkbox", { name: "Blink" })).toBeChecked();
    await recognition.getByRole("checkbox", { name: "Blink" }).uncheck();
    await recognition.getByRole("button", { name: "Save recognition settings" }).click();
    await expect(recognition.getByTestId("form-message")).toContainText("Recognition settings saved.");
    await page.reload();
    await expect(recognition.getByRole("checkbox", { name: "Blink" })).not.toBeChecked();
    await expect(recognition.getByRole("checkbox", { name: "Turn left" })).toBeChecked();
    await expect(recognition.getByRole("checkbox", { name: "Turn right" })).toBeChecked();
    await page.goto("/admin/audit?action=settings.recognition.updated");
    await expect(page.getByTestId("audit-table")).toContainText("liveness steps");

    // 3. Person B at Ivan's laptop: same profile (device key), same account.
    p = await laptop.open(faces!.personB);
    const session = await openCheckIn(p);
    test.info().annotations.push({ type: "impostor-session", description: `Ivan's session on the relaunched laptop: ${session}` });
    expect(await storedDeviceKeys(p)).toEqual(keysAtEnrolment);
    // Person B is live, but the server may refuse a session's evidence (RETRIED_REFUSALS) before it compares faces,
    // as it would refuse anyone's: B tries again, as a person would, up to three times. Never accepted.
    const rejected = p.getByTestId("verdict-rejected");
    for (let attempt = 1; ; attempt++) {
      await checkIn(p);
      await expect(rejected).toBeVisible();
      await expect(p.getByTestId("verdict-accepted")).toHaveCount(0);
      if (!RETRIED_REFUSALS.has((await rejected.getAttribute("data-reason")) ?? "") || attempt === 3) break;
      await rejected.getByRole("button", { name: "Try again" }).click();
    }
    const reason = await rejected.getAttribute("data-reason");
    if (reason !== "no-match") {
      // Say which checks refused B (the admin's Check-ins page lists them), so that a failure here can be acted on.
      const refused = await checkinRows(page, ivan.name, "rejected");
      expect(reason, `person B refused before the faces were compared; the admin sees: ${JSON.stringify(refused)}`).toBe("no-match");
    }
    await expect(rejected).toContainText("Not checked in");
    await expect(rejected).toContainText(reasonMessages["no-match"]);
    await expect(p.getByTestId("verdict-accepted")).toHaveCount(0);
    await laptop.close();

    // The admin sees the rejection (reason and score, on Ivan's laptop) and no accepted check-in of Ivan.
    // (A session the laptop gave up on, e.g. a retry on a busy machine, is listed too, under its own reason.)
    const noMatch = `rejected ${reasonLabel("no-match")}`;
    const rejections = (await checkinRows(page, ivan.name, "rejected")).filter((cells) => cells[3]!.replace(/\s+/g, " ") === noMatch); // no failed checks listed
    expect(rejections.length, JSON.stringify(rejections)).toBe(1);
    const [, , , , scoreCell, device] = rejections[0]!;
    const score = Number(scoreCell!.split(/\s/)[0]);
    expect(score).toBeLessThan(defaultSettings.matchThreshold);
    expect(device).not.toBe("—");
    test.info().annotations.push({ type: "impostor-score", description: `cosine ${score.toFixed(3)} against Ivan's templates (threshold ${defaultSettings.matchThreshold}), device ${device}` });
    expect(await checkinRows(page, ivan.name, "accepted")).toEqual([]);

    // 4. Control: Ivan himself, same laptop, same account, same two turns: accepted.
    p = await laptop.open(faces!.personA);
    await openCheckIn(p);
    expect(await storedDeviceKeys(p)).toEqual(keysAtEnrolment);
    await checkIn(p);
    await expect(p.getByTestId("verdict-accepted")).toContainText(/Checked in at \d{1,2}:\d{2}/);
    await laptop.close();
    const accepted = await checkinRows(page, ivan.name, "accepted");
    expect(accepted).toHaveLength(1);
    expect(accepted[0]![5]).toBe(device);
    test.info().annotations.push({ type: "genuine-score", description: `Ivan himself: cosine ${accepted[0]![4]}` });
  } finally {
    await laptop.close().catch(() => undefined);
    laptop.dispose();
  }
});
