// /lab with a fake webcam: the production pipeline (worker, MediaPipe, ORT WASM) on the real app.
import { expect, test } from "@playwright/test";
import { makeFakeCameraClips } from "../support/make-fake-camera";
import { fakeCameraLaunch } from "./browser";
import { AuthPages } from "./pages/auth";

const clips = makeFakeCameraClips();

async function signInAsDemoOwner(page: import("@playwright/test").Page) {
  await new AuthPages(page).signIn("owner@demo.clockface.test", "clockface-demo-2026");
  await expect(page).toHaveURL(/\/admin$/);
}

test.describe("a face in front of the camera", () => {
  test.use({ launchOptions: fakeCameraLaunch(clips.live ?? clips.still) });

  test("the lab shows the provider that ran, one face and its measurements", async ({ page }) => {
    await signInAsDemoOwner(page);
    await page.goto("/lab");
    await expect(page.getByTestId("lab-provider")).toHaveText("wasm", { timeout: 90_000 });
    await expect(page.getByTestId("lab-faces")).toHaveText("1", { timeout: 60_000 });
  });
});

test.describe("no camera permission", () => {
  test.use({ launchOptions: fakeCameraLaunch(clips.noFace, false) });

  test("a denied camera shows its message", async ({ page }) => {
    await signInAsDemoOwner(page);
    await page.goto("/lab");
    await expect(page.getByTestId("lab-error")).toContainText("Camera access is blocked");
  });
});

test("a signed-out visitor to the lab is sent to sign-in", async ({ page }) => {
  await page.goto("/lab");
  await expect(page).toHaveURL(/\/sign-in/);
});
