// Staff, devices and the dashboard through the real actions, routes and loaders: role rules (owner-only
// promotions, never without an owner), deactivation, device approval and revocation, the review queue, the live
// feed and today's figures.
import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { parseLocalTime, zonedInstant } from "@/lib/attendance/local-time";
import { auditLog, devices } from "@/lib/db/schema";
import { eventById, userById } from "../support/lookups";
import { makeDevice, makeEvent, makeOrgWithOwner, makeUser, type TestOrg } from "@/tools/builders";
import { testDb, useMemoryDatabase } from "../support/db";

vi.mock("@/lib/auth/session", async () => (await import("../support/session")).sessionModule);
import { session, sessionOf } from "../support/session";
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { changeRoleAction, setMemberStatusAction, inviteMemberAction } = await import("@/app/admin/staff/actions");
const { approveDeviceAction, revokeDeviceAction, renameDeviceAction } = await import("@/app/admin/devices/actions");
const { markReviewedAction, markAllReviewedAction } = await import("@/app/admin/actions");
const { listStaff } = await import("@/lib/db/queries/admin-staff");
const { dashboardFigures } = await import("@/lib/reports/dashboard");
const feedRoute = await import("@/app/api/admin/check-ins/route");

async function actionsOf(orgId: string, action: string) {
  const d = await testDb();
  return d.select().from(auditLog).where(and(eq(auditLog.orgId, orgId), eq(auditLog.action, action)));
}

describe("staff roles and status", () => {
  let org: TestOrg;
  let admin: Awaited<ReturnType<typeof makeUser>>;
  let emp: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    await useMemoryDatabase();
    org = await makeOrgWithOwner();
    admin = await makeUser(org.id, { name: "Ada Admin", role: "admin" });
    emp = await makeUser(org.id, { name: "Emil Employee" });
  });
  beforeEach(() => {
    session.current = sessionOf(org.owner);
  });

  it("lets only an owner promote to admin", async () => {
    session.current = sessionOf(admin);
    const r = await changeRoleAction({ userId: emp.id, role: "admin" });
    expect(r).toMatchObject({ ok: false, code: "forbidden" });
    expect((await userById(org.id, emp.id))!.role).toBe("employee");

    session.current = sessionOf(org.owner);
    expect(await changeRoleAction({ userId: emp.id, role: "admin" })).toMatchObject({ ok: true });
    expect((await userById(org.id, emp.id))!.role).toBe("admin");
    const audit = await actionsOf(org.id, "member.role-changed");
    expect(audit.at(-1)!.data).toMatchObject({ changes: { role: { from: "employee", to: "admin" } } });
    expect(await changeRoleAction({ userId: emp.id, role: "employee" })).toMatchObject({ ok: true });
  });

  it("lets only an owner invite an admin", async () => {
    session.current = sessionOf(admin);
    expect(await inviteMemberAction({ name: "New Admin", email: "na@example.test", role: "admin" })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await inviteMemberAction({ name: "New Hire", email: "nh@example.test", role: "employee" })).toMatchObject({ ok: true });
    session.current = sessionOf(org.owner);
    const r = await inviteMemberAction({ name: "New Admin", email: "na@example.test", role: "admin" });
    expect(r).toMatchObject({ ok: true });
    expect((r as { data: { link: string } }).data.link).toMatch(/^https?:\/\/.+/);
  });

  it("never removes the last owner", async () => {
    const r = await changeRoleAction({ userId: org.owner.id, role: "admin" });
    expect(r).toMatchObject({ ok: false, code: "conflict" });
    expect((await userById(org.id, org.owner.id))!.role).toBe("owner");
    // With a second owner, the first may step down.
    await changeRoleAction({ userId: admin.id, role: "owner" });
    session.current = sessionOf(admin);
    expect(await changeRoleAction({ userId: org.owner.id, role: "admin" })).toMatchObject({ ok: true });
    // Now `admin` is the only owner: nobody can demote or deactivate them.
    session.current = sessionOf(org.owner); // now an admin
    expect(await changeRoleAction({ userId: admin.id, role: "employee" })).toMatchObject({ ok: false, code: "forbidden" });
    session.current = sessionOf(admin);
    expect(await changeRoleAction({ userId: admin.id, role: "admin" })).toMatchObject({ ok: false, code: "conflict" });
    // Restore.
    expect(await changeRoleAction({ userId: org.owner.id, role: "owner" })).toMatchObject({ ok: true });
    session.current = sessionOf(org.owner);
    expect(await changeRoleAction({ userId: admin.id, role: "admin" })).toMatchObject({ ok: true });
  });

  it("deactivates and reactivates, refusing self-deactivation and admins deactivating admins", async () => {
    expect(await setMemberStatusAction({ userId: org.owner.id, status: "deactivated" })).toMatchObject({ ok: false, code: "conflict" });
    session.current = sessionOf(admin);
    expect(await setMemberStatusAction({ userId: org.owner.id, status: "deactivated" })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await setMemberStatusAction({ userId: emp.id, status: "deactivated" })).toMatchObject({ ok: true });
    const gone = await userById(org.id, emp.id);
    expect(gone).toMatchObject({ status: "deactivated" });
    expect(gone!.deactivatedAt).toBeInstanceOf(Date);
    // The deactivated person's session no longer works.
    session.current = sessionOf(emp);
    expect(await setMemberStatusAction({ userId: emp.id, status: "active" })).toMatchObject({ ok: false, code: "unauthenticated" });
    session.current = sessionOf(admin);
    expect(await setMemberStatusAction({ userId: emp.id, status: "active" })).toMatchObject({ ok: true });
    expect(await userById(org.id, emp.id)).toMatchObject({ status: "active", deactivatedAt: null });
    expect((await actionsOf(org.id, "member.deactivated")).length).toBe(1);
    expect((await actionsOf(org.id, "member.reactivated")).length).toBe(1);
  });

  it("lists, searches and sorts staff with last check-in", async () => {
    await makeEvent(org.id, emp.id, "2026-03-02T09:00:00Z");
    await makeEvent(org.id, emp.id, "2026-03-03T09:00:00Z");
    await makeEvent(org.id, emp.id, "2026-03-04T09:00:00Z", { decision: "rejected" });
    const all = await listStaff(org.id, { sort: "lastCheckIn", dir: "desc" });
    expect(all[0]!.id).toBe(emp.id);
    expect(all[0]!.lastCheckIn?.toISOString()).toBe("2026-03-03T09:00:00.000Z");
    expect((await listStaff(org.id, { q: "emil" })).map((s) => s.id)).toEqual([emp.id]);
    expect(await listStaff(org.id, { q: "%" })).toEqual([]);
    const byRole = await listStaff(org.id, { sort: "role" });
    expect(byRole[0]!.role).toBe("owner");
  });
});

describe("devices", () => {
  let org: TestOrg;
  beforeAll(async () => {
    await useMemoryDatabase();
    org = await makeOrgWithOwner();
    session.current = sessionOf(org.owner);
  });

  it("approves a pending device once, renames and revokes it, auditing each", async () => {
    const u = await makeUser(org.id);
    const dev = await makeDevice(org.id, u.id, { name: "Old name" });
    expect(await approveDeviceAction({ deviceId: dev.id })).toMatchObject({ ok: true });
    expect(await approveDeviceAction({ deviceId: dev.id })).toMatchObject({ ok: false });
    const fd = new FormData();
    fd.set("deviceId", dev.id);
    fd.set("name", "  Front desk  ");
    expect(await renameDeviceAction({}, fd)).toMatchObject({ ok: true });
    fd.set("name", "");
    expect((await renameDeviceAction({}, fd)).fieldErrors?.name).toBeTruthy();
    expect(await revokeDeviceAction({ deviceId: dev.id })).toMatchObject({ ok: true });
    expect(await approveDeviceAction({ deviceId: dev.id })).toMatchObject({ ok: false });
    fd.set("name", "After revocation");
    expect(await renameDeviceAction({}, fd)).toMatchObject({ ok: false });
    const d = await testDb();
    const [row] = await d.select().from(devices).where(eq(devices.id, dev.id));
    expect(row).toMatchObject({ name: "Front desk", approvedBy: org.owner.id });
    expect(row!.revokedAt).toBeInstanceOf(Date);
    for (const a of ["device.approved", "device.renamed", "device.revoked"]) expect((await actionsOf(org.id, a)).length, a).toBe(1);
  });
});

describe("dashboard", () => {
  const TZ = "Asia/Tokyo";
  let org: TestOrg;
  let people: Record<string, string>;
  // Wednesday 2026-03-04, 10:30 in Tokyo (shift 09:00–17:00, 5 min grace).
  const now = new Date(zonedInstant("2026-03-04", parseLocalTime("10:30"), TZ));
  const at = (date: string, time: string) => new Date(zonedInstant(date, parseLocalTime(time), TZ));

  beforeAll(async () => {
    await useMemoryDatabase();
    const created = new Date("2026-01-01T00:00:00Z");
    org = await makeOrgWithOwner({ timezone: TZ, ownerCreatedAt: created });
    people = {};
    for (const n of ["Aiko", "Bunta", "Chie", "Daisuke"]) people[n] = (await makeUser(org.id, { name: n, createdAt: created })).id;
    await makeEvent(org.id, people.Aiko!, at("2026-03-04", "08:55"));
    await makeEvent(org.id, people.Bunta!, at("2026-03-04", "09:20"));
    await makeEvent(org.id, people.Chie!, at("2026-03-04", "09:10"), { decision: "flagged", reason: "low-margin" });
    // Yesterday: Aiko and Bunta in, Bunta late; Chie and Daisuke absent.
    await makeEvent(org.id, people.Aiko!, at("2026-03-03", "09:00"));
    await makeEvent(org.id, people.Bunta!, at("2026-03-03", "09:30"));
  });

  it("splits today into present, late and not yet in (owner and Daisuke included), in the org's timezone", async () => {
    const f = await dashboardFigures(org.id, now);
    expect(f.today.date).toBe("2026-03-04");
    expect(f.today.inNow.map((p) => p.name)).toEqual(["Aiko", "Bunta"]);
    expect(f.today.late.map((p) => [p.name, p.lateMinutes])).toEqual([["Bunta", 20]]);
    expect(f.today.notYetIn.map((p) => p.name).sort()).toEqual(["Chie", "Daisuke", expect.stringMatching(/^Owner/)].sort());
    expect(f.today.absent).toEqual([]);
    // At 18:00 the day is over: those not in are absent.
    const later = await dashboardFigures(org.id, at("2026-03-04", "18:00"));
    expect(later.today.absent.map((p) => p.name)).toContain("Daisuke");
    expect(later.today.counts).toMatchObject({ cameIn: 2, inNow: 2, left: 0, late: 1, absent: 3, notYetIn: 0, expected: 5 });
  });

  it("builds the 30-day series", async () => {
    const f = await dashboardFigures(org.id, now);
    expect(f.series).toHaveLength(30);
    const tue = f.series.find((p) => p.date === "2026-03-03")!;
    expect(tue).toMatchObject({ expected: 5, attended: 2, late: 1, attendanceRate: 0.4, latenessRate: 0.5 });
    expect(f.series.find((p) => p.date === "2026-03-01")!.attendanceRate).toBeNull(); // Sunday
    expect(f.series.at(-1)!.date).toBe("2026-03-04");
  });

  it("lists the flagged attempt for review and marks it reviewed once", async () => {
    session.current = sessionOf(org.owner);
    const feed = (await (await feedRoute.GET(new Request("http://localhost/api/admin/check-ins"), { params: Promise.resolve({}) })).json()) as {
      events: { id: string; decision: string; userName: string }[];
      pendingReview: number;
    };
    expect(feed.pendingReview).toBe(1);
    expect(feed.events).toHaveLength(5);
    const flagged = feed.events.find((e) => e.decision === "flagged")!;
    expect(flagged.userName).toBe("Chie");
    expect(await markReviewedAction({ eventId: flagged.id })).toMatchObject({ ok: true });
    expect((await eventById(flagged.id))!.reviewedAt).toBeInstanceOf(Date);
    expect(await markReviewedAction({ eventId: flagged.id })).toMatchObject({ ok: false, code: "conflict" });
    const accepted = feed.events.find((e) => e.decision === "accepted")!;
    expect(await markReviewedAction({ eventId: accepted.id })).toMatchObject({ ok: false, code: "conflict" });
    expect((await actionsOf(org.id, "attendance.reviewed")).length).toBe(1);
    const after = (await (await feedRoute.GET(new Request("http://localhost/api/admin/check-ins"), { params: Promise.resolve({}) })).json()) as { pendingReview: number };
    expect(after.pendingReview).toBe(0);
  });

  it("marks all waiting attempts reviewed at once", async () => {
    session.current = sessionOf(org.owner);
    const { listReviewQueue } = await import("@/lib/db/queries/admin-dashboard");
    await makeEvent(org.id, null, at("2026-03-04", "09:30"), { kind: null, decision: "rejected", reason: "unknown-person" });
    await makeEvent(org.id, people.Daisuke!, at("2026-03-04", "09:31"), { kind: null, decision: "rejected", reason: "no-match" });
    expect((await listReviewQueue(org.id)).total).toBe(2);
    expect(await markAllReviewedAction({})).toMatchObject({ ok: true, message: "2 attempts marked as reviewed." });
    expect((await listReviewQueue(org.id)).total).toBe(0);
    expect((await actionsOf(org.id, "attendance.reviewed.all"))[0]!.data).toEqual({ count: 2 });
  });

  it("returns only newer events after a cursor", async () => {
    session.current = sessionOf(org.owner);
    const cursor = new Date(Date.now() + 1000).toISOString();
    const empty = (await (await feedRoute.GET(new Request(`http://localhost/api/admin/check-ins?after=${encodeURIComponent(cursor)}`), { params: Promise.resolve({}) })).json()) as { events: unknown[] };
    expect(empty.events).toEqual([]);
    const bad = await feedRoute.GET(new Request("http://localhost/api/admin/check-ins?after=yesterday"), { params: Promise.resolve({}) });
    expect(bad.status).toBe(400);
  });
});
