import { expect, type Page } from "@playwright/test";
import { AuthPages } from "./auth";

export async function signInAsDemoOwner(page: Page) {
  await new AuthPages(page).signIn("owner@demo.clockface.test", "clockface-demo-2026");
  await expect(page).toHaveURL(/\/admin$/);
}
