// Schedules through the real server actions on PGlite: bad input is a field error and writes nothing; another
// organisation's ids are refused; the report judges each person against their own rota, breaks included.
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog, shiftAssignments, shiftTemplates } from "@/lib/db/schema";
import { makeEvent, makeOrgWithOwner, makeUser, type TestOrg } from "@/tools/builders";
import { testDb, useMemoryDatabase } from "../support/db";

vi.mock("@/lib/auth/session", async () => (await import("../support/session")).sessionModule);
import { session, sessionOf } from "../support/session";
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { createShiftTemplateAction, createAssignmentAction, deleteShiftTemplateAction, deleteAssignmentAction } = await import("@/app/admin/schedules/actions");
const { reportView } = await import("@/lib/reports/org-report");

function form(values: Record<string, string | string[]>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) for (const x of Array.isArray(v) ? v : [v]) fd.append(k, x);
  return fd;
}

let org: TestOrg;
let other: TestOrg;
let alice: Awaited<ReturnType<typeof makeUser>>;
let stranger: Awaited<ReturnType<typeof makeUser>>;
const created = new Date("2026-01-01T00:00:00Z");

beforeAll(async () => {
  await useMemoryDatabase();
  // Europe/London, 09:00–17:00 Mon–Fri, grace 5 (defaults). 2–8 March 2026 is Mon–Sun, GMT.
  org = await makeOrgWithOwner({ timezone: "Europe/London", ownerCreatedAt: created });
  other = await makeOrgWithOwner({ timezone: "Europe/London", ownerCreatedAt: created });
  alice = await makeUser(org.id, { name: "Alice", createdAt: created });
  stranger = await makeUser(other.id, { name: "Stranger", createdAt: created });
});

beforeEach(() => {
  session.current = sessionOf(org.owner);
});

const rows = async () => {
  const d = await testDb();
  return { templates: await d.select().from(shiftTemplates), assignments: await d.select().from(shiftAssignments) };
};
const state = {};

describe("shift templates", () => {
  it("refuses end before start and a break longer than the shift, writing nothing", async () => {
    const a = await createShiftTemplateAction(state, form({ name: "Odd", start: "14:00", end: "06:00", unpaidBreakMinutes: "0" }));
    expect(a.ok).toBe(false);
    expect(a.fieldErrors?.end?.[0]).toMatch(/end after it starts/);
    const b = await createShiftTemplateAction(state, form({ name: "Short", start: "09:00", end: "11:00", unpaidBreakMinutes: "120" }));
    expect(b.fieldErrors?.unpaidBreakMinutes).toEqual(["The break must be shorter than the shift"]);
    expect((await rows()).templates).toEqual([]);
  });

  it("creates Early and Night; a second one with the same name is a field error", async () => {
    expect(await createShiftTemplateAction(state, form({ name: "Early", start: "06:00", end: "14:00", unpaidBreakMinutes: "30" }))).toMatchObject({ ok: true });
    expect(await createShiftTemplateAction(state, form({ name: "Night", start: "22:00", end: "06:00", overnight: "on", unpaidBreakMinutes: "60" }))).toMatchObject({ ok: true });
    const dup = await createShiftTemplateAction(state, form({ name: "early", start: "07:00", end: "15:00", unpaidBreakMinutes: "0" }));
    expect(dup.fieldErrors?.name?.[0]).toMatch(/exists already/);
    expect((await rows()).templates.map((t) => t.name).sort()).toEqual(["Early", "Night"]);
  });

  it("an employee cannot create one", async () => {
    const emp = await makeUser(org.id, { name: "Emp", role: "employee", createdAt: created });
    session.current = sessionOf(emp);
    const r = await createShiftTemplateAction(state, form({ name: "Mine", start: "06:00", end: "14:00", unpaidBreakMinutes: "0" }));
    expect(r.ok).toBe(false);
    expect((await rows()).templates).toHaveLength(2);
  });
});

describe("the rota", () => {
  const templateId = async (name: string) => (await rows()).templates.find((t) => t.name === name)!.id;

  it("assigns Early Mon–Wed and Night Fri for the first week of March", async () => {
    const early = await createAssignmentAction(state, form({ userId: alice.id, templateId: await templateId("Early"), weekdays: ["1", "2", "3"], from: "2026-03-02", to: "2026-03-08" }));
    expect(early).toMatchObject({ ok: true });
    const night = await createAssignmentAction(state, form({ userId: alice.id, templateId: await templateId("Night"), weekdays: ["5"], from: "2026-03-02", to: "2026-03-08" }));
    expect(night).toMatchObject({ ok: true });
    const audit = await (await testDb()).select().from(auditLog).where(eq(auditLog.action, "rota.assigned"));
    expect(audit).toHaveLength(2);
  });

  it("refuses an overlap, an end before the start, and other organisations' ids — nothing written", async () => {
    const before = (await rows()).assignments.length;
    const overlap = await createAssignmentAction(state, form({ userId: alice.id, templateId: await templateId("Night"), weekdays: ["3", "4"], from: "2026-03-04", to: "" }));
    expect(overlap.ok).toBe(false);
    expect(overlap.fieldErrors?.from?.[0]).toMatch(/^Overlaps Early on Mon, Tue, Wed from 2026-03-02 to 2026-03-08/);
    const backwards = await createAssignmentAction(state, form({ userId: alice.id, templateId: await templateId("Night"), weekdays: ["6"], from: "2026-03-10", to: "2026-03-09" }));
    expect(backwards.fieldErrors?.to).toEqual(["The end date must not be before the start date"]);
    const theirs = await createAssignmentAction(state, form({ userId: stranger.id, templateId: await templateId("Night"), weekdays: ["6"], from: "2026-03-10", to: "" }));
    expect(theirs.fieldErrors?.userId).toEqual(["No such person in this organisation"]);
    session.current = sessionOf(other.owner);
    const foreignTemplate = await createAssignmentAction(state, form({ userId: stranger.id, templateId: await templateId("Night"), weekdays: ["6"], from: "2026-03-10", to: "" }));
    expect(foreignTemplate.fieldErrors?.templateId).toEqual(["No such shift in this organisation"]);
    const foreignDelete = await deleteShiftTemplateAction({ id: await templateId("Night") });
    expect(foreignDelete.ok).toBe(false);
    expect((await rows()).assignments).toHaveLength(before);
    expect((await rows()).templates).toHaveLength(2);
  });

  it("a template on someone's rota cannot be deleted", async () => {
    const r = await deleteShiftTemplateAction({ id: await templateId("Early") });
    expect(r).toMatchObject({ ok: false, code: "conflict" });
  });

  it("the report judges Alice against her rota, breaks and nights included", async () => {
    const at = (s: string) => new Date(s);
    // Mon 2 (Early 06:00–14:00, 30 unpaid): 06:02 → 14:00 with a punched 12:00–12:15 break:
    // presence 478; unpaid = max(30, 15) = 30 → 448.
    await makeEvent(org.id, alice.id, at("2026-03-02T06:02:00Z"), { kind: "in" });
    await makeEvent(org.id, alice.id, at("2026-03-02T12:00:00Z"), { kind: "break-start" });
    await makeEvent(org.id, alice.id, at("2026-03-02T12:15:00Z"), { kind: "break-end" });
    await makeEvent(org.id, alice.id, at("2026-03-02T14:00:00Z"), { kind: "out" });
    // Tue 3: nothing → absent. Wed 4: 06:20 → late 20; out 14:00 → 460 − 30 = 430.
    await makeEvent(org.id, alice.id, at("2026-03-04T06:20:00Z"), { kind: "in" });
    await makeEvent(org.id, alice.id, at("2026-03-04T14:00:00Z"), { kind: "out" });
    // Thu 5: not on her rota → off. Fri 6 Night 22:00 → Sat 06:00 = 480 − 60 = 420; the check-out is Saturday's clock.
    await makeEvent(org.id, alice.id, at("2026-03-06T22:00:00Z"), { kind: "in" });
    await makeEvent(org.id, alice.id, at("2026-03-07T06:00:00Z"), { kind: "out" });

    const v = await reportView(org.id, { from: "2026-03-02", to: "2026-03-08", personId: alice.id, now: at("2026-03-20T12:00:00Z") });
    const col = (k: string) => v.daily.columns.findIndex((c) => c.key === k);
    const cells = v.daily.rows.map((r) => [r[col("date")], r[col("status")], r[col("hours")], r[col("breakMinutes")], r[col("lateMinutes")], r[col("shift")]]);
    expect(cells).toEqual([
      ["2026-03-02", "Present", "7.47", "15", "0", "Early"],
      ["2026-03-03", "Absent", "", "0", "0", "Early"],
      ["2026-03-04", "Late", "7.17", "0", "20", "Early"],
      ["2026-03-05", "Off", "", "0", "0", ""],
      ["2026-03-06", "Present", "7.00", "0", "0", "Night"],
      ["2026-03-07", "Off", "", "0", "0", ""],
      ["2026-03-08", "Off", "", "0", "0", ""],
    ]);
    // Summary: 448 + 430 + 420 = 1298 min = 21.63 h; 4 shifts, 1 absent; unpaid breaks 30 + 30 + 60.
    const s = v.summary.rows[0]!;
    const scol = (k: string) => s[v.summary.columns.findIndex((c) => c.key === k)];
    expect([scol("workDays"), scol("absentCount"), scol("hours"), scol("breakMinutes"), scol("unpaidBreakMinutes")]).toEqual(["4", "1", "21.63", "15", "120"]);
  });

  it("removing the assignment brings back the organisation's hours", async () => {
    const d = await testDb();
    const night = (await d.select().from(shiftAssignments)).find((a) => a.weekdays.includes(5))!;
    expect(await deleteAssignmentAction({ id: night.id })).toMatchObject({ ok: true });
    const v = await reportView(org.id, { from: "2026-03-05", to: "2026-03-05", personId: alice.id, now: new Date("2026-03-20T12:00:00Z") });
    // Thursday is still inside the Early assignment's range but not on its weekdays: off.
    expect(v.daily.rows[0]![v.daily.columns.findIndex((c) => c.key === "status")]).toBe("Off");
  });
});

describe("employee numbers (payroll)", () => {
  it("are set by an admin, unique in the organisation, and printed on both report sheets", async () => {
    const { setEmployeeNumberAction } = await import("@/app/admin/staff/[id]/employee-number-action");
    const bob = await makeUser(org.id, { name: "Bob", createdAt: created });
    expect(await setEmployeeNumberAction(state, form({ userId: alice.id, employeeNumber: " E-0042 " }))).toMatchObject({ ok: true, message: "Employee number saved." });
    const dup = await setEmployeeNumberAction(state, form({ userId: bob.id, employeeNumber: "E-0042" }));
    expect(dup.fieldErrors?.employeeNumber).toEqual(["Alice has this number already"]);
    expect((await setEmployeeNumberAction(state, form({ userId: bob.id, employeeNumber: "=1+1" }))).fieldErrors?.employeeNumber).toEqual(["Letters, digits and . _ - / only"]);
    // Another organisation's person: refused, nothing written.
    expect((await setEmployeeNumberAction(state, form({ userId: stranger.id, employeeNumber: "X1" }))).ok).toBe(false);
    const v = await reportView(org.id, { from: "2026-03-02", to: "2026-03-02", personId: alice.id, now: new Date("2026-03-20T12:00:00Z") });
    const d = v.daily.rows[0]![v.daily.columns.findIndex((c) => c.key === "employeeNumber")];
    const s = v.summary.rows[0]![v.summary.columns.findIndex((c) => c.key === "employeeNumber")];
    expect([d, s]).toEqual(["E-0042", "E-0042"]);
    const db = await testDb();
    const { users } = await import("@/lib/db/schema");
    expect((await db.select().from(users).where(eq(users.id, stranger.id)))[0]!.employeeNumber).toBeNull();
  });
});
