// Playwright fixtures (test.extend): page objects ready on `page`, the demo owner signed in, a fresh organisation
// whose owner is signed in. Specs import `test` and `expect` from here instead of @playwright/test.
import * as playwright from "@playwright/test";
import { expect, type Page } from "@playwright/test";
import { AdminDashboard, DevicesPage, MyAttendance, PersonTimeline, ReportsPage, StaffPage } from "./pages/admin";
import { AuthPages, DEMO_OWNER } from "./pages/auth";

/** An organisation's owner as signed up (the e-mail is made unique per test when left empty). */
export interface OwnerAccount {
  organisationName: string;
  name: string;
  email: string;
  password: string;
}

interface Fixtures {
  auth: AuthPages;
  dashboard: AdminDashboard;
  staff: StaffPage;
  timeline: PersonTimeline;
  devices: DevicesPage;
  reports: ReportsPage;
  myAttendance: MyAttendance;
  /** Option: who `newOwner` signs up (test.use({ ownerAccount: … }) in a spec). */
  ownerAccount: OwnerAccount;
  /** `page`, signed in as the seeded demo organisation's owner, on /admin. */
  demoOwner: Page;
  /** A new organisation signed up in `page`; its owner is signed in, on /admin. */
  newOwner: OwnerAccount;
}

let seq = 0;

export const test = playwright.test.extend<Fixtures>({
  auth: async ({ page }, provide) => provide(new AuthPages(page)),
  dashboard: async ({ page }, provide) => provide(new AdminDashboard(page)),
  staff: async ({ page }, provide) => provide(new StaffPage(page)),
  timeline: async ({ page }, provide) => provide(new PersonTimeline(page)),
  devices: async ({ page }, provide) => provide(new DevicesPage(page)),
  reports: async ({ page }, provide) => provide(new ReportsPage(page)),
  myAttendance: async ({ page }, provide) => provide(new MyAttendance(page)),
  ownerAccount: [{ organisationName: "E2E Ltd", name: "Olive Owner", email: "", password: "e2e-owner-pass-42" }, { option: true }],
  demoOwner: async ({ page, auth }, provide) => {
    await auth.signInAsDemoOwner();
    await provide(page);
  },
  newOwner: async ({ page, auth, ownerAccount }, provide) => {
    const account = { ...ownerAccount, email: ownerAccount.email || `owner-${Date.now()}-${++seq}@e2e.example` };
    await auth.signUp(account);
    await expect(page).toHaveURL(/\/admin$/);
    await provide(account);
  },
});

export { expect, DEMO_OWNER };
