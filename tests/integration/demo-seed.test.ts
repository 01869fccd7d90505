// The demo organisation on PGlite: created with staff and 30 days of history, unchanged by a second start, and its
// dashboard, requests, approved week and payroll sheet have something to show.
import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { attendanceEvents, correctionRequests, leaveRequests, periodApprovals, shiftAssignments, users } from "@/lib/db/schema";
import { testDb, useMemoryDatabase } from "../support/db";

const { ensureDemoOrganisation } = await import("@/lib/db/seed-demo");
const { getOrganisationBySlug } = await import("@/lib/db/queries/organisations");
const { listPendingRequests } = await import("@/lib/db/queries/pending-requests");
const { payrollView } = await import("@/lib/reports/org-report");

// Friday 4 December 2026, 10:30 in London.
const NOW = new Date("2026-12-04T10:30:00Z");

beforeAll(async () => {
  await useMemoryDatabase();
});

async function counts(orgId: string) {
  const d = await testDb();
  const n = async (t: typeof users | typeof attendanceEvents | typeof leaveRequests | typeof correctionRequests | typeof periodApprovals | typeof shiftAssignments) =>
    (await d.select({ n: count() }).from(t).where(eq(t.orgId, orgId)))[0]!.n;
  return {
    users: await n(users),
    events: await n(attendanceEvents),
    leave: await n(leaveRequests),
    requests: await n(correctionRequests),
    approvals: await n(periodApprovals),
    rota: await n(shiftAssignments),
  };
}

describe("demo organisation", () => {
  it("is created with ten staff, a rota, history, leave, a request and an approved week; a second start changes nothing", async () => {
    expect(await ensureDemoOrganisation(NOW)).toBe(true);
    const org = (await getOrganisationBySlug("demo"))!;
    const first = await counts(org.id);
    expect(first).toMatchObject({ users: 11, leave: 4, requests: 1, approvals: 10, rota: 4 });
    expect(first.events).toBeGreaterThan(500);
    expect(await ensureDemoOrganisation(NOW)).toBe(false);
    expect(await counts(org.id)).toEqual(first);
    const d = await testDb();
    const flagged = await d.select().from(attendanceEvents).where(and(eq(attendanceEvents.orgId, org.id), eq(attendanceEvents.decision, "flagged")));
    expect(flagged).toHaveLength(3);
    expect(flagged.every((e) => e.reviewedAt === null)).toBe(true);
    expect((await listPendingRequests(org.id)).map((r) => r.kind).sort()).toEqual(["correction", "leave"]);
  });

  it("the approved week's payroll sheet is approved for the staff (not the owner's own), with hours and overtime", async () => {
    const org = (await getOrganisationBySlug("demo"))!;
    const sheet = await payrollView(org.id, { from: "2026-11-16", to: "2026-11-22", now: NOW });
    expect(sheet.rows).toHaveLength(11);
    const owner = sheet.rows.filter((r) => r[1] === "Dana Demo");
    expect(owner.map((r) => r.at(-1))).toEqual(["Not approved"]);
    expect(sheet.rows.filter((r) => r[1] !== "Dana Demo").every((r) => r.at(-1) === "Approved")).toBe(true);
    const regular = sheet.columns.findIndex((c) => c.key === "regular");
    const overtime = sheet.columns.findIndex((c) => c.key === "overtime");
    const staffRows = sheet.rows.filter((r) => r[0]?.startsWith("D-"));
    // Everyone, the owner included, worked that week.
    expect(staffRows.filter((r) => Number(r[regular]) > 20)).toHaveLength(11);
    expect(sheet.totals[overtime]).not.toBe("0.00");
    expect(sheet.meta.approval).toBe("Approved for 10 of 11 people");
  });
});

describe("a demo database from before the history", () => {
  it("gets the staff and history on its next start, once", async () => {
    await useMemoryDatabase();
    const { createOrganisationWithOwner } = await import("@/lib/db/queries/organisations");
    const { org } = await createOrganisationWithOwner({
      organisationName: "Demo Ltd",
      slug: "demo",
      ownerName: "Dana Demo",
      email: "owner@demo.clockface.test",
      passwordHash: "scrypt$test",
      timezone: "Europe/London",
    });
    expect((await counts(org.id)).users).toBe(1);
    expect(await ensureDemoOrganisation(NOW)).toBe(false);
    const after = await counts(org.id);
    expect(after.users).toBe(11);
    expect(after.events).toBeGreaterThan(500);
    expect(await ensureDemoOrganisation(NOW)).toBe(false);
    expect(await counts(org.id)).toEqual(after);
  });
});
