// Playwright for the benchmarks in tests/bench (npm run bench:checkin), against a server the bench script started
// (E2E_BASE_URL). Not part of `npm test`: the E2E suite's config only looks in tests/e2e.
import { defineConfig } from "@playwright/test";
import { chromiumArgs, chromiumPath } from "./tests/e2e/browser";

export default defineConfig({
  testDir: "tests/bench",
  testMatch: "*.bench.ts",
  timeout: 900_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: process.env.E2E_BASE_URL,
    headless: true,
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
  },
});
