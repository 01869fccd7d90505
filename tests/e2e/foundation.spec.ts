import { expect, test } from "@playwright/test";
import { AuthPages } from "./pages/auth";

test("a signed-out visit to /admin lands on sign-in", async ({ page }) => {
  await page.goto("/admin/settings");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});

test("sign-up shows field errors next to the fields and keeps the values", async ({ page }) => {
  const auth = new AuthPages(page);
  await auth.signUp({ organisationName: "Typo Org", name: "Tess", email: "not-an-email", password: "short" });
  await expect(page.getByTestId("email-error")).toContainText("valid email");
  await expect(page.getByTestId("password-error")).toContainText("at least 10");
  await expect(page.getByLabel("Organisation name")).toHaveValue("Typo Org");
  await expect(page.getByLabel("Work email")).toHaveValue("not-an-email");
  await expect(page).toHaveURL(/\/sign-up/);
});

test("sign up, change settings, sign out, sign in: settings kept", async ({ page }) => {
  const auth = new AuthPages(page);
  const email = `owner-${Date.now()}@e2e.example`;
  await auth.signUp({ organisationName: "Playwright Bakery", name: "Pat Owner", email, password: "flour-and-water-9" });
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByTestId("org-name")).toHaveText("Playwright Bakery");

  await page.getByRole("link", { name: "Settings" }).click();
  // What the organisation's size means at a kiosk, in plain words (nobody enrolled yet).
  await expect(page.getByTestId("org-size-rates")).toContainText("Your organisation has 0 people enrolled");
  await expect(page.getByTestId("org-size-rates")).toContainText("about 1 in 1,000");
  await page.getByLabel("Timezone").fill("Asia/Tokyo");
  await page.getByLabel("Shift start").fill("08:15");
  await page.getByLabel("Shift end").fill("16:45");
  await page.getByLabel("Grace minutes").fill("12");
  await page.getByRole("checkbox", { name: "Sat" }).check();
  await page.getByRole("button", { name: "Save working hours" }).click();
  await expect(page.getByTestId("form-message").first()).toContainText("Working hours saved");

  // Bad input: rejected with a field error, nothing saved.
  await page.getByLabel("Grace minutes").fill("-3");
  await page.getByRole("button", { name: "Save working hours" }).click();
  await expect(page.getByTestId("graceMinutes-error")).toContainText("negative");

  await auth.signOut();
  await auth.signIn(email, "flour-and-water-9");
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/admin/settings");
  await expect(page.getByLabel("Timezone")).toHaveValue("Asia/Tokyo");
  await expect(page.getByLabel("Shift start")).toHaveValue("08:15");
  await expect(page.getByLabel("Grace minutes")).toHaveValue("12");
  await expect(page.getByRole("checkbox", { name: "Sat" })).toBeChecked();

  await page.getByRole("link", { name: "Audit" }).click();
  await expect(page.getByTestId("audit-table")).toContainText("Working hours changed");
  await expect(page.getByTestId("audit-table")).toContainText(/timezone from \S+ to Asia\/Tokyo/);
});

test("the demo organisation's owner can sign in", async ({ page }) => {
  await new AuthPages(page).signIn("owner@demo.clockface.test", "clockface-demo-2026");
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByTestId("org-name")).toHaveText("Demo Ltd");
});

test("sign-up starts from the browser's timezone, which the owner may change", async ({ browser }) => {
  const context = await browser.newContext({ timezoneId: "America/New_York" });
  const page = await context.newPage();
  await page.goto("/sign-up");
  await expect(page.getByLabel("Timezone")).toHaveValue("America/New_York");
  // The owner picks another one from the list before creating the organisation.
  await page.getByLabel("Timezone").fill("Europe/Lisbon");
  const auth = new AuthPages(page);
  const email = `tz-${Date.now()}@e2e.example`;
  await page.getByLabel("Organisation name").fill("Lisbon Tiles");
  await page.getByLabel("Your name").fill("Lia Owner");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill("azulejo-blue-7");
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/admin/settings");
  await expect(page.getByLabel("Timezone")).toHaveValue("Europe/Lisbon");
  await auth.signOut();
  await context.close();
});
