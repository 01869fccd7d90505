// Page objects for the admin product (dashboard, staff, a person's timeline, devices, reports) and /me.
// Locators follow what a person sees (roles, labels) and fall back on data-testid where a label repeats.
import { expect, type Download, type Locator, type Page } from "@playwright/test";

/** The dashboard's groups of the day (lib/attendance/summary.ts DaySummary). */
export type TodayGroup = "in-now" | "left" | "late" | "absent" | "not-yet-in" | "on-leave";

export class AdminDashboard {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/admin");
    await expect(this.page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  }

  /** The count shown on a "today" card. */
  count(which: TodayGroup): Locator {
    return this.page.getByTestId(`count-${which}`);
  }

  /** Names listed under a "today" heading. */
  list(which: TodayGroup): Locator {
    return this.page.getByTestId(`list-${which}`);
  }

  get liveFeed(): Locator {
    return this.page.getByTestId("live-feed");
  }

  get reviewQueue(): Locator {
    return this.page.getByTestId("review-queue");
  }

  /** Waits (the feed polls every 10 s) until a check-in of `name` appears in the live feed. */
  async waitForCheckIn(name: string, timeout = 30_000) {
    await expect(this.liveFeed.getByText(name).first()).toBeVisible({ timeout });
  }

  async markFirstReviewed() {
    const item = this.reviewQueue.locator("li").first();
    await item.getByRole("button", { name: "Mark reviewed" }).click();
    await expect(item.getByRole("status")).toContainText("reviewed");
  }
}

export class StaffPage {
  constructor(private readonly page: Page) {}

  async goto(query = "") {
    await this.page.goto(`/admin/staff${query}`);
    await expect(this.page.getByRole("heading", { name: "Staff", exact: true })).toBeVisible();
  }

  /** Invites someone and returns the single-use link shown once. */
  async invite(f: { name: string; email: string; role?: "employee" | "admin" }): Promise<string> {
    const form = this.page.getByTestId("invite-form");
    await form.getByLabel("Name").fill(f.name);
    await form.getByLabel("Email").fill(f.email);
    if (f.role) await form.getByLabel("Role").selectOption(f.role);
    await form.getByRole("button", { name: "Invite", exact: true }).click();
    const link = this.page.getByTestId("invite-link");
    await expect(link).toBeVisible();
    return link.inputValue();
  }

  async search(text: string) {
    await this.page.getByRole("searchbox", { name: "Search" }).fill(text);
    await this.page.getByRole("button", { name: "Search" }).click();
  }

  row(name: string): Locator {
    return this.page.getByTestId("staff-row").filter({ hasText: name });
  }

  async openTimeline(name: string) {
    await this.row(name).getByRole("link", { name }).click();
    await expect(this.page.getByRole("heading", { name })).toBeVisible();
  }

  async setRole(name: string, role: "owner" | "admin" | "employee") {
    this.page.once("dialog", (d) => d.accept());
    await this.row(name).getByTestId("role-select").selectOption(role);
    await expect(this.row(name).getByRole("status").first()).toContainText(/Role changed|Nothing changed/);
  }

  async deactivate(name: string) {
    this.page.once("dialog", (d) => d.accept());
    await this.row(name).getByTestId("deactivate").click();
    await expect(this.row(name)).toContainText("deactivated");
  }
}

export class PersonTimeline {
  constructor(private readonly page: Page) {}

  async goto(userId: string, month?: string) {
    await this.page.goto(`/admin/staff/${userId}${month ? `?month=${month}` : ""}`);
  }

  /** A day's card, by its heading, e.g. "Monday 2 March". */
  day(label: string): Locator {
    return this.page.getByTestId("day-card").filter({ has: this.page.getByRole("heading", { name: label }) });
  }

  /** Adds a missing event (local date and time in the organisation's timezone) with a reason. */
  async addEvent(f: { date: string; time: string; kind: "in" | "out"; reason: string }) {
    const form = this.page.getByTestId("add-event-form");
    await form.getByLabel("Date").fill(f.date);
    await form.getByLabel("Time").fill(f.time);
    await form.getByLabel("Direction").selectOption(f.kind);
    await form.getByLabel("Reason").fill(f.reason);
    await form.getByRole("button", { name: "Add event" }).click();
    await expect(form.getByTestId("form-message")).toContainText("Added a check-");
  }

  /** Edits the `index`-th current event of a day (0 = earliest). */
  async editEvent(dayLabel: string, index: number, f: { time: string; kind?: "in" | "out"; reason: string }) {
    const event = this.day(dayLabel).getByTestId("timeline-event").filter({ has: this.page.getByRole("button", { name: "Edit" }) }).nth(index);
    await event.getByRole("button", { name: "Edit" }).click();
    const form = event.getByTestId("edit-event-form");
    await form.getByLabel("Time").fill(f.time);
    if (f.kind) await form.getByLabel("Direction").selectOption(f.kind);
    await form.getByLabel("Reason").fill(f.reason);
    await form.getByRole("button", { name: "Save correction" }).click();
    // The correction supersedes the event: its row (and this form) is replaced, so look for it in the list.
    await expect(this.corrections).toContainText(f.reason);
  }

  async voidEvent(dayLabel: string, index: number, reason: string) {
    const event = this.day(dayLabel).getByTestId("timeline-event").filter({ has: this.page.getByRole("button", { name: "Void" }) }).nth(index);
    await event.getByRole("button", { name: "Void" }).click();
    const form = event.getByTestId("void-event-form");
    await form.getByLabel("Reason").fill(reason);
    await form.getByRole("button", { name: "Void event" }).click();
    await expect(this.corrections).toContainText(reason);
  }

  get corrections(): Locator {
    return this.page.getByTestId("corrections-list");
  }
}

export class DevicesPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/admin/devices");
    await expect(this.page.getByRole("heading", { name: "Devices" })).toBeVisible();
  }

  row(name: string): Locator {
    return this.page.getByTestId("device-row").filter({ hasText: name });
  }

  async approve(name: string) {
    await this.row(name).getByTestId("approve-device").click();
    await expect(this.row(name)).toContainText("active");
  }

  async revoke(name: string) {
    this.page.once("dialog", (d) => d.accept());
    await this.row(name).getByTestId("revoke-device").click();
    await expect(this.row(name)).toContainText("revoked");
  }

  async rename(name: string, to: string) {
    const row = this.row(name);
    await row.getByText("Rename").click();
    await row.getByLabel("New name").fill(to);
    await row.getByRole("button", { name: "Save" }).click();
    await expect(this.row(to)).toBeVisible();
  }
}

export class ReportsPage {
  constructor(private readonly page: Page) {}

  async goto(f: { from?: string; to?: string; person?: string; status?: string[] } = {}) {
    const qs = new URLSearchParams();
    if (f.from) qs.set("from", f.from);
    if (f.to) qs.set("to", f.to);
    if (f.person) qs.set("person", f.person);
    for (const s of f.status ?? []) qs.append("status", s);
    await this.page.goto(`/admin/reports${qs.size ? `?${qs}` : ""}`);
    await expect(this.page.getByRole("heading", { name: "Reports" })).toBeVisible();
  }

  /** The on-screen summary as rows of cell texts (header excluded). */
  async summaryRows(): Promise<string[][]> {
    return this.tableRows(this.page.getByTestId("summary-table"));
  }

  async dailyRows(): Promise<string[][]> {
    return this.tableRows(this.page.getByTestId("daily-table"));
  }

  private async tableRows(table: Locator): Promise<string[][]> {
    const rows = table.locator("tbody tr");
    const out: string[][] = [];
    for (let i = 0; i < (await rows.count()); i++) out.push((await rows.nth(i).locator("td").allInnerTexts()).map((t) => t.trim()));
    return out;
  }

  /** Starts an export and waits for the download (the progress bar shows while it streams). */
  async export(kind: "csv-daily" | "csv-summary" | "xlsx-both" | "pdf-both"): Promise<Download> {
    const download = this.page.waitForEvent("download");
    await this.page.getByTestId(`export-${kind}`).click();
    const d = await download;
    await expect(this.page.getByTestId("export-status")).toContainText("Downloaded");
    return d;
  }
}

export class MyAttendance {
  constructor(private readonly page: Page) {}

  async goto(month?: string) {
    await this.page.goto(`/me${month ? `?month=${month}` : ""}`);
    await expect(this.page.getByRole("heading", { name: "My attendance" })).toBeVisible();
  }

  get summary(): Locator {
    return this.page.getByTestId("my-summary");
  }

  get days(): Locator {
    return this.page.getByTestId("my-days");
  }
}
