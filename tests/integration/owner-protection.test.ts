// Owners are protected: every server action that takes a person's id (a user, one of their attendance events or
// devices) and acts on someone else's record is found by looking at its declared schema, then called by an admin
// against an owner's record — refused, with nothing changed in the database — and against an employee's record,
// where the owner rule does not apply.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { attendanceEvents, auditLog, corrections, devices, faceTemplates, users } from "@/lib/db/schema";
import { makeDevice, makeEvent, makeOrgWithOwner, makeTemplates, makeUser, type TestOrg } from "@/tools/builders";
import { testDb, useMemoryDatabase } from "../support/db";

vi.mock("@/lib/auth/session", async () => (await import("../support/session")).sessionModule);
import { session, sessionOf } from "../support/session";
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { actionMeta } = await import("@/lib/auth/action");
const { OWNER_PROTECTED } = await import("@/lib/auth/guard");
const root = path.resolve(import.meta.dirname, "../..");
const PERSON_IDS = ["userId", "eventId", "deviceId"] as const;

/** Every actions.ts under app/ (a new action file is covered without editing this test). */
function actionFiles(dir = path.join(root, "app")): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...actionFiles(p));
    else if (name === "actions.ts") out.push(p);
  }
  return out.sort();
}

interface Found {
  name: string;
  fn: (...args: unknown[]) => Promise<{ ok?: boolean; code?: string; error?: string }>;
  kind: "action" | "form";
  hasTarget: boolean;
}

/** The person ids an input schema requires: the keys an empty input is refused for. */
function personIdsOf(schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[] }[] } } }): string[] {
  const r = schema.safeParse({});
  const keys = new Set((r.error?.issues ?? []).map((i) => String(i.path[0])));
  return PERSON_IDS.filter((k) => keys.has(k));
}

let org: TestOrg;
let admin: Awaited<ReturnType<typeof makeUser>>;
let employee: Awaited<ReturnType<typeof makeUser>>;
const found: Found[] = [];

interface Rows {
  userId: string;
  eventId: string;
  deviceId: string;
}
let ownerRows: Rows;
let employeeRows: Rows;

async function rowsOf(userId: string): Promise<Rows> {
  await makeTemplates(org.id, userId, { count: 2 });
  const ev = await makeEvent(org.id, userId, "2026-03-03T09:05:00Z", { decision: "flagged", reason: "low-margin" });
  const dev = await makeDevice(org.id, userId, { name: "Laptop" });
  return { userId, eventId: ev.id, deviceId: dev.id };
}

function inputFor(rows: Rows): Record<string, string> {
  return {
    ...rows,
    role: "employee",
    status: "deactivated",
    name: "Renamed",
    date: "2026-03-03",
    time: "10:00",
    kind: "out",
    reason: "An admin's change",
    // leave (recordLeaveAction): the owner rule runs before the leave type is looked up
    typeId: "00000000-0000-4000-8000-000000000000",
    from: "2026-03-03",
    to: "2026-03-03",
    // shift assignment (createAssignmentAction)
    templateId: "00000000-0000-4000-8000-000000000000",
    weekdays: "1",
  };
}

async function call(a: Found, input: Record<string, string>) {
  if (a.kind === "form") {
    const fd = new FormData();
    for (const [k, v] of Object.entries(input)) fd.append(k, v);
    return a.fn({}, fd);
  }
  return a.fn(input);
}

async function snapshot(): Promise<string> {
  const d = await testDb();
  const all = await Promise.all([users, devices, attendanceEvents, corrections, auditLog, faceTemplates].map((t) => d.select().from(t)));
  return JSON.stringify(all.map((rows) => rows.map((r) => JSON.stringify(r)).sort()));
}

beforeAll(async () => {
  await useMemoryDatabase();
  org = await makeOrgWithOwner({ name: "Acme" });
  admin = await makeUser(org.id, { name: "Ada Admin", role: "admin" });
  employee = await makeUser(org.id, { name: "Emil Employee", enrolment: "held" });
  const d = await testDb();
  const { eq } = await import("drizzle-orm");
  await d.update(users).set({ enrolment: "held" }).where(eq(users.id, org.owner.id));
  ownerRows = await rowsOf(org.owner.id);
  employeeRows = await rowsOf(employee.id);
  for (const file of actionFiles()) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const [name, fn] of Object.entries(mod)) {
      const meta = actionMeta(fn);
      if (!meta || meta.roles === "public" || meta.roles.includes("employee")) continue; // acts on the caller's own record
      if (personIdsOf(meta.schema as never).length === 0) continue;
      found.push({ name, fn: fn as Found["fn"], kind: meta.kind, hasTarget: !!meta.target });
    }
  }
});

describe("owner protection", () => {
  it("finds every admin action that takes a person's id", () => {
    const names = found.map((a) => a.name);
    for (const n of ["addEventAction", "editEventAction", "voidEventAction", "markReviewedAction", "deleteBiometricsAction", "resetEnrolmentAction", "releaseHoldAction", "setMemberStatusAction", "changeRoleAction", "approveDeviceAction", "revokeDeviceAction", "renameDeviceAction"])
      expect(names).toContain(n);
  });

  it("each declares the person it acts on", () => {
    for (const a of found) expect(a.hasTarget, `${a.name} declares no target: add target to its action()`).toBe(true);
  });

  it("refuses an admin acting on an owner's record, changing nothing", async () => {
    session.current = sessionOf(admin);
    const before = await snapshot();
    for (const a of found) {
      const r = await call(a, inputFor(ownerRows));
      expect(r.ok, a.name).toBe(false);
      expect(r.error, a.name).toBe(OWNER_PROTECTED);
      if (a.kind === "action") expect(r.code, a.name).toBe("forbidden");
    }
    expect(await snapshot()).toBe(before);
  });

  it("does not apply the owner rule to an admin acting on an employee's record", async () => {
    session.current = sessionOf(admin);
    for (const a of found) {
      const r = await call(a, inputFor(employeeRows));
      expect(r.error, a.name).not.toBe(OWNER_PROTECTED);
    }
  });
});

describe("marking every attempt reviewed", () => {
  it("leaves an owner's attempts to an owner", async () => {
    const { markAllReviewedAction } = await import("@/app/admin/actions");
    const { eventById } = await import("../support/lookups");
    const ownerEv = await makeEvent(org.id, org.owner.id, "2026-03-04T09:05:00Z", { decision: "rejected", reason: "no-match" });
    const empEv = await makeEvent(org.id, employee.id, "2026-03-04T09:06:00Z", { decision: "rejected", reason: "no-match" });
    session.current = sessionOf(admin);
    expect(await markAllReviewedAction({})).toMatchObject({ ok: true });
    expect((await eventById(empEv.id))!.reviewedAt).not.toBeNull();
    expect((await eventById(ownerEv.id))!.reviewedAt).toBeNull();
    session.current = sessionOf(org.owner);
    expect(await markAllReviewedAction({})).toMatchObject({ ok: true });
    expect((await eventById(ownerEv.id))!.reviewedAt).not.toBeNull();
  });
});
