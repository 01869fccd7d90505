// Reminders and digests by e-mail on PGlite: a missed check-out reminder after the shift's end (once), leave
// decisions to the employee, the admins' digest of the previous work day, the /me opt-out, a failed send retried,
// and the cron route protected like the retention route (it writes to the dev outbox).
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { kioskIdentifications, leaveRequests, leaveTypes, notificationsSent, users } from "@/lib/db/schema";
import type { Mail } from "@/lib/mail";
import { makeDevice, makeEvent, makeOrgWithOwner, makeUser, type TestOrg } from "@/tools/builders";
import { testDb, useMemoryDatabase } from "../support/db";

vi.mock("@/lib/auth/session", async () => (await import("../support/session")).sessionModule);
import { session, sessionOf } from "../support/session";
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const SECRET = "notifications-secret-0123456789";
process.env.CRON_SECRET = SECRET;
process.env.CLOCKFACE_OUTBOX = path.join(mkdtempSync(path.join(os.tmpdir(), "clockface-mail-")), "outbox.jsonl");

const { runNotifications } = await import("@/lib/notifications/run");
const { GET } = await import("@/app/api/cron/notifications/route");
const { setEmailRemindersAction } = await import("@/app/me/actions");

const joined = new Date("2026-01-01T00:00:00Z");
let org: TestOrg;
let other: TestOrg;
const ids: Record<string, string> = {};

/** A run at `iso` whose mails are collected instead of sent. */
async function runAt(iso: string, fail = false) {
  const mails: Mail[] = [];
  const results = await runNotifications({
    now: new Date(iso),
    send: async (m) => {
      if (fail) throw new Error("smtp down");
      mails.push(m);
      return "outbox";
    },
  });
  return { mails, result: results.find((r) => r.orgId === org.id)! };
}
const to = (mails: Mail[], name: string) => mails.filter((m) => m.to === `${name.toLowerCase()}@notify.test`);

beforeAll(async () => {
  await useMemoryDatabase();
  org = await makeOrgWithOwner({ timezone: "Europe/London", ownerCreatedAt: joined });
  other = await makeOrgWithOwner({ timezone: "Europe/London", ownerCreatedAt: joined });
  const d = await testDb();
  // The owners of both organisations never punch: they turn e-mails off so the lists below stay about staff.
  await d.update(users).set({ emailReminders: false }).where(eq(users.id, org.owner.id));
  await d.update(users).set({ emailReminders: false }).where(eq(users.id, other.owner.id));
  for (const [name, role] of [["Ada", "admin"], ["Ann", "employee"], ["Ben", "employee"], ["Cat", "employee"], ["Dan", "employee"]] as const)
    ids[name] = (await makeUser(org.id, { name, email: `${name.toLowerCase()}@notify.test`, role, createdAt: joined })).id;
  ids.Zed = (await makeUser(other.id, { name: "Zed", email: "zed@notify.test", createdAt: joined })).id;
  await d.update(users).set({ emailReminders: false }).where(eq(users.id, ids.Ben!));
  // Monday 2 March 2026, London on GMT, the organisation's shift 09:00–17:00.
  await makeEvent(org.id, ids.Ann!, "2026-03-02T08:58:00Z", { kind: "in" }); // never checks out
  await makeEvent(org.id, ids.Ben!, "2026-03-02T08:55:00Z", { kind: "in" }); // never checks out, reminders off
  await makeEvent(org.id, ids.Cat!, "2026-03-02T09:20:00Z", { kind: "in" }); // late, checks out
  await makeEvent(org.id, ids.Cat!, "2026-03-02T17:05:00Z", { kind: "out" });
  await makeEvent(other.id, ids.Zed!, "2026-03-02T08:00:00Z", { kind: "in" }); // another organisation's
  // Ann's leave approved by Ada on Monday; Dan's request waits.
  const [type] = await d.insert(leaveTypes).values({ orgId: org.id, name: "Holiday", category: "paid", allowanceDays: 25 }).returning();
  await d.insert(leaveRequests).values([
    { orgId: org.id, userId: ids.Ann!, typeId: type!.id, from: "2026-03-16", to: "2026-03-18", status: "approved", decidedBy: ids.Ada!, decidedAt: new Date("2026-03-02T10:00:00Z"), createdBy: ids.Ann! },
    { orgId: org.id, userId: ids.Dan!, typeId: type!.id, from: "2026-03-20", to: "2026-03-20", status: "pending", createdBy: ids.Dan! },
  ]);
});

describe("the notifications run", () => {
  it("sends nothing about Monday's check-outs before 17:30, then reminds Ann (not Ben, who turned them off)", async () => {
    const early = await runAt("2026-03-02T17:29:00Z");
    expect(to(early.mails, "Ann").map((m) => m.subject)).toEqual(["Your leave was approved: Holiday, 2026-03-16 to 2026-03-18"]);
    const { mails, result } = await runAt("2026-03-02T17:45:00Z");
    const ours = mails.filter((m) => m.to !== "zed@notify.test");
    expect(ours.map((m) => [m.to, m.subject])).toEqual([["ann@notify.test", "Did you forget to check out?"]]);
    expect(ours[0]!.text).toContain("Your shift ended at 17:00, and you are still checked in. You checked in at 08:58.");
    expect(result.sent).toEqual({ "missed-checkout": 1, "leave-decision": 0, "daily-digest": 0 });
    // Zed (another organisation, in since 08:00) gets his own reminder, which names nobody of this organisation.
    const zed = to(mails, "Zed");
    expect(zed.map((m) => m.subject)).toEqual(["Did you forget to check out?"]);
    expect(zed[0]!.text).toMatch(/^Hello Zed,/);
  });

  it("sends each mail once, however often it runs", async () => {
    const { mails } = await runAt("2026-03-02T18:45:00Z");
    expect(to(mails, "Ann")).toEqual([]);
    const d = await testDb();
    const rows = await d.select().from(notificationsSent).where(eq(notificationsSent.userId, ids.Ann!));
    expect(rows.map((r) => r.kind).sort()).toEqual(["leave-decision", "missed-checkout"]);
    expect(rows.find((r) => r.kind === "missed-checkout")!.key).toBe("2026-03-02");
  });

  it("sends the admins the digest of Monday from 07:00 on Tuesday", async () => {
    expect(to((await runAt("2026-03-03T06:59:00Z")).mails, "Ada")).toEqual([]);
    const { mails } = await runAt("2026-03-03T07:00:00Z");
    const [digest, ...more] = to(mails, "Ada");
    expect(more).toEqual([]);
    expect(digest!.subject).toMatch(/^Attendance digest for 2026-03-02: 1 late, \d+ absent, 2 to check$/);
    expect(digest!.text).toContain("Late: Cat (20 min)");
    expect(digest!.text).toMatch(/Absent: .*Dan/);
    expect(digest!.text).toContain("Needs a look: Ann (no check-out), Ben (no check-out)");
    expect(digest!.text).toContain("Requests waiting for a decision: 1 leave request, 0 correction requests");
    // Employees get no digest.
    expect(mails.filter((m) => m.subject.startsWith("Attendance digest")).map((m) => m.to)).toEqual(["ada@notify.test"]);
  });

  it("gives a mail back when sending fails, and sends it on the next run", async () => {
    const d = await testDb();
    await makeEvent(org.id, ids.Dan!, "2026-03-04T09:00:00Z", { kind: "in" });
    const failed = await runAt("2026-03-04T18:00:00Z", true);
    expect(failed.result.unsent).toBeGreaterThanOrEqual(1);
    expect(await d.select().from(notificationsSent).where(eq(notificationsSent.key, "2026-03-04"))).toEqual([]);
    const { mails } = await runAt("2026-03-04T18:05:00Z");
    expect(to(mails, "Dan").map((m) => m.subject)).toEqual(["Did you forget to check out?"]);
  });
});

describe("unanswered kiosk scans", () => {
  it("are deleted with their photo by the hourly run once expired; a live one stays", async () => {
    const d = await testDb();
    const kiosk = await makeDevice(org.id, null, { kind: "kiosk", name: "Door", approved: true });
    const scan = (expiresAt: Date) => ({ orgId: org.id, deviceId: kiosk.id, userId: ids.Ann!, evidence: {}, cropJpeg: "/9j/4AAQ", expiresAt });
    const [gone] = await d.insert(kioskIdentifications).values(scan(new Date(Date.now() - 1000))).returning();
    const [live] = await d.insert(kioskIdentifications).values(scan(new Date(Date.now() + 60_000))).returning();
    // The run's clock is the last one above (it sends nothing new); a scan's expiry is the database's own now().
    const { mails } = await runAt("2026-03-04T18:05:00Z");
    expect(mails).toEqual([]);
    const left = (await d.select({ id: kioskIdentifications.id }).from(kioskIdentifications).where(eq(kioskIdentifications.orgId, org.id))).map((r) => r.id);
    expect(left).toContain(live!.id);
    expect(left).not.toContain(gone!.id);
  });
});

describe("the e-mail choice on /me", () => {
  it("turns the person's own reminders off and on, and the run respects it", async () => {
    const d = await testDb();
    const ann = (await d.select().from(users).where(eq(users.id, ids.Ann!)))[0]!;
    session.current = sessionOf(ann);
    const off = await setEmailRemindersAction({}, new FormData());
    expect(off).toMatchObject({ ok: true, message: "E-mail reminders are off." });
    expect((await d.select().from(users).where(eq(users.id, ids.Ann!)))[0]!.emailReminders).toBe(false);
    await makeEvent(org.id, ids.Ann!, "2026-03-05T09:00:00Z", { kind: "in" });
    expect(to((await runAt("2026-03-05T18:00:00Z")).mails, "Ann")).toEqual([]);
    const fd = new FormData();
    fd.set("emailReminders", "on");
    expect(await setEmailRemindersAction({}, fd)).toMatchObject({ ok: true, message: "E-mail reminders are on." });
    expect(to((await runAt("2026-03-05T18:10:00Z")).mails, "Ann").map((m) => m.subject)).toEqual(["Did you forget to check out?"]);
    // Nobody else's choice changed.
    expect((await d.select().from(users).where(eq(users.id, ids.Ben!)))[0]!.emailReminders).toBe(false);
  });

  it("needs a session", async () => {
    session.current = null;
    expect(await setEmailRemindersAction({}, new FormData())).toMatchObject({ ok: false });
  });
});

describe("the cron route", () => {
  const call = (auth?: string) => GET(new Request("http://localhost/api/cron/notifications", auth === undefined ? {} : { headers: { authorization: auth } }));

  it("refuses a missing or wrong secret and sends nothing", async () => {
    const d = await testDb();
    const before = (await d.select().from(notificationsSent)).length;
    expect((await call()).status).toBe(401);
    expect((await call("Bearer not-the-secret-at-all")).status).toBe(401);
    expect((await d.select().from(notificationsSent)).length).toBe(before);
  });

  it("runs with the secret and writes to the dev outbox", async () => {
    const res = await call(`Bearer ${SECRET}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; organisations: number };
    expect(body).toMatchObject({ ok: true, organisations: 2, failed: 0 });
  });
});
