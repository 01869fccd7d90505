// Correction requests and pay-period approval through the real server actions on PGlite: an employee asks from
// /me, an admin approves (corrections linked to the request) or refuses; an approved period locks corrections,
// leave and requests until it is unlocked with a reason; bad input is a field error and writes nothing.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { attendanceEvents, auditLog, correctionRequests, corrections, leaveRequests, leaveTypes, organisations, periodApprovals } from "@/lib/db/schema";
import { makeEvent, makeOrgWithOwner, makeUser, type TestOrg } from "@/tools/builders";
import { testDb, useMemoryDatabase } from "../support/db";

vi.mock("@/lib/auth/session", async () => (await import("../support/session")).sessionModule);
import { session, sessionOf } from "../support/session";
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { requestCorrectionAction, requestLeaveAction } = await import("@/app/me/actions");
const { decideCorrectionRequestAction } = await import("@/app/admin/requests/actions");
const { approvePeriodAction, unlockPeriodAction } = await import("@/app/admin/periods/actions");
const { addEventAction, voidEventAction } = await import("@/app/admin/staff/[id]/actions");
const { listPendingRequests } = await import("@/lib/db/queries/pending-requests");
const { recordPunch } = await import("@/lib/db/queries/attendance-events");

function form(values: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) fd.set(k, v);
  return fd;
}

const s = {};
let org: TestOrg;
let other: TestOrg;
let ann: Awaited<ReturnType<typeof makeUser>>;
let bob: Awaited<ReturnType<typeof makeUser>>;
let annIn: string;
let annual: string;

const rows = async () => {
  const d = await testDb();
  return {
    requests: await d.select().from(correctionRequests),
    corrections: await d.select().from(corrections),
    events: await d.select().from(attendanceEvents),
    approvals: await d.select().from(periodApprovals),
    leave: await d.select().from(leaveRequests),
  };
};

beforeAll(async () => {
  await useMemoryDatabase();
  // Europe/London (GMT in November), Mon–Fri 09:00–17:00, monthly pay periods (the default).
  org = await makeOrgWithOwner({ timezone: "Europe/London", ownerCreatedAt: new Date("2026-01-01T00:00:00Z") });
  other = await makeOrgWithOwner({ timezone: "Europe/London" });
  ann = await makeUser(org.id, { name: "Ann", createdAt: new Date("2026-01-01T00:00:00Z") });
  bob = await makeUser(org.id, { name: "Bob", createdAt: new Date("2026-01-01T00:00:00Z") });
  // Tuesday 10 November 2026: Ann checked in at 09:12 and forgot to check out.
  annIn = (await makeEvent(org.id, ann.id, "2026-11-10T09:12:00Z", { kind: "in" })).id;
  const d = await testDb();
  annual = (await d.insert(leaveTypes).values({ orgId: org.id, name: "Annual", category: "paid" }).returning())[0]!.id;
});

describe("correction requests", () => {
  it("refuses bad requests with field errors, writing nothing", async () => {
    session.current = sessionOf(ann);
    const before = await rows();
    const bad = [
      [{ date: "2026-11-10", checkIn: "09:00", checkOut: "08:30", reason: "wrong" }, "checkOut", /after the check-in/],
      [{ date: "2026-11-10", checkIn: "", checkOut: "", reason: "wrong" }, "checkIn", /check-in time, the check-out time/],
      [{ date: "2026-11-10", checkIn: "09:00", checkOut: "", reason: "" }, "reason", /Say why/],
      [{ date: "2099-01-05", checkIn: "09:00", checkOut: "", reason: "future" }, "date", /not happened yet/],
      [{ date: "2026-11-10", checkIn: "09:00", checkOut: "", reason: "for Bob", userId: bob.id }, "userId", /your own days/],
      [{ date: "2026-11-10", checkIn: "09:00", checkOut: "", reason: "elsewhere", userId: other.owner.id }, "userId", /your own days/],
      [{ date: "2026-11-10", checkIn: "25:00", checkOut: "", reason: "odd" }, "checkIn", /24-hour/],
    ] as const;
    for (const [input, field, message] of bad) {
      const r = await requestCorrectionAction(s, form(input as Record<string, string>));
      expect(r.ok, JSON.stringify(input)).toBe(false);
      expect(r.fieldErrors?.[field]?.[0], JSON.stringify(input)).toMatch(message);
    }
    expect(await rows()).toEqual(before);
  });

  it("an employee asks; another organisation's admin cannot decide it; an admin approves it as linked corrections", async () => {
    session.current = sessionOf(ann);
    expect(await requestCorrectionAction(s, form({ date: "2026-11-10", checkIn: "09:00", checkOut: "17:30", reason: "Forgot to check out" }))).toMatchObject({ ok: true });
    const again = await requestCorrectionAction(s, form({ date: "2026-11-10", checkIn: "", checkOut: "17:00", reason: "Again" }));
    expect(again.fieldErrors?.date?.[0]).toMatch(/waiting already/);
    const [req] = (await rows()).requests;
    expect(req).toMatchObject({ userId: ann.id, date: "2026-11-10", checkIn: "09:00", checkOut: "17:30", status: "pending" });
    expect((await listPendingRequests(org.id)).map((p) => [p.kind, p.personName, p.from, p.summary])).toEqual([["correction", "Ann", "2026-11-10", "In 09:00, out 17:30 — Forgot to check out"]]);
    expect(await listPendingRequests(other.id)).toEqual([]);

    // An employee cannot decide; another organisation's admin gets "does not exist".
    expect((await decideCorrectionRequestAction(s, form({ id: req!.id, decision: "approve", reason: "" }))).ok).toBe(false);
    session.current = sessionOf(other.owner);
    expect((await decideCorrectionRequestAction(s, form({ id: req!.id, decision: "approve", reason: "" }))).error).toMatch(/does not exist/);
    session.current = sessionOf(org.owner);
    expect((await decideCorrectionRequestAction(s, form({ id: req!.id, decision: "refuse", reason: "" }))).fieldErrors?.reason?.[0]).toMatch(/Say why/);
    expect((await rows()).corrections).toEqual([]);

    const ok = await decideCorrectionRequestAction(s, form({ id: req!.id, decision: "approve", reason: "" }));
    expect(ok).toMatchObject({ ok: true, message: "Approved: 2 corrections made." });
    const after = await rows();
    expect(after.requests[0]).toMatchObject({ status: "approved", decidedBy: org.owner.id });
    expect(after.corrections.map((c) => [c.action, c.requestId, c.adminId]).sort()).toEqual([
      ["add", req!.id, org.owner.id],
      ["edit", req!.id, org.owner.id],
    ]);
    // 09:12 is replaced by 09:00 (the original stays, superseded); 17:30 is added. GMT: local = UTC.
    const current = after.events.filter((e) => e.userId === ann.id && !after.events.some((x) => x.supersedesId === e.id));
    expect(current.map((e) => [e.kind, e.at.toISOString(), e.source]).sort()).toEqual([
      ["in", "2026-11-10T09:00:00.000Z", "correction"],
      ["out", "2026-11-10T17:30:00.000Z", "correction"],
    ]);
    expect(after.events.find((e) => e.id === annIn)?.at.toISOString()).toBe("2026-11-10T09:12:00.000Z");
    const d = await testDb();
    const audit = (await d.select().from(auditLog).where(eq(auditLog.orgId, org.id))).map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(["correction.requested", "correction.request-approved", "attendance.corrected.add", "attendance.corrected.edit"]));
    expect((await decideCorrectionRequestAction(s, form({ id: req!.id, decision: "refuse", reason: "too late" }))).error).toMatch(/approved already/);
  });

  it("an owner's request is decided by another owner only", async () => {
    const admin = await makeUser(org.id, { name: "Ada Admin", role: "admin", createdAt: new Date("2026-01-01T00:00:00Z") });
    const coOwner = await makeUser(org.id, { name: "Olga Owner", role: "owner", createdAt: new Date("2026-01-01T00:00:00Z") });
    session.current = sessionOf(org.owner);
    expect(await requestCorrectionAction(s, form({ date: "2026-11-13", checkIn: "", checkOut: "17:00", reason: "Forgot" }))).toMatchObject({ ok: true });
    const mine = (await rows()).requests.find((r) => r.userId === org.owner.id)!;
    session.current = sessionOf(admin);
    expect((await decideCorrectionRequestAction(s, form({ id: mine.id, decision: "approve", reason: "" }))).error).toMatch(/Only an owner/);
    session.current = sessionOf(org.owner);
    expect((await decideCorrectionRequestAction(s, form({ id: mine.id, decision: "approve", reason: "" }))).error).toMatch(/your own/);
    session.current = sessionOf(coOwner);
    expect(await decideCorrectionRequestAction(s, form({ id: mine.id, decision: "refuse", reason: "Not needed" }))).toMatchObject({ ok: true, message: "Refused." });
  });
});

describe("pay-period approval", () => {
  it("refuses a date that starts no period, a period not begun, another organisation's person", async () => {
    session.current = sessionOf(org.owner);
    expect((await approvePeriodAction(s, form({ from: "2026-11-02", userId: "" }))).fieldErrors?.from).toEqual(["Not the start of a month"]);
    expect((await approvePeriodAction(s, form({ from: "2099-01-01", userId: "" }))).fieldErrors?.from).toEqual(["That period has not begun yet"]);
    expect((await approvePeriodAction(s, form({ from: "2026-11-01", userId: other.owner.id }))).fieldErrors?.userId).toEqual(["No such person in this organisation"]);
    session.current = sessionOf(ann);
    expect((await approvePeriodAction(s, form({ from: "2026-11-01", userId: "" }))).ok).toBe(false);
    expect((await rows()).approvals).toEqual([]);
  });

  it("approving November for everyone locks corrections, leave and requests in it", async () => {
    session.current = sessionOf(org.owner);
    // Everyone but the owner acting (their own period is left to the other owner).
    expect(await approvePeriodAction(s, form({ from: "2026-11-01", userId: "" }))).toMatchObject({ ok: true, message: "November 2026 approved for 4 people (your own is left to another owner)." });
    expect(await approvePeriodAction(s, form({ from: "2026-11-01", userId: ann.id }))).toMatchObject({ ok: true, message: "November 2026 was approved already." });
    const before = await rows();
    expect(before.approvals).toHaveLength(4);
    expect(before.approvals.map((a) => a.userId)).not.toContain(org.owner.id);

    const add = await addEventAction(s, form({ userId: ann.id, date: "2026-11-11", time: "17:00", kind: "out", reason: "late fix" }));
    expect(add.fieldErrors?.time?.[0]).toMatch(/2026-11-01 to 2026-11-30 is an approved pay period/);
    const inNov = before.events.find((e) => e.userId === ann.id && e.kind === "out")!;
    expect((await voidEventAction(s, form({ eventId: inNov.id, reason: "mistake" }))).fieldErrors?.reason?.[0]).toMatch(/approved pay period/);
    session.current = sessionOf(ann);
    expect((await requestLeaveAction(s, form({ typeId: annual, from: "2026-11-30", to: "2026-12-02" }))).fieldErrors?.from?.[0]).toMatch(/approved pay period/);
    expect((await requestCorrectionAction(s, form({ date: "2026-11-12", checkIn: "09:00", checkOut: "", reason: "late" }))).fieldErrors?.date?.[0]).toMatch(/approved pay period/);
    // A face punch landing in the period (a back-dated scan here; in life, the current period approved early).
    const d = await testDb();
    const [orgRow] = await d.select().from(organisations).where(eq(organisations.id, org.id));
    await expect(recordPunch(orgRow!, bob.id, "in", { deviceId: null }, new Date("2026-11-20T09:00:00Z"))).rejects.toThrow(/approved pay period/);
    expect(await rows()).toEqual(before);
  });

  it("unlocking needs a reason, is per person, and lets that person's days change again", async () => {
    session.current = sessionOf(org.owner);
    expect((await unlockPeriodAction(s, form({ from: "2026-11-01", userId: ann.id, reason: "" }))).fieldErrors?.reason?.[0]).toMatch(/Say why/);
    expect(await unlockPeriodAction(s, form({ from: "2026-11-01", userId: ann.id, reason: "Missed overtime on the 11th" }))).toMatchObject({ ok: true });
    expect(await addEventAction(s, form({ userId: ann.id, date: "2026-11-11", time: "17:00", kind: "out", reason: "late fix" }))).toMatchObject({ ok: true });
    expect((await addEventAction(s, form({ userId: bob.id, date: "2026-11-11", time: "17:00", kind: "out", reason: "late fix" }))).fieldErrors?.time?.[0]).toMatch(/approved pay period/);
    const { approvals } = await rows();
    expect(approvals.filter((a) => a.unlockedAt).map((a) => [a.userId, a.unlockReason, a.unlockedBy])).toEqual([[ann.id, "Missed overtime on the 11th", org.owner.id]]);
    // Approving again locks her again (a new row; the unlocked one stays for the record).
    expect(await approvePeriodAction(s, form({ from: "2026-11-01", userId: ann.id }))).toMatchObject({ ok: true, message: "November 2026 approved for 1 person." });
    expect((await rows()).approvals).toHaveLength(5);
    const d = await testDb();
    const audit = (await d.select().from(auditLog).where(eq(auditLog.orgId, org.id))).map((a) => a.action);
    expect(audit.filter((a) => a.startsWith("period."))).toEqual(["period.approved", "period.unlocked", "period.approved"]);
  });
});
