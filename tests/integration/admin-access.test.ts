// Every admin server action, route and page refuses an employee and a signed-out visitor, and an admin of another
// organisation gets "not found" for this organisation's ids — with nothing changed in the database.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { attendanceEvents, auditLog, corrections, devices, faceTemplates, invites, leaveRequests, leaveTypes, organisations, shiftAssignments, shiftTemplates, users } from "@/lib/db/schema";
import { errorMessages } from "@/lib/errors";
import { makeDevice, makeEvent, makeOrgWithOwner, makeUser, type TestOrg } from "@/tools/builders";
import { testDb, useMemoryDatabase } from "../support/db";

vi.mock("@/lib/auth/session", async () => (await import("../support/session")).sessionModule);
import { session, sessionOf } from "../support/session";
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
// The layout's sign-out button pulls in next-auth's Next integration, which does not load outside Next.
vi.mock("@/app/_components/sign-out-button", () => ({ SignOutButton: () => null }));

process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";
const root = path.resolve(import.meta.dirname, "../..");

/** Every actions.ts under app/admin (so that a new action file is covered without editing this test). */
function actionFiles(dir = path.join(root, "app/admin")): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...actionFiles(p));
    else if (name === "actions.ts") out.push(p);
  }
  return out.sort();
}

type AnyAction = ((input: unknown) => Promise<{ ok: boolean; code?: string; error?: string }>) | ((prev: unknown, fd: FormData) => Promise<{ ok?: boolean; error?: string }>);

let A: TestOrg; // the organisation under attack
let B: TestOrg; // another organisation
let employee: Awaited<ReturnType<typeof makeUser>>;
let adminB: Awaited<ReturnType<typeof makeUser>>;
let ids: { user: string; event: string; flagged: string; device: string; pendingDevice: string; blobKey: string; invite: string; leaveType: string; leaveRequest: string; shift: string };
let kioskJwk: JsonWebKey;

/** Valid input for every action field we know, pointing at organisation A's rows. */
function inputFor(): Record<string, string | string[]> {
  return {
    userId: ids.user,
    eventId: ids.flagged,
    deviceId: ids.pendingDevice,
    status: "deactivated",
    role: "admin",
    name: "Renamed",
    date: "2026-03-03",
    time: "10:00",
    kind: "out",
    reason: "An attack",
    inviteId: ids.invite,
    email: "intruder@example.test",
    // leave and schedules (A's rows: another organisation's admin gets not-found)
    id: ids.leaveRequest,
    typeId: ids.leaveType,
    templateId: ids.shift,
    from: "2026-03-16",
    to: "2026-03-17",
    half: "",
    note: "",
    decision: "approve",
    weekdays: ["1", "2"],
    // settings forms
    timezone: "UTC",
    workDays: ["1", "2"],
    shiftStart: "08:00",
    shiftEnd: "16:00",
    graceMinutes: "1",
    matchThreshold: "0.4",
    antispoofThreshold: "0.6",
    matchMargin: "0.1",
    livenessSteps: ["blink", "turn-left"],
    cropRetentionDays: "1",
    templateRetentionDays: "1",
  };
}

/** Structured actions also get a device key (kiosk registration). */
function structuredInput(): Record<string, unknown> {
  return { ...inputFor(), publicKeyJwk: kioskJwk };
}

function formOf(input: Record<string, string | string[]>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(input)) for (const x of Array.isArray(v) ? v : [v]) fd.append(k, x);
  return fd;
}

async function call(fn: AnyAction, input: Record<string, string | string[]>) {
  if (fn.length >= 2) {
    const r = await (fn as (p: unknown, fd: FormData) => Promise<{ ok?: boolean; error?: string; fieldErrors?: Record<string, string[]> }>)({}, formOf(input));
    return { ok: !!r.ok, error: r.error, code: undefined as string | undefined, fieldErrors: r.fieldErrors };
  }
  const r = await (fn as (i: unknown) => Promise<{ ok: boolean; code?: string; error?: string }>)({ ...structuredInput(), ...input });
  return { ok: r.ok, error: r.error, code: r.code, fieldErrors: undefined as Record<string, string[]> | undefined };
}

/** Form fields that name another row by id: a foreign id there is a field error ("Unknown …"), as issue 16 asks. */
const ID_FIELDS = ["typeId", "templateId", "userId", "id"];

/**
 * Every row of every table an admin can change, as JSON, compared before and after each attack: all
 * organisations' rows, or (`orgId`) only that organisation's.
 */
async function snapshot(orgId?: string): Promise<string> {
  const d = await testDb();
  const all = await Promise.all([organisations, users, devices, attendanceEvents, corrections, auditLog, faceTemplates, invites].map((t) => d.select().from(t)));
  const mine = (r: object) => !orgId || (r as { orgId?: string }).orgId === orgId || (r as { id?: string }).id === orgId;
  return JSON.stringify(all.map((rows) => rows.filter(mine).sort((a, b) => ((a as { id: string }).id < (b as { id: string }).id ? -1 : 1))));
}

/** Actions that only ever act on the caller's own organisation (no ids of other rows in their input). */
const OWN_ORG_ONLY = new Set([
  "updateRulesAction",
  "updateRecognitionAction",
  "updateRetentionAction",
  "inviteMemberAction",
  "registerKioskAction",
  "markAllReviewedAction",
  // Time and attendance: organisation-wide calendars and templates, created in (or removed from) the caller's own.
  "createHolidayAction",
  "deleteHolidayAction",
  "createLeaveTypeAction",
  "createShiftTemplateAction",
]);

const actions: { file: string; name: string; fn: AnyAction }[] = [];

beforeAll(async () => {
  await useMemoryDatabase();
  A = await makeOrgWithOwner({ name: "Acme" });
  B = await makeOrgWithOwner({ name: "Beta" });
  employee = await makeUser(A.id, { name: "Eve Employee" });
  adminB = await makeUser(B.id, { name: "Bob Admin", role: "admin" });
  const victim = await makeUser(A.id, { name: "Vic" });
  const dev = await makeDevice(A.id, victim.id, { approved: true });
  const pending = await makeDevice(A.id, victim.id, { name: "New laptop" });
  const ev = await makeEvent(A.id, victim.id, "2026-03-03T09:00:00Z");
  const blobKey = `${A.id}/crops/${"0".repeat(8)}-0000-4000-8000-${"0".repeat(12)}.jpg`;
  const flagged = await makeEvent(A.id, victim.id, "2026-03-03T09:05:00Z", { decision: "flagged", reason: "low-margin", blobKey });
  const d = await testDb();
  const [inv] = await d
    .insert(invites)
    .values({ orgId: A.id, email: "new@acme.test", name: "New Hire", tokenHash: "0".repeat(64), expiresAt: new Date(Date.now() + 86_400_000) })
    .returning();
  // Time and attendance rows of A's that the leave and schedule actions refer to by id.
  const [lt] = await d.insert(leaveTypes).values({ orgId: A.id, name: "Annual", category: "paid" }).returning();
  const [lr] = await d.insert(leaveRequests).values({ orgId: A.id, userId: victim.id, typeId: lt!.id, from: "2026-03-09", to: "2026-03-10" }).returning();
  const [st] = await d.insert(shiftTemplates).values({ orgId: A.id, name: "Early", start: "06:00", end: "14:00" }).returning();
  await d.insert(shiftAssignments).values({ orgId: A.id, userId: victim.id, templateId: st!.id, weekdays: [1, 2, 3], validFrom: "2026-03-02" });
  ids = { user: victim.id, event: ev.id, flagged: flagged.id, device: dev.id, pendingDevice: pending.id, blobKey, invite: inv!.id, leaveType: lt!.id, leaveRequest: lr!.id, shift: st!.id };
  const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
  kioskJwk = await crypto.subtle.exportKey("jwk", pair.publicKey);
  for (const file of actionFiles()) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const [name, fn] of Object.entries(mod)) if (typeof fn === "function") actions.push({ file: path.relative(root, file), name, fn: fn as AnyAction });
  }
});

beforeEach(() => {
  session.current = null;
});

describe("admin server actions", () => {
  it("finds the admin actions", () => {
    const names = actions.map((a) => a.name);
    for (const n of [
      "markReviewedAction",
      "markAllReviewedAction",
      "setMemberStatusAction",
      "changeRoleAction",
      "addEventAction",
      "editEventAction",
      "voidEventAction",
      "renameDeviceAction",
      "approveDeviceAction",
      "revokeDeviceAction",
      "registerKioskAction",
      "inviteMemberAction",
      "revokeInviteAction",
      "resetEnrolmentAction",
      "releaseHoldAction",
      "deleteBiometricsAction",
    ])
      expect(names).toContain(n);
  });

  it("refuses a signed-out visitor, changing nothing", async () => {
    const before = await snapshot();
    for (const a of actions) {
      const r = await call(a.fn, inputFor());
      expect(r.ok, `${a.file} ${a.name}`).toBe(false);
      expect(r.error, `${a.file} ${a.name}`).toBe(errorMessages.unauthenticated);
    }
    expect(await snapshot()).toBe(before);
  });

  it("refuses an employee of the organisation, changing nothing", async () => {
    session.current = sessionOf(employee);
    const before = await snapshot();
    for (const a of actions) {
      const r = await call(a.fn, inputFor());
      expect(r.ok, `${a.file} ${a.name}`).toBe(false);
      expect(r.error, `${a.file} ${a.name}`).toBe(errorMessages.forbidden);
    }
    expect(await snapshot()).toBe(before);
  });

  it("refuses a session whose user was deactivated since signing in", async () => {
    const gone = await makeUser(A.id, { role: "admin", status: "deactivated", deactivatedAt: new Date() });
    session.current = sessionOf(gone);
    for (const a of actions) expect((await call(a.fn, inputFor())).ok, a.name).toBe(false);
  });

  it("gives another organisation's admin not-found for this organisation's ids, changing nothing there", async () => {
    session.current = sessionOf(adminB);
    const before = await snapshot(A.id);
    for (const a of actions) {
      for (const [eventId, deviceId] of [
        [ids.event, ids.device],
        [ids.flagged, ids.pendingDevice],
      ]) {
        const r = await call(a.fn, { ...inputFor(), eventId: eventId!, deviceId: deviceId! });
        if (OWN_ORG_ONLY.has(a.name)) continue; // acts on B only: A's snapshot below proves it
        expect(r.ok, `${a.file} ${a.name}`).toBe(false);
        // Structured actions carry the typed code; form actions only the message.
        if (r.code !== undefined) expect(r.code, `${a.file} ${a.name}: ${r.error}`).toBe("not-found");
        else if (r.fieldErrors && ID_FIELDS.some((f) => r.fieldErrors![f]?.length))
          expect(Object.keys(r.fieldErrors).every((f) => ID_FIELDS.includes(f)), `${a.file} ${a.name}: ${JSON.stringify(r.fieldErrors)}`).toBe(true);
        else expect(r.error, `${a.file} ${a.name}`).toMatch(/does not exist|no such (person|leave request|shift|assignment)/i);
      }
    }
    expect(await snapshot(A.id)).toBe(before);
  });
});

describe("admin routes", () => {
  const exportReq = (format: string, extra = "") =>
    new Request(`http://localhost/api/reports/${format}?from=2026-03-01&to=2026-03-31${extra}`);

  async function routes() {
    const reports = await import("@/app/api/reports/[format]/route");
    const feed = await import("@/app/api/admin/check-ins/route");
    const blob = await import("@/app/api/blob/[...key]/route");
    return [
      ...["csv", "xlsx", "pdf"].map((format) => ({ name: `reports ${format}`, run: () => reports.GET(exportReq(format), { params: Promise.resolve({ format }) }) })),
      { name: "check-ins feed", run: () => feed.GET(new Request("http://localhost/api/admin/check-ins"), { params: Promise.resolve({}) }) },
      { name: "blob", run: () => blob.GET(new Request(`http://localhost/api/blob/${ids.blobKey}`), { params: Promise.resolve({ key: ids.blobKey.split("/") }) }) },
    ];
  }

  it("answers 401 to a signed-out visitor", async () => {
    for (const r of await routes()) expect((await r.run()).status, r.name).toBe(401);
  });

  it("answers 403 to an employee", async () => {
    session.current = sessionOf(employee);
    for (const r of await routes()) expect((await r.run()).status, r.name).toBe(403);
  });

  it("never shows another organisation's data", async () => {
    session.current = sessionOf(adminB);
    const reports = await import("@/app/api/reports/[format]/route");
    const person = await reports.GET(exportReq("csv", `&person=${ids.user}`), { params: Promise.resolve({ format: "csv" }) });
    expect(person.status).toBe(404);
    const all = await reports.GET(exportReq("csv"), { params: Promise.resolve({ format: "csv" }) });
    expect(all.status).toBe(200);
    const text = await all.text();
    expect(text).not.toContain("Vic");
    expect(text).not.toContain("Eve");
    const feed = await import("@/app/api/admin/check-ins/route");
    const body = (await (await feed.GET(new Request("http://localhost/api/admin/check-ins"), { params: Promise.resolve({}) })).json()) as { events: unknown[]; pendingReview: number };
    expect(body).toMatchObject({ events: [], pendingReview: 0 });
    const blob = await import("@/app/api/blob/[...key]/route");
    expect((await blob.GET(new Request("http://localhost/x"), { params: Promise.resolve({ key: ids.blobKey.split("/") }) })).status).toBe(404);
  });

  it("refuses the retention cron without the secret", async () => {
    const cron = await import("@/app/api/cron/retention/route");
    process.env.CRON_SECRET = "s".repeat(32);
    session.current = sessionOf(A.owner); // an admin session is no substitute for the secret
    expect((await cron.GET(new Request("http://localhost/api/cron/retention"))).status).toBe(401);
    expect((await cron.GET(new Request("http://localhost/api/cron/retention", { headers: { authorization: `Bearer ${"s".repeat(31)}x` } }))).status).toBe(401);
  });
});

describe("admin pages", () => {
  const pages = [
    ["app/admin/layout.tsx", {}],
    ["app/admin/page.tsx", {}],
    ["app/admin/staff/page.tsx", { searchParams: Promise.resolve({}) }],
    ["app/admin/staff/[id]/page.tsx", { params: Promise.resolve({ id: "00000000-0000-4000-8000-000000000000" }), searchParams: Promise.resolve({}) }],
    ["app/admin/devices/page.tsx", {}],
    ["app/admin/reports/page.tsx", { searchParams: Promise.resolve({}) }],
    ["app/admin/settings/page.tsx", {}],
    ["app/admin/audit/page.tsx", { searchParams: Promise.resolve({}) }],
    ["app/admin/periods/page.tsx", { searchParams: Promise.resolve({}) }],
    ["app/admin/requests/page.tsx", {}],
  ] as const;

  async function digestOf(file: string, props: object): Promise<string> {
    const mod = (await import(path.join(root, file))) as { default: (p: object) => Promise<unknown> };
    try {
      await mod.default({ children: null, ...props });
      return "rendered";
    } catch (e) {
      return String((e as { digest?: string }).digest ?? e);
    }
  }

  it("send a signed-out visitor to sign-in", async () => {
    for (const [file, props] of pages) expect(await digestOf(file, props), file).toMatch(/^NEXT_REDIRECT;.*\/sign-in\?callbackUrl=/);
  });

  it("are forbidden to an employee", async () => {
    session.current = sessionOf(employee);
    for (const [file, props] of pages) expect(await digestOf(file, props), file).toBe("NEXT_HTTP_ERROR_FALLBACK;403");
  });

  it("give another organisation's admin not-found for a person of this organisation", async () => {
    session.current = sessionOf(adminB);
    const [file, props] = pages[3];
    expect(await digestOf(file, { ...props, params: Promise.resolve({ id: ids.user }) })).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
  });
});
