// /lab when the camera permission is refused, and for signed-out visitors.
import { expect, test } from "./fixtures";
import { makeFakeCameraClips } from "../support/make-fake-camera";
import { fakeCameraLaunch } from "./browser";

test.use({ launchOptions: fakeCameraLaunch(makeFakeCameraClips().noFace, false) });

test("a denied camera shows its message", async ({ demoOwner: page }) => {
  await page.goto("/lab");
  await expect(page.getByTestId("lab-error")).toContainText("Camera access is blocked");
});

test("a signed-out visitor to the lab is sent to sign-in", async ({ page }) => {
  await page.goto("/lab");
  await expect(page).toHaveURL(/\/sign-in/);
});
