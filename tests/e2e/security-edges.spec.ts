// Issue 15 on a real `next start`: security headers on every response (isolation only where WASM needs threads),
// 4xx for bodies Next would answer with 500, a sign-in lockout lifted by an owner, and a password reset through
// the dev outbox.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { StaffPage } from "./pages/admin";
import { AuthPages } from "./pages/auth";
import { signInAsDemoOwner } from "./pages/demo";

/** The id of a server action in this build (what a browser sends in Next-Action). */
function actionId(name: string): string {
  const manifest = JSON.parse(readFileSync(path.join(process.cwd(), ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName?: string }>;
  };
  const id = Object.entries(manifest.node).find(([, v]) => v.exportedName === name)?.[0];
  if (!id) throw new Error(`no action ${name} in the build`);
  return id;
}

test("every response carries the security headers; only the face pages are cross-origin isolated", async ({ page, request }) => {
  for (const url of ["/sign-in", "/api/health", "/models/NOTICE.md", "/no-such-page"]) {
    const res = await request.get(url, { maxRedirects: 0 });
    const h = res.headers();
    expect(h["content-security-policy"], url).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
    expect(h["x-content-type-options"], url).toBe("nosniff");
    expect(h["referrer-policy"], url).toBe("strict-origin-when-cross-origin");
    expect(h["strict-transport-security"], url).toMatch(/max-age=/);
    expect(h["x-powered-by"], url).toBeUndefined();
    expect(h["cross-origin-embedder-policy"], url).toBeUndefined();
  }
  await signInAsDemoOwner(page);
  const lab = await page.goto("/lab");
  expect(lab?.headers()["cross-origin-embedder-policy"]).toBe("require-corp");
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const admin = await page.goto("/admin");
  expect(admin?.headers()["cross-origin-opener-policy"]).toBeUndefined();
});

test("bodies Next cannot take are answered 413/400, not 500", async ({ request }) => {
  const headers = { "next-action": actionId("completeKioskCheckInAction"), "content-type": "text/plain;charset=UTF-8" };
  const big = await request.post("/kiosk", { headers, data: JSON.stringify([{ payload: "x".repeat(10_000_000), signature: "s" }]) });
  expect(big.status()).toBe(413);
  const deep = await request.post("/kiosk", { headers, data: "[".repeat(200_000) + "]".repeat(200_000) });
  expect(deep.status()).toBe(400);
  const junk = await request.post("/kiosk", { headers, data: "{not json" });
  expect(junk.status()).toBe(400);
  expect(await junk.json()).toMatchObject({ code: "bad-input" });
});

async function freshPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

test("a locked account signs in once an owner lifts the lock; a password is reset through the dev outbox", async ({ page, browser }) => {
  // The demo owner invites Lena, who sets a password.
  await signInAsDemoOwner(page);
  const staff = new StaffPage(page);
  await staff.goto();
  const email = `lena-${Date.now()}@e2e.example`;
  const link = await staff.invite({ name: "Lena Locked", email });
  const lena = await freshPage(browser);
  await lena.goto(new URL(link).pathname);
  await lena.getByLabel("Password", { exact: true }).fill("lena-first-pass-1");
  await lena.getByLabel("Repeat the password").fill("lena-first-pass-1");
  await lena.getByRole("button", { name: "Set password and continue" }).click();
  await expect(lena).toHaveURL(/\/enrol$/);

  // Someone guesses her password five times: locked, even for the right one.
  const guesser = await freshPage(browser);
  const auth = new AuthPages(guesser);
  for (let i = 0; i < 5; i++) {
    await auth.signIn(email, `wrong-guess-${i}`);
    await expect(guesser.getByTestId("form-message")).toContainText(i < 4 ? "Wrong email or password" : "locked");
  }
  await auth.signIn(email, "lena-first-pass-1");
  await expect(guesser.getByTestId("form-message")).toContainText("locked");

  // The owner sees the lock on her page and lifts it; she signs in.
  await staff.goto();
  await staff.openTimeline("Lena Locked");
  await expect(page.getByTestId("sign-in-locked")).toBeVisible();
  await page.getByTestId("unlock-sign-in").click();
  await expect(page.getByTestId("sign-in-locked")).toBeHidden(); // the page refreshes without the lock
  const unlocked = await freshPage(browser);
  await new AuthPages(unlocked).signIn(email, "lena-first-pass-1");
  await expect(unlocked).toHaveURL(/\/(enrol|me|check-in|go)/);

  // She forgets her password: "Forgot password?", the link from the outbox, a new password (shown once), sign in.
  const forgot = await freshPage(browser);
  await forgot.goto("/sign-in");
  await forgot.getByRole("link", { name: "Forgot password?" }).click();
  await expect(forgot.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await forgot.getByLabel("Email").fill(email);
  await forgot.getByRole("button", { name: "Send me a link" }).click();
  await expect(forgot.getByTestId("form-message")).toContainText("If an account uses that address");
  await page.goto("/dev/outbox");
  const mail = page.getByTestId("outbox-mail").filter({ hasText: email }).filter({ hasText: "reset-password" }).first();
  const text = await mail.innerText();
  const resetPath = /\/reset-password\/[A-Za-z0-9_-]{43}/.exec(text)?.[0];
  expect(resetPath).toBeTruthy();
  await forgot.goto(resetPath!);
  await forgot.getByLabel("New password").fill("lena-second-pass-2");
  await forgot.getByTestId("password-toggle").click();
  await expect(forgot.getByLabel("New password")).toHaveAttribute("type", "text");
  await forgot.getByLabel("Repeat the password").fill("lena-second-pass-2");
  await forgot.getByRole("button", { name: "Set the new password" }).click();
  await expect(forgot).toHaveURL(/\/sign-in\?reset=1/);
  await expect(forgot.getByTestId("password-changed")).toBeVisible();
  await new AuthPages(forgot).signIn(email, "lena-second-pass-2");
  await expect(forgot).toHaveURL(/\/(enrol|me|check-in|go)/);
  // The link worked once.
  await forgot.goto(resetPath!);
  await forgot.getByLabel("New password").fill("lena-third-pass-3");
  await forgot.getByLabel("Repeat the password").fill("lena-third-pass-3");
  await forgot.getByRole("button", { name: "Set the new password" }).click();
  await expect(forgot.getByTestId("form-message")).toContainText("expired or has already been used");
});
