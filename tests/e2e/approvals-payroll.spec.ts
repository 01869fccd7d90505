// Issue 16's flow in the browser, no camera: an employee of the demo organisation asks for leave and a correction
// from /me; the owner approves both, approves the pay period (weekly in the demo), and the payroll CSV shows it.
import { expect, test, type Page } from "@playwright/test";
import { parseCsv } from "../unit/reports/helpers";
import { AuthPages } from "./pages/auth";

const PASSWORD = "clockface-demo-2026";
const EMPLOYEE = { email: "isla@demo.clockface.test", name: "Isla Murphy" };
const OWNER_NAME = "Dana Demo";

/** Today in the demo organisation's timezone, and dates around it. */
function londonToday(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}
function addDays(date: string, n: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
/** Last week (Monday–Sunday): wholly in the past and not approved by the demo seed (it approves the week before). */
function lastWeek() {
  const today = londonToday();
  const weekday = ((new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
  const monday = addDays(today, 1 - weekday - 7);
  return { monday, wednesday: addDays(monday, 2), thursday: addDays(monday, 3), sunday: addDays(monday, 6) };
}

async function csvOf(page: Page, url: string): Promise<string[][]> {
  const res = await page.request.get(url);
  expect(res.status(), url).toBe(200);
  return parseCsv((await res.text()).replace(/^\uFEFF/, ""));
}

test("leave and a correction asked from /me, approved with the period, reach the payroll CSV", async ({ page }) => {
  const week = lastWeek();
  const auth = new AuthPages(page);

  // The employee asks.
  await auth.signIn(EMPLOYEE.email, PASSWORD);
  await expect(page).not.toHaveURL(/\/sign-in/);
  await page.goto("/me");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My attendance");
  const leave = page.getByTestId("leave-form");
  await leave.getByLabel("Type").selectOption({ label: "Annual leave" });
  await leave.getByLabel("First day").fill(week.wednesday);
  await leave.getByLabel("Last day").fill(week.wednesday);
  await leave.getByRole("button", { name: "Ask for leave" }).click();
  await expect(leave.getByTestId("form-message")).toContainText("Leave requested");

  const correction = page.getByTestId("correction-request-form");
  // End before start: a field error, nothing sent on.
  await correction.getByLabel("Day").fill(week.thursday);
  await correction.getByLabel("Checked in at").fill("08:30");
  await correction.getByLabel("Checked out at").fill("07:00");
  await correction.getByLabel("Reason").fill("Forgot to check out; in early for the delivery");
  await correction.getByRole("button", { name: "Ask for a correction" }).click();
  await expect(correction.getByTestId("checkOut-error")).toHaveText("The check-out must be after the check-in");
  await correction.getByLabel("Checked out at").fill("18:30");
  await correction.getByRole("button", { name: "Ask for a correction" }).click();
  await expect(correction.getByTestId("form-message")).toContainText("Correction requested");
  await page.reload();
  await expect(page.getByTestId("my-corrections")).toContainText(`${week.thursday} · In 08:30, out 18:30`);
  await auth.signOut();

  // The owner approves both, then the week.
  await auth.signIn("owner@demo.clockface.test", PASSWORD);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/admin/leave");
  const pendingLeave = page.getByTestId("pending-leave").getByRole("listitem").filter({ hasText: EMPLOYEE.name }).filter({ hasText: week.wednesday });
  await pendingLeave.getByRole("button", { name: "Approve" }).click();
  // Decided, it moves to the decided list.
  await expect(page.getByTestId("decided-leave").getByRole("listitem").filter({ hasText: EMPLOYEE.name }).filter({ hasText: week.wednesday })).toContainText("approved");

  await page.goto("/admin/requests");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Requests");
  const pendingCorrection = page.getByTestId("pending-corrections").getByRole("listitem").filter({ hasText: EMPLOYEE.name }).filter({ hasText: week.thursday });
  await pendingCorrection.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("decided-corrections").getByRole("listitem").filter({ hasText: EMPLOYEE.name }).filter({ hasText: week.thursday })).toContainText("approved");

  await page.goto(`/admin/periods?date=${week.monday}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pay periods");
  await page.getByTestId("approve-all-form").getByRole("button").click();
  await expect(page.getByTestId("approve-all-form").getByTestId("form-message")).toContainText("approved for");
  await page.reload();
  // Nobody approves their own period, except an organisation's only owner (the demo's): nobody else could.
  await expect(page.getByTestId("period-people").locator("tr").filter({ hasText: OWNER_NAME }).getByTestId("approve-not-yours")).toHaveCount(0);
  const screenRow = page.getByTestId("payroll-sheet").locator("tbody tr").filter({ hasText: EMPLOYEE.name });
  await expect(screenRow).toContainText("Approved");

  // The payroll CSV shows the result, cell for cell as on screen.
  const payroll = await csvOf(page, `/api/reports/csv?from=${week.monday}&to=${week.sunday}&part=payroll`);
  const header = payroll[0]!;
  const isla = payroll.find((r) => r[1] === EMPLOYEE.name)!;
  expect(isla[header.indexOf("Annual leave (days)")]).toBe("1.0");
  expect(isla[header.indexOf("Approval")]).toBe("Approved");
  expect(isla[header.indexOf("From")]).toBe(week.monday);
  expect(await screenRow.locator("td").allInnerTexts()).toEqual(isla);
  // Everyone's week is approved, the only owner's own included.
  const approval = (r: string[]) => r[header.indexOf("Approval")];
  expect(payroll.slice(1).map(approval).every((a) => a === "Approved")).toBe(true);
  expect(payroll.filter((r) => r[1] === OWNER_NAME).map(approval)).toEqual(["Approved"]);

  // The approved correction is the day's first check-in and last check-out.
  const daily = await csvOf(page, `/api/reports/csv?from=${week.thursday}&to=${week.thursday}`);
  const day = daily.find((r) => r[1] === EMPLOYEE.name)!;
  expect(day[daily[0]!.indexOf("First in")]).toBe("08:30");
  expect(day[daily[0]!.indexOf("Last out")]).toBe("18:30");

  // The week is locked now: a correction inside it is refused until it is unlocked.
  await auth.signOut();
  await auth.signIn(EMPLOYEE.email, PASSWORD);
  await expect(page).not.toHaveURL(/\/sign-in/);
  await page.goto("/me");
  const again = page.getByTestId("correction-request-form");
  await again.getByLabel("Day").fill(week.wednesday);
  await again.getByLabel("Checked in at").fill("09:00");
  await again.getByLabel("Reason").fill("Another change");
  await again.getByRole("button", { name: "Ask for a correction" }).click();
  await expect(again.getByTestId("date-error")).toContainText("approved pay period");
});
