// Issue 17: every page and main state, signed out, as an owner, as an employee, at the kiosk and the lab:
// axe finds nothing critical or serious at laptop (1280×800) and phone (390×844) size, each page has one <main> and
// one <h1>, and at phone size no page is wider than the screen. One browser context per role, signed in once.
// A11Y_SCREENS=<dir> also saves a screenshot of every state at 1280×800 and 390×844 (for notes and the landing
// page); nothing is written without it.
import { mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { StaffPage } from "./pages/admin";
import { AuthPages } from "./pages/auth";

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const screensDir = process.env.A11Y_SCREENS;
if (screensDir) mkdirSync(screensDir, { recursive: true });

type Finding = { page: string; problem: string };

/** Checks the page as it stands at both sizes; returns what is wrong (empty when all is well). */
async function audit(page: Page, name: string): Promise<Finding[]> {
  const out: Finding[] = [];
  await page.setViewportSize(DESKTOP);
  await page.waitForLoadState("load");
  out.push(...(await axeFindings(page, name, DESKTOP)));
  const counts = await page.evaluate(() => ({
    main: document.querySelectorAll("main").length,
    h1: document.querySelectorAll("h1").length,
  }));
  if (counts.main !== 1) out.push({ page: name, problem: `${counts.main} <main> elements` });
  if (counts.h1 !== 1) out.push({ page: name, problem: `${counts.h1} <h1> elements` });
  if (screensDir) await page.screenshot({ path: path.join(screensDir, `${name}-1280.png`) });

  await page.setViewportSize(PHONE);
  out.push(...(await axeFindings(page, name, PHONE)));
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > PHONE.width) out.push({ page: name, problem: `${width} px wide at ${PHONE.width} px: ${await widest(page, PHONE.width)}` });
  if (screensDir) await page.screenshot({ path: path.join(screensDir, `${name}-390.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
  return out;
}

/** axe's critical and serious findings on the page as it stands, at `size` (the phone layout has its own markup). */
async function axeFindings(page: Page, name: string, size: { width: number }): Promise<Finding[]> {
  const axe = await new AxeBuilder({ page }).analyze();
  return axe.violations
    .filter((v) => v.impact === "critical" || v.impact === "serious")
    .map((v) => {
      const where = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ");
      return { page: name, problem: `axe ${v.impact} ${v.id} ×${v.nodes.length} at ${size.width} px: ${where}` };
    });
}

/** The outermost elements that reach past `limit` px (what makes the page too wide), for the failure message. */
function widest(page: Page, limit: number): Promise<string> {
  return page.evaluate((limit) => {
    const over = (el: Element) => el.getBoundingClientRect().right > limit + 1;
    // Content scrolled inside its own box does not widen the page, unless it is positioned out of the box.
    const scrolledAway = (el: Element) =>
      !["absolute", "fixed"].includes(getComputedStyle(el).position) &&
      (() => {
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) if (getComputedStyle(a).overflowX !== "visible") return true;
        return false;
      })();
    const culprits = [...document.body.querySelectorAll("*")].filter((el) => over(el) && !(el.parentElement && over(el.parentElement)) && !scrolledAway(el));
    return culprits
      .slice(0, 3)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 4).join(".")} (${Math.round(el.getBoundingClientRect().right)} px)`)
      .join(", ");
  }, limit);
}

async function visit(page: Page, url: string, name: string, findings: Finding[]) {
  await page.goto(url);
  findings.push(...(await audit(page, name)));
}

function report(findings: Finding[]) {
  expect(findings.map((f) => `${f.page}: ${f.problem}`)).toEqual([]);
}

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext({ viewport: DESKTOP })).newPage();
}

/** A fresh invitation from the demo owner (its link is the signed-out invite state, and the employee's way in). */
async function invite(browser: Browser, name: string): Promise<string> {
  const page = await newPage(browser);
  await new AuthPages(page).signInAsDemoOwner();
  const staff = new StaffPage(page);
  await staff.goto();
  const link = await staff.invite({ name, email: `${name.toLowerCase().replace(/\W+/g, "-")}-${Date.now()}@e2e.example` });
  await page.context().close();
  return new URL(link).pathname;
}

test("owner pages", async ({ browser }) => {
  test.setTimeout(300_000); // 14 pages, each checked at two sizes, on a shared 2-core machine
  const page = await newPage(browser);
  const findings: Finding[] = [];
  await new AuthPages(page).signInAsDemoOwner();

  for (const [url, name] of [
    ["/admin", "dashboard"],
    ["/admin/staff", "staff"],
    ["/admin/enrolments", "enrolments"],
    ["/admin/devices", "devices"],
    ["/admin/check-ins", "check-ins"],
    ["/admin/schedules", "schedules"],
    ["/admin/leave", "leave"],
    ["/admin/requests", "requests"],
    ["/admin/periods", "pay-periods"],
    ["/admin/reports", "reports"],
    ["/admin/settings", "settings"],
    ["/admin/audit", "audit"],
  ] as const)
    await visit(page, url, name, findings);

  // On a phone the admin nav is behind a Menu button.
  await page.setViewportSize(PHONE);
  const nav = page.getByRole("navigation", { name: "Admin" });
  await expect(nav).toBeHidden();
  await page.getByRole("button", { name: /^Menu/ }).click();
  await expect(nav).toBeVisible();
  findings.push(...(await axeFindings(page, "admin-menu-open", PHONE)));
  await nav.getByRole("link", { name: "Staff" }).click();
  await expect(page.getByRole("heading", { name: "Staff", exact: true })).toBeVisible();
  await expect(nav).toBeHidden();
  await page.setViewportSize(DESKTOP);
  const person = await page.getByTestId("staff-row").first().getByRole("link").first().getAttribute("href");
  await visit(page, person ?? "/admin/staff", "person", findings);
  await visit(page, "/admin/no-such-page", "admin-not-found", findings);
  // No camera in this context: the lab explains why it cannot start.
  await page.goto("/lab");
  await expect(page.getByTestId("lab-error")).toBeVisible();
  findings.push(...(await audit(page, "lab")));
  await page.context().close();
  report(findings);
});

test("signed-out pages", async ({ browser }) => {
  const page = await newPage(browser);
  const findings: Finding[] = [];
  await visit(page, "/", "landing", findings);
  await visit(page, "/sign-in", "sign-in", findings);
  await visit(page, "/sign-up", "sign-up", findings);
  await visit(page, "/forgot-password", "forgot-password", findings);
  await visit(page, "/model-card", "model-card", findings);
  await visit(page, await invite(browser, "Ivy Invitee"), "invite", findings);
  // A form with its field errors showing.
  await new AuthPages(page).signUp({ organisationName: "", name: "", email: "nope", password: "x" });
  await expect(page.getByTestId("email-error")).toBeVisible();
  findings.push(...(await audit(page, "sign-up-errors")));
  await visit(page, "/kiosk", "kiosk", findings);
  await page.context().close();
  report(findings);
});

test("employee pages", async ({ browser }) => {
  const page = await newPage(browser);
  const findings: Finding[] = [];
  const password = "ada-lovelace-1815";
  await page.goto(await invite(browser, "Ada Axe"));
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Repeat the password").fill(password);
  await page.getByRole("button", { name: "Set password and continue" }).click();
  await expect(page).toHaveURL(/\/enrol$/);
  findings.push(...(await audit(page, "enrol-consent")));
  await visit(page, "/me", "me", findings);
  await visit(page, "/check-in", "check-in", findings);
  await page.context().close();
  report(findings);
});
