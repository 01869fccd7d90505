// Corrections through the real server actions: the original event stays, a corrections row holds before/after,
// an audit entry is written — in one transaction — and the report reflects the corrected day.
import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog, attendanceEvents, corrections } from "@/lib/db/schema";
import { eventById } from "../support/lookups";
import { makeEvent, makeOrgWithOwner, makeUser, type TestOrg } from "@/tools/builders";
import { testDb, useMemoryDatabase } from "../support/db";

vi.mock("@/lib/auth/session", async () => (await import("../support/session")).sessionModule);
import { session, sessionOf } from "../support/session";
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
// Lets one test make the audit write fail, to prove the correction rolls back with it.
const failAudit = vi.hoisted(() => ({ next: false }));
vi.mock("@/lib/db/queries/audit", async (importOriginal) => {
  const m = await importOriginal<typeof import("@/lib/db/queries/audit")>();
  return {
    ...m,
    writeAudit: async (...args: Parameters<typeof m.writeAudit>) => {
      if (failAudit.next) {
        failAudit.next = false;
        throw new Error("disk full");
      }
      return m.writeAudit(...args);
    },
  };
});

const { addEventAction, editEventAction, voidEventAction } = await import("@/app/admin/staff/[id]/actions");
const { reportView } = await import("@/lib/reports/org-report");

function form(values: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) fd.set(k, v);
  return fd;
}

let org: TestOrg;
let alice: Awaited<ReturnType<typeof makeUser>>;
const created = new Date("2026-01-01T00:00:00Z");

beforeAll(async () => {
  await useMemoryDatabase();
  // Europe/London, 09:00–17:00 Mon–Fri, 5 min grace (defaults). March 2–4 2026 are Mon–Wed, GMT (UTC+0).
  org = await makeOrgWithOwner({ timezone: "Europe/London", ownerCreatedAt: created });
  alice = await makeUser(org.id, { name: "Alice", createdAt: created });
});

beforeEach(() => {
  session.current = sessionOf(org.owner);
});

async function auditOf(targetId: string) {
  const d = await testDb();
  return d.select().from(auditLog).where(and(eq(auditLog.orgId, org.id), eq(auditLog.targetId, targetId)));
}

describe("corrections", () => {
  let mondayOut: string;
  let tuesdayIn: string;

  beforeAll(async () => {
    await makeEvent(org.id, alice.id, "2026-03-02T09:00:00Z", { kind: "in" });
    mondayOut = (await makeEvent(org.id, alice.id, "2026-03-02T17:00:00Z", { kind: "out" })).id;
    tuesdayIn = (await makeEvent(org.id, alice.id, "2026-03-03T09:20:00Z", { kind: "in" })).id;
    await makeEvent(org.id, alice.id, "2026-03-03T17:00:00Z", { kind: "out" });
    await makeEvent(org.id, alice.id, "2026-03-04T09:00:00Z", { kind: "in" });
  });

  it("shows the uncorrected figures first", async () => {
    const v = await reportView(org.id, { from: "2026-03-02", to: "2026-03-04" });
    const row = v.summary.rows.find((r) => r[0] === "Alice")!;
    // work days, present, late, late min, early leaves, early min, absent, missing outs, hours
    expect(row.slice(2, 11)).toEqual(["3", "3", "1", "20", "0", "0", "0", "1", "15.67"]);
  });

  it("refuses a correction without a reason, and writes nothing", async () => {
    const d = await testDb();
    const before = (await d.select().from(corrections).where(eq(corrections.orgId, org.id))).length;
    const r = await addEventAction({}, form({ userId: alice.id, date: "2026-03-04", time: "17:30", kind: "out", reason: " " }));
    expect(r.ok).toBe(false);
    expect(r.fieldErrors?.reason?.[0]).toMatch(/why/i);
    expect((await d.select().from(corrections).where(eq(corrections.orgId, org.id))).length).toBe(before);
  });

  it("adds a missing check-out as a new correction event, with a corrections row and an audit entry", async () => {
    const r = await addEventAction({}, form({ userId: alice.id, date: "2026-03-04", time: "17:30", kind: "out", reason: "Forgot to check out" }));
    expect(r).toMatchObject({ ok: true });
    const d = await testDb();
    const [c] = await d.select().from(corrections).where(and(eq(corrections.orgId, org.id), eq(corrections.action, "add")));
    expect(c).toMatchObject({ userId: alice.id, adminId: org.owner.id, reason: "Forgot to check out", before: null });
    const ev = await eventById(c!.eventId!);
    expect(ev).toMatchObject({ source: "correction", kind: "out", decision: "accepted", supersedesId: null });
    expect(ev!.at.toISOString()).toBe("2026-03-04T17:30:00.000Z");
    const audit = await auditOf(ev!.id);
    expect(audit.map((a) => a.action)).toEqual(["attendance.corrected.add"]);
    expect(audit[0]!.actorId).toBe(org.owner.id);
  });

  it("edits an event by superseding it: the original row is untouched", async () => {
    const original = await eventById(tuesdayIn);
    const r = await editEventAction({}, form({ eventId: tuesdayIn, date: "2026-03-03", time: "09:02", kind: "in", reason: "Badge reader queue" }));
    expect(r).toMatchObject({ ok: true });
    expect(await eventById(tuesdayIn)).toEqual(original);
    const d = await testDb();
    const [replacement] = await d.select().from(attendanceEvents).where(eq(attendanceEvents.supersedesId, tuesdayIn));
    expect(replacement).toMatchObject({ source: "correction", kind: "in", userId: alice.id });
    expect(replacement!.at.toISOString()).toBe("2026-03-03T09:02:00.000Z");
    const [c] = await d.select().from(corrections).where(eq(corrections.eventId, tuesdayIn));
    expect(c).toMatchObject({ action: "edit", reason: "Badge reader queue" });
    expect(c!.before).toMatchObject({ id: tuesdayIn, at: "2026-03-03T09:20:00.000Z" });
    expect(c!.after).toMatchObject({ id: replacement!.id, at: "2026-03-03T09:02:00.000Z" });
    expect((await auditOf(tuesdayIn)).map((a) => a.action)).toEqual(["attendance.corrected.edit"]);
  });

  it("marks the original as replaced on the person's timeline", async () => {
    const { listPersonEvents } = await import("@/lib/db/queries/corrections");
    const events = await listPersonEvents(org.id, alice.id, { from: new Date("2026-03-03T00:00:00Z"), to: new Date("2026-03-04T00:00:00Z") });
    const original = events.find((e) => e.id === tuesdayIn)!;
    const replacement = events.find((e) => e.supersedesId === tuesdayIn)!;
    expect(original.supersededBy).toBe(replacement.id);
    expect(replacement.supersededBy).toBeNull();
  });

  it("settles a flagged attempt in the review queue once a correction replaces it", async () => {
    const { listReviewQueue } = await import("@/lib/db/queries/admin-dashboard");
    const flagged = await makeEvent(org.id, alice.id, "2026-03-05T09:00:00Z", { kind: "in", decision: "flagged", reason: "low-margin" });
    expect((await listReviewQueue(org.id)).total).toBe(1);
    const r = await editEventAction({}, form({ eventId: flagged.id, date: "2026-03-05", time: "09:00", kind: "in", reason: "It was her" }));
    expect(r).toMatchObject({ ok: true });
    const q = await listReviewQueue(org.id);
    expect(q.total).toBe(0);
    expect(q.items).toEqual([]);
    // Undo for the figures below: void the accepted replacement.
    const { listPersonEvents } = await import("@/lib/db/queries/corrections");
    const ev = (await listPersonEvents(org.id, alice.id, { from: new Date("2026-03-05T00:00:00Z"), to: new Date("2026-03-06T00:00:00Z") })).find((e) => e.supersedesId === flagged.id)!;
    expect(await voidEventAction({}, form({ eventId: ev.id, reason: "Test cleanup" }))).toMatchObject({ ok: true });
  });

  it("refuses to edit a version that was already replaced", async () => {
    const r = await editEventAction({}, form({ eventId: tuesdayIn, date: "2026-03-03", time: "09:01", kind: "in", reason: "Again" }));
    expect(r).toMatchObject({ ok: false });
    expect(r.error).toMatch(/corrected already/);
  });

  it("voids an event: the row stays with voidedAt set", async () => {
    const r = await voidEventAction({}, form({ eventId: mondayOut, reason: "Scanned by mistake" }));
    expect(r).toMatchObject({ ok: true });
    const ev = await eventById(mondayOut);
    expect(ev?.voidedAt).toBeInstanceOf(Date);
    expect(ev?.at.toISOString()).toBe("2026-03-02T17:00:00.000Z");
    const d = await testDb();
    const [c] = await d.select().from(corrections).where(and(eq(corrections.eventId, mondayOut), eq(corrections.action, "void")));
    expect(c!.reason).toBe("Scanned by mistake");
    expect((await auditOf(mondayOut)).map((a) => a.action)).toEqual(["attendance.corrected.void"]);
    const again = await voidEventAction({}, form({ eventId: mondayOut, reason: "Twice" }));
    expect(again).toMatchObject({ ok: false });
  });

  it("reports the corrected figures", async () => {
    const v = await reportView(org.id, { from: "2026-03-02", to: "2026-03-04" });
    const row = v.summary.rows.find((r) => r[0] === "Alice")!;
    // Mon: in 09:00, out voided → missing out, no hours. Tue: 09:02 (on time) → 17:00 = 478 min. Wed: 09:00 → 17:30 = 510 min.
    expect(row.slice(2, 11)).toEqual(["3", "3", "0", "0", "0", "0", "0", "1", "16.47"]);
    const days = v.daily.rows.filter((r) => r[1] === "Alice").map((r) => [r[0], r[3], r[4], r[5], r[6]]);
    expect(days).toEqual([
      ["2026-03-02", "Present", "09:00", "", ""],
      ["2026-03-03", "Present", "09:02", "17:00", "7.97"],
      ["2026-03-04", "Present", "09:00", "17:30", "8.50"],
    ]);
    expect(v.daily.rows.find((r) => r[0] === "2026-03-03" && r[1] === "Alice")!.at(-1)).toContain("Corrected");
  });

  it("rolls everything back when the audit write fails (one transaction)", async () => {
    const d = await testDb();
    const countEvents = async () => (await d.select().from(attendanceEvents).where(eq(attendanceEvents.userId, alice.id))).length;
    const countCorrections = async () => (await d.select().from(corrections).where(eq(corrections.userId, alice.id))).length;
    const [e0, c0] = [await countEvents(), await countCorrections()];
    failAudit.next = true;
    const r = await addEventAction({}, form({ userId: alice.id, date: "2026-03-05", time: "09:00", kind: "in", reason: "Should roll back" }));
    expect(failAudit.next).toBe(false);
    expect(r).toMatchObject({ ok: false });
    expect([await countEvents(), await countCorrections()]).toEqual([e0, c0]);
  });

  it("refuses a time in the future", async () => {
    const r = await addEventAction({}, form({ userId: alice.id, date: "2099-01-01", time: "09:00", kind: "in", reason: "Time travel" }));
    expect(r).toMatchObject({ ok: false });
  });
});

describe("audit filter by person", () => {
  it("finds the entries made by a person and those about them (their events), not other people's", async () => {
    const { listAudit } = await import("@/lib/db/queries/audit");
    const aboutAlice = await listAudit(org.id, { personId: alice.id });
    // the corrections above were made by the owner, about Alice's events
    expect(aboutAlice.map((e) => e.action)).toEqual(expect.arrayContaining(["attendance.corrected.add", "attendance.corrected.edit"]));
    expect(aboutAlice.every((e) => e.actorId === org.owner.id || e.actorId === alice.id)).toBe(true);
    expect(await listAudit(org.id, { actorId: alice.id })).toEqual([]);
    const bob = await makeUser(org.id, { name: "Bob", createdAt: created });
    expect(await listAudit(org.id, { personId: bob.id })).toEqual([]);
  });
});
