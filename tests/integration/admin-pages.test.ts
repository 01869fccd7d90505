// The admin pages and /me render for real data (server components called, then rendered to HTML with their
// client parts): catches runtime errors in page code and checks what a person sees.
import { renderToString } from "react-dom/server";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { parseLocalTime, zonedInstant } from "@/lib/attendance/local-time";
import { makeDevice, makeEvent, makeOrgWithOwner, makeUser, type TestOrg } from "@/tools/builders";
import { useMemoryDatabase } from "../support/db";

vi.mock("@/lib/auth/session", async () => (await import("../support/session")).sessionModule);
import { session, sessionOf } from "../support/session";
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("@/app/_components/sign-out-button", () => ({ SignOutButton: () => null }));
vi.mock("next/navigation", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/navigation")>()),
  useRouter: () => ({ refresh() {}, push() {}, replace() {}, back() {}, forward() {}, prefetch() {} }),
  usePathname: () => "/admin",
}));
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";

type Page = (props: object) => Promise<React.ReactElement>;
async function render(mod: Promise<{ default: unknown }>, props: object = {}): Promise<string> {
  const Page = (await mod).default as Page;
  return renderToString(await Page({ searchParams: Promise.resolve({}), params: Promise.resolve({}), ...props }));
}
/** Visible text of rendered HTML (tags dropped, entities of interest decoded). */
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/&amp;/g, "&").replace(/\s+/g, " ");

const TZ = "Europe/Berlin";
let org: TestOrg;
let people: Record<string, Awaited<ReturnType<typeof makeUser>>>;

beforeAll(async () => {
  await useMemoryDatabase();
  const created = new Date("2026-01-01T00:00:00Z");
  org = await makeOrgWithOwner({ name: "Berlin GmbH", timezone: TZ, ownerCreatedAt: created });
  people = {};
  for (const n of ["Greta", "Hans", "Ines"]) people[n] = await makeUser(org.id, { name: n, createdAt: created, enrolment: n === "Ines" ? "held" : "enrolled" });
  const at = (d: string, t: string) => new Date(zonedInstant(d, parseLocalTime(t), TZ));
  const laptop = await makeDevice(org.id, people.Greta!.id, { name: "Greta's laptop", approved: true });
  await makeDevice(org.id, null, { name: "Front door kiosk", kind: "kiosk" });
  // Earlier this year, and a few minutes ago (whatever the day is).
  await makeEvent(org.id, people.Greta!.id, at("2026-03-02", "08:59"), { deviceId: laptop.id });
  await makeEvent(org.id, people.Greta!.id, at("2026-03-02", "17:01"), { kind: "out", deviceId: laptop.id });
  await makeEvent(org.id, people.Hans!.id, new Date(Date.now() - 5 * 60_000), { decision: "rejected", reason: "spoof-suspected", blobKey: `${org.id}/crops/00000000-0000-4000-8000-000000000001.jpg` });
  await makeEvent(org.id, people.Greta!.id, new Date(Date.now() - 60_000), { deviceId: laptop.id });
});

beforeEach(() => {
  session.current = sessionOf(org.owner);
});

describe("admin pages render", () => {
  it("dashboard: counts, live feed, review queue with the photo, chart", async () => {
    const html = await render(import("@/app/admin/page"));
    const t = text(html);
    expect(t).toContain("Latest check-ins");
    expect(t).toContain("Waiting for review");
    expect(html).toContain(`/api/blob/${org.id}/crops/00000000-0000-4000-8000-000000000001.jpg`);
    expect(t).toContain("Possible photo or screen");
    expect(t).toContain("Mark reviewed");
    expect(t).toContain("Last 30 days");
    expect(html).toMatch(/data-testid="live-feed"/);
  });

  it("staff list with enrolment states and controls", async () => {
    const html = await render(import("@/app/admin/staff/page"), { searchParams: Promise.resolve({ sort: "name" }) });
    const t = text(html);
    for (const n of ["Greta", "Hans", "Ines"]) expect(t).toContain(n);
    expect(t).toContain("Held for review");
    expect(t).toContain("Deactivate");
    expect(html).toContain('data-testid="role-select"');
    expect(html).toContain('data-testid="invite-form"');
    const none = text(await render(import("@/app/admin/staff/page"), { searchParams: Promise.resolve({ q: "zzz" }) }));
    expect(none).toContain("Nobody matches");
  });

  it("a person's timeline with the correction forms", async () => {
    const html = await render(import("@/app/admin/staff/[id]/page"), {
      params: Promise.resolve({ id: people.Greta!.id }),
      searchParams: Promise.resolve({ month: "2026-03" }),
    });
    const t = text(html);
    expect(t).toContain("Greta");
    expect(t).toContain("March 2026");
    expect(t).toContain("Monday 2 March");
    expect(t).toContain("08:59");
    expect(t).toContain("Add a missing event");
    expect(html).toMatch(/<button[^>]*aria-expanded="false"[^>]*>Edit<\/button>/);
    expect(t).toContain("Face data");
    expect(t).toContain("Re-enrol");
    expect(t).toContain("Delete biometric data");
  });

  it("devices with pending approval", async () => {
    const t = text(await render(import("@/app/admin/devices/page")));
    expect(t).toContain("Greta's laptop");
    expect(t).toContain("Front door kiosk");
    expect(t).toContain("1 device is waiting for approval");
    expect(t).toContain("Approve");
  });

  it("reports with filters, summary, daily sheet and export buttons", async () => {
    const html = await render(import("@/app/admin/reports/page"), { searchParams: Promise.resolve({ from: "2026-03-02", to: "2026-03-06" }) });
    const t = text(html);
    expect(t).toContain("Per-person summary");
    expect(t).toContain("Daily sheet");
    expect(t).toContain("CSV · daily sheet");
    expect(html).toContain('data-testid="summary-table"');
    expect(t).toMatch(/2026-03-02 Greta .* Present 08:59 17:01 8\.03/);
    const bad = text(await render(import("@/app/admin/reports/page"), { searchParams: Promise.resolve({ from: "2026-03-06", to: "2026-03-02" }) }));
    expect(bad).toContain("The end date must be on or after the start date");
  });
});

describe("/me", () => {
  it("shows an employee their own month only", async () => {
    session.current = sessionOf(people.Greta!);
    const t = text(await render(import("@/app/me/page"), { searchParams: Promise.resolve({ month: "2026-03" }) }));
    expect(t).toContain("My attendance");
    expect(t).toContain("Monday 2 March");
    expect(t).toContain("8.03");
    expect(t).not.toContain("Hans");
  });

  it("sends a signed-out visitor to sign-in", async () => {
    session.current = null;
    const Page = (await import("@/app/me/page")).default as Page;
    await expect(Page({ searchParams: Promise.resolve({}) })).rejects.toMatchObject({ digest: expect.stringMatching(/^NEXT_REDIRECT;.*sign-in/) });
  });
});
