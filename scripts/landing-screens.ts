// npx tsx scripts/landing-screens.ts --base http://127.0.0.1:3170
//
// The landing page's screenshots, taken from the running app (a server with the demo organisation, e.g.
// `E2E_PORT=3170 node scripts/e2e-server.mjs`): the demo owner's dashboard and reports at 1280×800, written to
// public/screens/*.webp (Debian's ffmpeg with libwebp converts the PNGs). Run it again after a visible change.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "@playwright/test";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const base = arg("base") ?? "http://127.0.0.1:3000";
const shots = [
  { name: "dashboard", url: "/admin" },
  { name: "reports", url: "/admin/reports" },
] as const;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
const tmp = mkdtempSync(path.join(tmpdir(), "clockface-screens-"));
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${base}/sign-in`);
  await page.getByLabel("Email").fill("owner@demo.clockface.test");
  await page.getByLabel("Password").fill("clockface-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/admin$/);
  for (const s of shots) {
    await page.goto(`${base}${s.url}`);
    await page.waitForLoadState("load");
    const png = path.join(tmp, `${s.name}.png`);
    await page.screenshot({ path: png });
    const webp = path.join(root, "public/screens", `${s.name}.webp`);
    execFileSync("ffmpeg", ["-loglevel", "error", "-y", "-i", png, "-c:v", "libwebp", "-quality", "80", webp]);
    console.log(`${path.relative(root, webp)} ${(statSync(webp).size / 1024).toFixed(0)} KB`);
  }
} finally {
  await browser.close();
  rmSync(tmp, { recursive: true, force: true });
}
