// Leave and holidays through the real server actions on PGlite: an employee asks from /me, an admin decides; bad
// input is a field error and writes nothing; the report and the allowance follow the approved leave.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog, holidays, leaveRequests, leaveTypes } from "@/lib/db/schema";
import { makeOrgWithOwner, makeUser, type TestOrg } from "@/tools/builders";
import { testDb, useMemoryDatabase } from "../support/db";

vi.mock("@/lib/auth/session", async () => (await import("../support/session")).sessionModule);
import { session, sessionOf } from "../support/session";
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { createHolidayAction, createLeaveTypeAction, decideLeaveAction, recordLeaveAction } = await import("@/app/admin/leave/actions");
const { requestLeaveAction } = await import("@/app/me/actions");
const { reportView } = await import("@/lib/reports/org-report");
const { leaveBalances } = await import("@/lib/reports/leave-balance");

function form(values: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) fd.set(k, v);
  return fd;
}

let org: TestOrg;
let other: TestOrg;
let ann: Awaited<ReturnType<typeof makeUser>>;
let bob: Awaited<ReturnType<typeof makeUser>>;
const created = new Date("2026-01-01T00:00:00Z");
const s = {};

beforeAll(async () => {
  await useMemoryDatabase();
  // Europe/London, Mon–Fri 09:00–17:00 (defaults). 23–27 March 2026 is Mon–Fri, GMT.
  org = await makeOrgWithOwner({ timezone: "Europe/London", ownerCreatedAt: created });
  other = await makeOrgWithOwner({ timezone: "Europe/London", ownerCreatedAt: created });
  ann = await makeUser(org.id, { name: "Ann", role: "employee", createdAt: created });
  bob = await makeUser(org.id, { name: "Bob", role: "employee", createdAt: created });
});

const all = async () => {
  const d = await testDb();
  return { types: await d.select().from(leaveTypes), requests: await d.select().from(leaveRequests), holidays: await d.select().from(holidays) };
};

describe("leave", () => {
  let annual: string;
  let sick: string;
  let foreign: string;

  it("admins set up leave types and a holiday; an employee cannot", async () => {
    session.current = sessionOf(org.owner);
    expect(await createLeaveTypeAction(s, form({ name: "Annual", category: "paid", allowanceDays: "25" }))).toMatchObject({ ok: true });
    expect(await createLeaveTypeAction(s, form({ name: "Sick", category: "sick", allowanceDays: "" }))).toMatchObject({ ok: true });
    expect((await createLeaveTypeAction(s, form({ name: "Annual", category: "paid" }))).fieldErrors?.name?.[0]).toMatch(/exists already/);
    expect((await createLeaveTypeAction(s, form({ name: "Odd", category: "holiday" }))).fieldErrors?.category).toEqual(["Choose paid, unpaid or sick"]);
    expect(await createHolidayAction(s, form({ date: "2026-03-25", name: "Founders' day" }))).toMatchObject({ ok: true });
    expect((await createHolidayAction(s, form({ date: "2026-03-25", name: "Again" }))).fieldErrors?.date?.[0]).toMatch(/already a holiday/);
    session.current = sessionOf(other.owner);
    expect(await createLeaveTypeAction(s, form({ name: "Theirs", category: "paid" }))).toMatchObject({ ok: true });
    session.current = sessionOf(ann);
    expect((await createHolidayAction(s, form({ date: "2026-03-26", name: "Mine" }))).ok).toBe(false);
    const t = (await all()).types;
    annual = t.find((x) => x.name === "Annual")!.id;
    sick = t.find((x) => x.name === "Sick")!.id;
    foreign = t.find((x) => x.name === "Theirs")!.id;
    expect((await all()).holidays).toHaveLength(1);
  });

  it("refuses bad requests with field errors, writing nothing", async () => {
    session.current = sessionOf(ann);
    const r1 = await requestLeaveAction(s, form({ typeId: annual, from: "2026-03-27", to: "2026-03-23" }));
    expect(r1.fieldErrors?.to).toEqual(["The last day must not be before the first"]);
    const r2 = await requestLeaveAction(s, form({ typeId: annual, from: "2026-03-23", to: "2026-03-24", half: "am" }));
    expect(r2.fieldErrors?.half?.[0]).toMatch(/single day/);
    const r3 = await requestLeaveAction(s, form({ typeId: foreign, from: "2026-03-23", to: "2026-03-24" }));
    expect(r3.fieldErrors?.typeId).toEqual(["Unknown leave type"]);
    const r4 = await requestLeaveAction(s, form({ typeId: "not-a-uuid", from: "2026-03-23", to: "2026-03-24" }));
    expect(r4.fieldErrors?.typeId).toEqual(["Choose a leave type"]);
    // An employee cannot record leave (for anyone), and asking always concerns themselves.
    expect((await recordLeaveAction(s, form({ userId: bob.id, typeId: annual, from: "2026-03-23", to: "2026-03-24" }))).ok).toBe(false);
    expect((await all()).requests).toEqual([]);
  });

  it("an employee asks; an overlapping second request is refused; an admin refuses only with a reason, approves", async () => {
    session.current = sessionOf(ann);
    // Mon 23 – Fri 27 March; a mail-in field for someone else is ignored: the person is the session's.
    expect(await requestLeaveAction(s, form({ typeId: annual, from: "2026-03-23", to: "2026-03-27", note: "Family visit", userId: bob.id }))).toMatchObject({ ok: true });
    const overlap = await requestLeaveAction(s, form({ typeId: sick, from: "2026-03-27", to: "2026-03-30" }));
    expect(overlap.fieldErrors?.from?.[0]).toMatch(/^Overlaps pending leave from 2026-03-23 to 2026-03-27/);
    const [req] = (await all()).requests;
    expect(req).toMatchObject({ userId: ann.id, status: "pending", note: "Family visit" });

    session.current = sessionOf(org.owner);
    expect((await decideLeaveAction(s, form({ id: req!.id, decision: "refuse", reason: "" }))).fieldErrors?.reason).toEqual(["Say why (at least 3 characters)"]);
    expect((await all()).requests[0]!.status).toBe("pending");
    session.current = sessionOf(other.owner);
    expect((await decideLeaveAction(s, form({ id: req!.id, decision: "approve", reason: "" }))).ok).toBe(false);
    session.current = sessionOf(org.owner);
    expect(await decideLeaveAction(s, form({ id: req!.id, decision: "approve", reason: "" }))).toMatchObject({ ok: true, message: "Approved." });
    expect((await decideLeaveAction(s, form({ id: req!.id, decision: "refuse", reason: "Changed my mind" }))).error).toMatch(/approved already/);
    // Sick on Mon 30, recorded by the admin (approved at once).
    expect(await recordLeaveAction(s, form({ userId: ann.id, typeId: sick, from: "2026-03-30", to: "2026-03-30" }))).toMatchObject({ ok: true });
    const d = await testDb();
    const actions = (await d.select().from(auditLog)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["leave.requested", "leave.approved", "leave.recorded", "holiday.created", "leave-type.created"]));
  });

  it("the report: never absent on leave or the holiday; leave days by kind; the allowance", async () => {
    const v = await reportView(org.id, { from: "2026-03-23", to: "2026-03-31", personId: ann.id, now: new Date("2026-04-10T12:00:00Z") });
    const col = (k: string) => v.daily.columns.findIndex((c) => c.key === k);
    expect(v.daily.rows.map((r) => [r[col("date")], r[col("status")]])).toEqual([
      ["2026-03-23", "Leave"],
      ["2026-03-24", "Leave"],
      ["2026-03-25", "Holiday"],
      ["2026-03-26", "Leave"],
      ["2026-03-27", "Leave"],
      ["2026-03-28", "Off"],
      ["2026-03-29", "Off"],
      ["2026-03-30", "Leave"],
      ["2026-03-31", "Absent"],
    ]);
    const row = v.summary.rows[0]!;
    const sc = (k: string) => row[v.summary.columns.findIndex((c) => c.key === k)];
    // Paid: 4 days (the holiday takes none); sick 1; 1 holiday; 1 expected work day (Tue 31), absent.
    expect([sc("leavePaid"), sc("leaveSick"), sc("leaveUnpaid"), sc("holidayCount"), sc("workDays"), sc("absentCount")]).toEqual(["4.0", "1.0", "0.0", "1", "1", "1"]);
    const b = await leaveBalances(org.id, ann.id, "2026-04-10");
    expect(b.find((x) => x.name === "Annual")).toMatchObject({ allowanceDays: 25, takenDays: 4, remainingDays: 21 });
    expect(b.find((x) => x.name === "Sick")).toMatchObject({ allowanceDays: null, takenDays: 1, remainingDays: null });
  });
});
