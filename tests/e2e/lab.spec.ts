// /lab with a fake webcam playing a face: the production pipeline (worker, MediaPipe, ORT WASM) on the real app.
import { expect, test } from "./fixtures";
import { makeFakeCameraClips } from "../support/make-fake-camera";
import { fakeCameraLaunch } from "./browser";

const clips = makeFakeCameraClips();
test.use({ launchOptions: fakeCameraLaunch(clips.live ?? clips.still) });

test("the lab shows the provider that ran, one face and its measurements", async ({ demoOwner: page }) => {
  await page.goto("/lab");
  await expect(page.getByTestId("lab-provider")).toHaveText("wasm", { timeout: 90_000 });
  await expect(page.getByTestId("lab-faces")).toHaveText("1", { timeout: 60_000 });
});
