import { expect, type Page } from "@playwright/test";

/** The seeded demo organisation's owner (CLOCKFACE_DEMO=1, scripts/e2e-server.mjs). */
export const DEMO_OWNER = { email: "owner@demo.clockface.test", password: "clockface-demo-2026" };

export class AuthPages {
  constructor(private readonly page: Page) {}

  async signUp(f: { organisationName: string; name: string; email: string; password: string; slug?: string }) {
    await this.page.goto("/sign-up");
    await this.page.getByLabel("Organisation name").fill(f.organisationName);
    if (f.slug) await this.page.getByLabel("Organisation address").fill(f.slug);
    await this.page.getByLabel("Your name").fill(f.name);
    await this.page.getByLabel("Work email").fill(f.email);
    await this.page.getByLabel("Password").fill(f.password);
    await this.page.getByRole("button", { name: "Create organisation" }).click();
  }

  async signIn(email: string, password: string) {
    await this.page.goto("/sign-in");
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  /** Signs in as the demo owner and waits for /admin. */
  async signInAsDemoOwner() {
    await this.signIn(DEMO_OWNER.email, DEMO_OWNER.password);
    await expect(this.page).toHaveURL(/\/admin$/);
  }

  async signOut() {
    await this.page.getByRole("button", { name: "Sign out" }).first().click();
    await expect(this.page).toHaveURL(/\/sign-in/);
  }
}
