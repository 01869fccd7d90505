// The demo organisation on PGlite: created with staff and 30 days of history, unchanged by a second start, and its
// dashboard, requests, approved week and payroll sheet have something to show. Its owner is enrolled from the
// committed face fixture (lib/demo/face/) by the server's real models, so a check-in of that face matches them.
import { readFileSync } from "node:fs";
import { and, asc, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { CONSENT_VERSION } from "@/lib/checkin/consent";
import { DEMO_LIVENESS_STEPS } from "@/lib/demo/owner-face";
import { cosine } from "@/lib/face/core/similarity";
import { EMBEDDING_MODEL_ID } from "@/lib/face/models";
import { attendanceEvents, auditLog, consents, correctionRequests, faceTemplates, leaveRequests, organisations, periodApprovals, shiftAssignments, users } from "@/lib/db/schema";
import { defaultSettings } from "@/lib/validations/settings";
import { BURST_FIXTURE_DIR, maleFrame } from "@/tools/burst-fixture";
import { testDb, useMemoryDatabase } from "../support/db";

const { ensureDemoOrganisation } = await import("@/lib/db/seed-demo");
const { getOrganisationBySlug } = await import("@/lib/db/queries/organisations");
const { listPendingRequests } = await import("@/lib/db/queries/pending-requests");
const { payrollView } = await import("@/lib/reports/org-report");
const { settingsOf } = await import("@/lib/db/queries/organisations");
const { matchClaim, resetEnrolment } = await import("@/lib/db/queries/templates");
const { embedAlignedJpeg } = await import("@/lib/face/node");
const { measureStillJpeg } = await import("@/lib/face/node/still");

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

/** The owner's face as stored: enrolment, templates, consents, the org's steps and the seed's audit entries. */
async function ownerFace(orgId: string) {
  const d = await testDb();
  const [owner] = await d.select().from(users).where(and(eq(users.orgId, orgId), eq(users.role, "owner")));
  const templates = await d.select().from(faceTemplates).where(and(eq(faceTemplates.orgId, orgId), eq(faceTemplates.userId, owner!.id))).orderBy(asc(faceTemplates.pose));
  const consented = await d.select().from(consents).where(and(eq(consents.orgId, orgId), eq(consents.userId, owner!.id)));
  const [org] = await d.select().from(organisations).where(eq(organisations.id, orgId));
  const audit = await d.select({ action: auditLog.action, data: auditLog.data }).from(auditLog).where(and(eq(auditLog.orgId, orgId), eq(auditLog.targetId, owner!.id)));
  return { owner: owner!, templates, consents: consented, steps: settingsOf(org!).livenessSteps, audit: audit.map((a) => a.action).sort() };
}

describe("the demo owner's face", () => {
  it("is enrolled from the fixture: consent, one approved template per pose of the current model, turn-only steps; a second start changes nothing", async () => {
    const org = (await getOrganisationBySlug("demo"))!;
    const first = await ownerFace(org.id);
    expect(first.owner.enrolment).toBe("enrolled");
    expect(first.templates.map((t) => [t.pose, t.modelId])).toEqual([
      ["frontal", EMBEDDING_MODEL_ID],
      ["left", EMBEDDING_MODEL_ID],
      ["right", EMBEDDING_MODEL_ID],
    ]);
    for (const t of first.templates) {
      expect(t.embedding).toHaveLength(128);
      expect(Math.hypot(...t.embedding)).toBeCloseTo(1, 4);
      expect(t.quality).toBeGreaterThanOrEqual(0.5);
      expect(t.captureThumbnail).toHaveLength(32 * 32);
    }
    expect(first.consents.map((c) => [c.textVersion, c.withdrawnAt])).toEqual([[CONSENT_VERSION, null]]);
    expect(first.steps).toEqual([...DEMO_LIVENESS_STEPS]);
    expect(first.audit).toEqual(["consent.accepted", "demo.owner-enrolled"]);

    expect(await ensureDemoOrganisation(NOW)).toBe(false);
    expect(await ownerFace(org.id)).toEqual(first);
  });

  it("matches another frame of her (not one enrolled) 1:1 above the threshold, and another person far below", async () => {
    const org = (await getOrganisationBySlug("demo"))!;
    const { owner } = await ownerFace(org.id);
    // Frame 9 aligned as a browser sends it (tests/fixtures/burst/female-aligned.jpg); the stills are frames 19, 18, 8.
    const her = await embedAlignedJpeg(new Uint8Array(readFileSync(`${BURST_FIXTURE_DIR}/female-aligned.jpg`)));
    const genuine = await matchClaim(org.id, EMBEDDING_MODEL_ID, her, owner.id);
    expect(genuine.self!).toBeGreaterThan(defaultSettings.matchThreshold + 0.2);
    expect(genuine.other).toBeNull(); // nobody else in the demo is enrolled
    const him = (await measureStillJpeg(maleFrame(0))).embedding;
    const other = await matchClaim(org.id, EMBEDDING_MODEL_ID, him, owner.id);
    expect(other.self!).toBeLessThan(defaultSettings.matchThreshold);
    expect(cosine(her, him)).toBeLessThan(defaultSettings.matchThreshold);
  });

  it("is enrolled again on the next start after an admin reset the enrolment; a held enrolment is left alone", async () => {
    const org = (await getOrganisationBySlug("demo"))!;
    const before = await ownerFace(org.id);
    await resetEnrolment(org.id, before.owner.id, before.owner.id);
    expect((await ownerFace(org.id)).templates).toEqual([]);
    expect(await ensureDemoOrganisation(NOW)).toBe(false);
    const after = await ownerFace(org.id);
    expect(after.owner.enrolment).toBe("enrolled");
    expect(after.templates.map((t) => t.embedding)).toEqual(before.templates.map((t) => t.embedding)); // same stills, same models
    expect(after.consents).toHaveLength(1); // the consent stands

    const d = await testDb();
    await d.delete(faceTemplates).where(eq(faceTemplates.userId, before.owner.id));
    await d.update(users).set({ enrolment: "held" }).where(eq(users.id, before.owner.id));
    expect(await ensureDemoOrganisation(NOW)).toBe(false);
    expect((await ownerFace(org.id)).templates).toEqual([]);
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
    const face = await ownerFace(org.id);
    expect(face.owner.enrolment).toBe("enrolled");
    expect(face.templates).toHaveLength(3);
    expect(await ensureDemoOrganisation(NOW)).toBe(false);
    expect(await counts(org.id)).toEqual(after);
    expect(await ownerFace(org.id)).toEqual(face);
  });
});
