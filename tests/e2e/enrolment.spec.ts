// Issue 5 end to end: an admin invites, the mail lands in the dev outbox, the invitee sets a password, consents,
// registers this laptop's key (real WebCrypto + IndexedDB in Chromium) and starts the first capture with the
// real camera pipeline on a fake webcam; the admin sees the approved laptop; a kiosk is registered by an admin.
// Completing the three captures, checking in, the admin seeing the event and a kiosk identifying the person need
// a clip that performs the server's random steps (blink AND head turns): see checkin-camera.spec.ts, whose
// fake camera plays a synthetic head turn applied to the real blinking video (tests/support/make-turning-clip.ts).
import { expect, test } from "@playwright/test";
import { makeFakeCameraClips } from "../support/make-fake-camera";
import { fakeCameraLaunch } from "./browser";
import { AuthPages } from "./pages/auth";

const clips = makeFakeCameraClips();
// A fake webcam showing a real blinking person (or, without the dev data, a still photo) for the whole file.
test.use({ launchOptions: fakeCameraLaunch(clips.live ?? clips.still) });

const password = "enrol-e2e-pass-42";

test("invite → accept → consent → register this laptop → the capture runs; the admin sees the laptop", async ({ page, browser }) => {
  const auth = new AuthPages(page);
  const ownerEmail = `owner-${Date.now()}@e2e.example`;
  await auth.signUp({ organisationName: "Enrol E2E Ltd", name: "Olive Owner", email: ownerEmail, password });
  await expect(page).toHaveURL(/\/admin$/);

  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Staff" }).click();
  const inviteeEmail = `ivan-${Date.now()}@e2e.example`;
  await page.getByPlaceholder("Name", { exact: true }).fill("Ivan Invitee");
  await page.getByPlaceholder("name@company.com").fill(inviteeEmail);
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  const link = await page.getByTestId("invite-link").inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  await expect(page.getByText("Pending invitations")).toBeVisible();

  await page.goto("/dev/outbox");
  await expect(page.getByTestId("outbox-mail").first()).toContainText(inviteeEmail);
  await expect(page.getByTestId("outbox-mail").first()).toContainText(link);

  // The invitee, on their own laptop (a fresh browser context: its own IndexedDB).
  const laptop = await browser.newContext();
  const p = await laptop.newPage();
  await p.goto(new URL(link).pathname);
  await expect(p.getByRole("heading", { name: "Join Enrol E2E Ltd" })).toBeVisible();
  await p.getByLabel("Password", { exact: true }).fill(password);
  await p.getByLabel("Repeat the password").fill(password);
  await p.getByRole("button", { name: "Set password and continue" }).click();
  await expect(p).toHaveURL(/\/enrol$/);

  await expect(p.getByRole("heading", { name: /Consent to the use of your face/ })).toBeVisible();
  await p.getByRole("checkbox", { name: /I have read this and agree/ }).check();
  await p.getByRole("button", { name: "Accept and continue" }).click();
  await p.getByRole("button", { name: "Register this laptop" }).click();
  await expect(p.getByRole("button", { name: "Start capture 1 of 3" })).toBeVisible();
  const stored = await p.evaluate(
    () =>
      new Promise<{ extractable: boolean; deviceId: string | null } | null>((resolve) => {
        const req = indexedDB.open("clockface", 1);
        req.onsuccess = () => {
          const all = req.result.transaction("device-keys").objectStore("device-keys").getAll();
          all.onsuccess = () => {
            const rec = all.result[0] as { keys: CryptoKeyPair; deviceId: string | null } | undefined;
            resolve(rec ? { extractable: rec.keys.privateKey.extractable, deviceId: rec.deviceId } : null);
          };
        };
      }),
  );
  expect(stored).toMatchObject({ extractable: false });
  expect(stored?.deviceId).toMatch(/^[0-9a-f-]{36}$/);

  // The same link cannot be used twice.
  const again = await laptop.newPage();
  await again.goto(new URL(link).pathname);
  await expect(again.getByTestId("invite-problem")).toContainText("already accepted");

  // The first capture: the real pipeline (camera, worker, models) runs the server's challenge.
  await p.getByRole("button", { name: "Start capture 1 of 3" }).click();
  await expect(p.getByTestId("face-capture-host")).toBeVisible();
  await expect(p.getByTestId("face-capture")).toHaveAttribute("data-status", /running|done/, { timeout: 120_000 });
  await expect(p.getByTestId("face-prompt")).toBeVisible();

  await page.goto("/admin/devices");
  const row = page.getByRole("row", { name: /Ivan Invitee/ });
  await expect(row).toContainText("active");
  await laptop.close();
});

test("an admin registers a kiosk on the shared laptop", async ({ page }) => {
  const auth = new AuthPages(page);
  await auth.signUp({ organisationName: "Kiosk E2E Ltd", name: "Kim Owner", email: `kim-${Date.now()}@e2e.example`, password });
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/kiosk");
  await page.getByLabel("Kiosk name").fill("Front door");
  await page.getByRole("button", { name: "Register this kiosk" }).click();
  await expect(page.getByTestId("kiosk-start")).toBeVisible();
  // Issue 17 item 9: one <main>, one <h1>, and a large clock that ticks (this laptop's local time).
  await expect(page.getByRole("main")).toHaveCount(1);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Clockface kiosk");
  const clock = page.getByTestId("kiosk-clock").locator("time");
  await expect(clock).toHaveText(/^\d{1,2}:\d{2}:\d{2}/);
  const first = await clock.textContent();
  await expect(clock).not.toHaveText(first!, { timeout: 3000 });
  await page.goto("/admin/devices");
  await expect(page.getByRole("row", { name: /Front door/ })).toContainText("kiosk");
});

test("a kiosk cannot be registered without an admin", async ({ page }) => {
  await page.goto("/kiosk");
  await page.getByRole("button", { name: "Register this kiosk" }).click();
  await expect(page.getByText("Please sign in to continue.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Sign in as an admin" })).toHaveAttribute("href", "/sign-in?callbackUrl=/kiosk");
});
