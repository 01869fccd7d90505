// Issue 16, separation of duties, through the real server actions on PGlite: nobody approves, unlocks or decides
// their own pay period, leave or correction (nor corrects their own attendance), and an admin acts on no owner's
// (owners outrank admins: lib/auth/guard.ts). A refusal is "forbidden" with its message and writes nothing;
// "everyone" leaves out the actor (and, for an admin, the owners). Two owners, two admins and an employee.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq, isNull } from "drizzle-orm";
import { attendanceEvents, auditLog, correctionRequests, leaveRequests, leaveTypes, periodApprovals, type User } from "@/lib/db/schema";
import { makeOrgWithOwner, makeUser, type TestOrg } from "@/tools/builders";
import { testDb, useMemoryDatabase } from "../support/db";

vi.mock("@/lib/auth/session", async () => (await import("../support/session")).sessionModule);
import { session, sessionOf } from "../support/session";
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { approvePeriodAction, unlockPeriodAction } = await import("@/app/admin/periods/actions");
const { decideLeaveAction, recordLeaveAction } = await import("@/app/admin/leave/actions");
const { decideCorrectionRequestAction } = await import("@/app/admin/requests/actions");
const { addEventAction } = await import("@/app/admin/staff/[id]/actions");
const { requestCorrectionAction, requestLeaveAction } = await import("@/app/me/actions");
const { OWN_RECORD, OWNER_PROTECTED } = await import("@/lib/auth/guard");

const s = {};
const NOV = "2026-11-01";
let org: TestOrg;
let owner: User;
let coOwner: User;
let ada: User;
let abe: User;
let emil: User;
let annual: string;

function form(values: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) fd.set(k, v);
  return fd;
}

const as = (u: User) => (session.current = sessionOf(u));

/** Everything these actions write, to compare before and after a refusal. */
async function snapshot(): Promise<string> {
  const d = await testDb();
  const all = await Promise.all([periodApprovals, leaveRequests, correctionRequests, attendanceEvents, auditLog].map((t) => d.select().from(t)));
  return JSON.stringify(all.map((rows) => rows.map((r) => JSON.stringify(r)).sort()));
}

/** Who has an active (not unlocked) approval of November. */
async function approvedPeople(): Promise<string[]> {
  const d = await testDb();
  const rows = await d.select({ userId: periodApprovals.userId }).from(periodApprovals).where(and(eq(periodApprovals.orgId, org.id), eq(periodApprovals.from, NOV), isNull(periodApprovals.unlockedAt)));
  return rows.map((r) => r.userId).sort();
}

/** Each call refused with `message`, nothing written. */
async function expectRefused(calls: [string, () => Promise<{ ok?: boolean; error?: string }>][], message: string) {
  const before = await snapshot();
  for (const [name, call] of calls) {
    const r = await call();
    expect(r.ok, name).toBe(false);
    expect(r.error, name).toBe(message);
  }
  expect(await snapshot()).toBe(before);
}

const created = new Date("2026-01-01T00:00:00Z");

beforeAll(async () => {
  await useMemoryDatabase();
  org = await makeOrgWithOwner({ name: "Two Owners Ltd", ownerCreatedAt: created });
  owner = org.owner;
  coOwner = await makeUser(org.id, { name: "Olga Owner", role: "owner", createdAt: created });
  ada = await makeUser(org.id, { name: "Ada Admin", role: "admin", createdAt: created });
  abe = await makeUser(org.id, { name: "Abe Admin", role: "admin", createdAt: created });
  emil = await makeUser(org.id, { name: "Emil Employee", createdAt: created });
  const d = await testDb();
  annual = (await d.insert(leaveTypes).values({ orgId: org.id, name: "Annual", category: "paid" }).returning())[0]!.id;
});

describe("pay periods", () => {
  it("nobody approves their own period; an admin approves no owner's", async () => {
    as(ada);
    await expectRefused(
      [
        ["admin, own", () => approvePeriodAction(s, form({ from: NOV, userId: ada.id }))],
        ["admin, own, unlock", () => unlockPeriodAction(s, form({ from: NOV, userId: ada.id, reason: "reopen" }))],
      ],
      OWN_RECORD,
    );
    await expectRefused([["admin, owner's", () => approvePeriodAction(s, form({ from: NOV, userId: owner.id }))]], OWNER_PROTECTED);
    as(owner);
    await expectRefused([["owner, own", () => approvePeriodAction(s, form({ from: NOV, userId: owner.id }))]], OWN_RECORD);
    expect(await approvedPeople()).toEqual([]);
  });

  it("approving everyone leaves out the actor, and an admin leaves out the owners", async () => {
    as(ada);
    expect(await approvePeriodAction(s, form({ from: NOV, userId: "" }))).toMatchObject({
      ok: true,
      message: "November 2026 approved for 2 people (your own and the owners' are left to someone else).",
    });
    expect(await approvedPeople()).toEqual([abe.id, emil.id].sort());
    as(abe);
    expect(await approvePeriodAction(s, form({ from: NOV, userId: ada.id }))).toMatchObject({ ok: true, message: "November 2026 approved for 1 person." });
    as(owner);
    expect(await approvePeriodAction(s, form({ from: NOV, userId: "" }))).toMatchObject({ ok: true, message: "November 2026 approved for 1 person (your own is left to another owner)." });
    as(coOwner);
    expect(await approvePeriodAction(s, form({ from: NOV, userId: owner.id }))).toMatchObject({ ok: true, message: "November 2026 approved for 1 person." });
    expect(await approvedPeople()).toEqual([owner.id, coOwner.id, ada.id, abe.id, emil.id].sort());
  });

  it("nobody unlocks their own period; an admin unlocks no owner's; everyone leaves them out", async () => {
    as(ada);
    await expectRefused([["admin, own", () => unlockPeriodAction(s, form({ from: NOV, userId: ada.id, reason: "my overtime" }))]], OWN_RECORD);
    await expectRefused([["admin, owner's", () => unlockPeriodAction(s, form({ from: NOV, userId: owner.id, reason: "owner's fix" }))]], OWNER_PROTECTED);
    as(owner);
    await expectRefused([["owner, own", () => unlockPeriodAction(s, form({ from: NOV, userId: owner.id, reason: "my fix" }))]], OWN_RECORD);
    as(ada);
    expect(await unlockPeriodAction(s, form({ from: NOV, userId: "", reason: "payroll rerun" }))).toMatchObject({ ok: true, message: expect.stringMatching(/unlocked for 2 people/) });
    expect(await approvedPeople()).toEqual([owner.id, coOwner.id, ada.id].sort());
  });
});

describe("leave", () => {
  it("nobody decides or records their own; an admin decides no owner's; someone else may", async () => {
    as(ada);
    expect(await requestLeaveAction(s, form({ typeId: annual, from: "2026-12-21", to: "2026-12-22" }))).toMatchObject({ ok: true });
    as(owner);
    expect(await requestLeaveAction(s, form({ typeId: annual, from: "2026-12-28", to: "2026-12-28" }))).toMatchObject({ ok: true });
    const d = await testDb();
    const mine = async (u: User) => (await d.select().from(leaveRequests).where(eq(leaveRequests.userId, u.id)))[0]!;
    const adas = await mine(ada);
    const owners = await mine(owner);

    as(ada);
    await expectRefused(
      [
        ["decide own", () => decideLeaveAction(s, form({ id: adas.id, decision: "approve", reason: "" }))],
        ["record own", () => recordLeaveAction(s, form({ userId: ada.id, typeId: annual, from: "2026-12-23", to: "2026-12-23" }))],
      ],
      OWN_RECORD,
    );
    await expectRefused(
      [
        ["decide owner's", () => decideLeaveAction(s, form({ id: owners.id, decision: "approve", reason: "" }))],
        ["record owner's", () => recordLeaveAction(s, form({ userId: owner.id, typeId: annual, from: "2026-12-23", to: "2026-12-23" }))],
      ],
      OWNER_PROTECTED,
    );
    as(owner);
    await expectRefused([["owner decides own", () => decideLeaveAction(s, form({ id: owners.id, decision: "approve", reason: "" }))]], OWN_RECORD);

    as(abe);
    expect(await decideLeaveAction(s, form({ id: adas.id, decision: "approve", reason: "" }))).toMatchObject({ ok: true, message: "Approved." });
    as(coOwner);
    expect(await decideLeaveAction(s, form({ id: owners.id, decision: "approve", reason: "" }))).toMatchObject({ ok: true, message: "Approved." });
    as(ada);
    expect(await recordLeaveAction(s, form({ userId: emil.id, typeId: annual, from: "2026-12-23", to: "2026-12-23" }))).toMatchObject({ ok: true });
    expect((await mine(ada)).decidedBy).toBe(abe.id);
    expect((await mine(owner)).decidedBy).toBe(coOwner.id);
  });
});

describe("corrections", () => {
  it("nobody decides their own correction request nor corrects their own attendance; someone else may", async () => {
    as(ada);
    expect(await requestCorrectionAction(s, form({ date: "2026-12-02", checkIn: "09:00", checkOut: "", reason: "Forgot to check in" }))).toMatchObject({ ok: true });
    const d = await testDb();
    const [request] = await d.select().from(correctionRequests).where(eq(correctionRequests.userId, ada.id));
    await expectRefused(
      [
        ["decide own request", () => decideCorrectionRequestAction(s, form({ id: request!.id, decision: "approve", reason: "" }))],
        ["add to own day", () => addEventAction(s, form({ userId: ada.id, date: "2026-12-02", time: "09:00", kind: "in", reason: "I was in" }))],
      ],
      OWN_RECORD,
    );
    as(abe);
    expect(await decideCorrectionRequestAction(s, form({ id: request!.id, decision: "approve", reason: "" }))).toMatchObject({ ok: true });
    as(ada);
    expect(await addEventAction(s, form({ userId: emil.id, date: "2026-12-02", time: "09:00", kind: "in", reason: "Emil was in" }))).toMatchObject({ ok: true });
  });
});

describe("an organisation's only owner", () => {
  it("approves and unlocks their own period (nobody else could); their admin still cannot, nor their own", async () => {
    const solo = await makeOrgWithOwner({ name: "One Owner Ltd", ownerCreatedAt: created });
    const admin = await makeUser(solo.id, { name: "Una Admin", role: "admin", createdAt: created });
    await makeUser(solo.id, { name: "Ed Employee", createdAt: created });
    const approved = async () => {
      const d = await testDb();
      const rows = await d.select({ userId: periodApprovals.userId }).from(periodApprovals).where(and(eq(periodApprovals.orgId, solo.id), eq(periodApprovals.from, NOV), isNull(periodApprovals.unlockedAt)));
      return rows.map((r) => r.userId);
    };
    as(admin);
    await expectRefused([["admin, only owner's", () => approvePeriodAction(s, form({ from: NOV, userId: solo.owner.id }))]], OWNER_PROTECTED);
    await expectRefused([["admin, own", () => approvePeriodAction(s, form({ from: NOV, userId: admin.id }))]], OWN_RECORD);
    as(solo.owner);
    expect(await approvePeriodAction(s, form({ from: NOV, userId: solo.owner.id }))).toMatchObject({ ok: true, message: "November 2026 approved for 1 person." });
    expect(await approved()).toEqual([solo.owner.id]);
    expect(await unlockPeriodAction(s, form({ from: NOV, userId: solo.owner.id, reason: "late receipt" }))).toMatchObject({ ok: true });
    // "Everyone" includes the only owner: all three, nobody left out.
    expect(await approvePeriodAction(s, form({ from: NOV, userId: "" }))).toMatchObject({ ok: true, message: "November 2026 approved for 3 people." });
    expect((await approved()).length).toBe(3);
    const d = await testDb();
    const audit = await d.select().from(auditLog).where(and(eq(auditLog.orgId, solo.id), eq(auditLog.targetId, solo.owner.id)));
    expect(audit.every((a) => a.actorId === solo.owner.id)).toBe(true); // the log names who approved their own
  });
});
