// The retention cron: refuses a wrong or missing secret; deletes only crops older than each organisation's
// cropRetentionDays — rejected attempts' and accepted punches' photos alike (blob gone, key cleared, event kept) and templates of people deactivated longer than
// templateRetentionDays; audits each organisation's run.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog, faceTemplates } from "@/lib/db/schema";
import { eventById, userById } from "../support/lookups";
import { makeEvent, makeOrgWithOwner, makeTemplates, makeUser, type TestOrg } from "@/tools/builders";
import { testDb, useMemoryDatabase } from "../support/db";

vi.mock("@/lib/auth/session", async () => (await import("../support/session")).sessionModule);

const blobDir = mkdtempSync(path.join(os.tmpdir(), "clockface-retention-"));
process.env.BLOB_DIR = blobDir;
delete process.env.BLOB_READ_WRITE_TOKEN;
const SECRET = "retention-secret-0123456789abcdef";
process.env.CRON_SECRET = SECRET;

const { GET, POST } = await import("@/app/api/cron/retention/route");
const { newObjectKey, objectStore } = await import("@/lib/storage");
const { readAll } = await import("@/lib/storage/disk");

const DAY = 86_400_000;
const ago = (days: number, extraMs = 0) => new Date(Date.now() - days * DAY - extraMs);

const cron = (auth?: string) => new Request("http://localhost/api/cron/retention", auth === undefined ? {} : { headers: { authorization: auth } });

let A: TestOrg; // crops kept 30 days, templates 7 days
let B: TestOrg; // crops kept 365 days, templates 90 days
const seeded: Record<string, { eventId: string; key: string }> = {};
const people: Record<string, string> = {};

/** A rejected attempt's crop (kept for review), or with `punch` an accepted punch's photo (kept with the record). */
async function cropEvent(org: TestOrg, userId: string, label: string, at: Date, punch = false) {
  const key = newObjectKey(org.id, punch ? "checkins" : "crops");
  await objectStore().put(key, new Uint8Array([0xff, 0xd8, 0xff, label.length]), "image/jpeg");
  const ev = await makeEvent(org.id, userId, at, punch ? { kind: "in", decision: "accepted", blobKey: key } : { decision: "rejected", reason: "no-match", blobKey: key });
  seeded[label] = { eventId: ev.id, key };
}

beforeAll(async () => {
  await useMemoryDatabase();
  A = await makeOrgWithOwner({ settings: { cropRetentionDays: 30, templateRetentionDays: 7 } });
  B = await makeOrgWithOwner({ settings: { cropRetentionDays: 365, templateRetentionDays: 90 } });
  const a1 = await makeUser(A.id);
  const b1 = await makeUser(B.id);
  await cropEvent(A, a1.id, "A-old", ago(31));
  await cropEvent(A, a1.id, "A-edge", ago(29, 0)); // inside the 30 days
  await cropEvent(A, a1.id, "A-new", ago(1));
  await cropEvent(A, a1.id, "A-old-punch", ago(31), true);
  await cropEvent(A, a1.id, "A-new-punch", ago(2), true);
  await cropEvent(B, b1.id, "B-old-for-A", ago(31)); // 31 days is young for B
  await cropEvent(B, b1.id, "B-old", ago(400));

  const mk = async (org: TestOrg, label: string, o: Parameters<typeof makeUser>[1]) => {
    const u = await makeUser(org.id, { enrolment: "enrolled", ...o });
    await makeTemplates(org.id, u.id, { count: 3 });
    people[label] = u.id;
  };
  await mk(A, "A-gone-long", { status: "deactivated", deactivatedAt: ago(8) });
  await mk(A, "A-gone-recent", { status: "deactivated", deactivatedAt: ago(6) });
  await mk(A, "A-active", {});
  await mk(B, "B-gone-30", { status: "deactivated", deactivatedAt: ago(30) });
});

afterAll(() => rmSync(blobDir, { recursive: true, force: true }));

async function templatesOf(userId: string) {
  const d = await testDb();
  return (await d.select().from(faceTemplates).where(eq(faceTemplates.userId, userId))).length;
}

describe("retention cron", () => {
  it("refuses a missing, wrong or malformed secret, deleting nothing", async () => {
    for (const auth of [undefined, "", `Bearer ${SECRET}x`, `Bearer ${SECRET.slice(0, -1)}`, SECRET, `Basic ${SECRET}`, "Bearer "]) {
      expect((await GET(cron(auth))).status, String(auth)).toBe(401);
    }
    expect((await POST(cron("Bearer nope"))).status).toBe(401);
    expect(await readAll(objectStore(), seeded["A-old"]!.key)).not.toBeNull();
    expect(await templatesOf(people["A-gone-long"]!)).toBe(3);
  });

  it("refuses everyone when no secret is configured", async () => {
    const saved = process.env.CRON_SECRET;
    delete process.env.CRON_SECRET;
    try {
      expect((await GET(cron("Bearer "))).status).toBe(401);
      expect((await GET(cron("Bearer undefined"))).status).toBe(401);
    } finally {
      process.env.CRON_SECRET = saved;
    }
  });

  it("deletes only what is due, per organisation", async () => {
    const res = await GET(cron(`Bearer ${SECRET}`));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; results: { orgId: string; cropsDeleted: number; templatesDeleted: number }[] };
    expect(body.ok).toBe(true);
    expect(body.results.find((r) => r.orgId === A.id)).toMatchObject({ cropsDeleted: 2, templatesDeleted: 3, peopleUnenrolled: 1 });
    expect(body.results.find((r) => r.orgId === B.id)).toMatchObject({ cropsDeleted: 1, templatesDeleted: 0 });

    for (const [label, due] of [
      ["A-old", true],
      ["A-edge", false],
      ["A-new", false],
      ["A-old-punch", true], // an accepted punch's photo too: the punch stays, its photo goes
      ["A-new-punch", false],
      ["B-old-for-A", false],
      ["B-old", true],
    ] as const) {
      const { eventId, key } = seeded[label]!;
      const ev = await eventById(eventId);
      expect(ev, label).not.toBeNull(); // the event itself stays
      expect(ev!.blobKey, label).toBe(due ? null : key);
      expect(await readAll(objectStore(), key), label).toEqual(due ? null : expect.any(Uint8Array));
    }
    expect(await templatesOf(people["A-gone-long"]!)).toBe(0);
    expect((await userById(A.id, people["A-gone-long"]!))!.enrolment).toBe("none");
    expect(await templatesOf(people["A-gone-recent"]!)).toBe(3);
    expect(await templatesOf(people["A-active"]!)).toBe(3);
    expect(await templatesOf(people["B-gone-30"]!)).toBe(3);
  });

  it("audits every organisation's run", async () => {
    const d = await testDb();
    for (const [org, crops] of [
      [A, 2],
      [B, 1],
    ] as const) {
      const rows = await d.select().from(auditLog).where(and(eq(auditLog.orgId, org.id), eq(auditLog.action, "retention.run")));
      expect(rows).toHaveLength(1);
      expect(rows[0]!.actorId).toBeNull();
      expect(rows[0]!.data).toMatchObject({ cropsDeleted: crops });
    }
  });

  it("is idempotent: a second run deletes nothing more", async () => {
    const body = (await (await POST(cron(`Bearer ${SECRET}`))).json()) as { results: { cropsDeleted: number; templatesDeleted: number }[] };
    expect(body.results.every((r) => r.cropsDeleted === 0 && r.templatesDeleted === 0)).toBe(true);
  });
});
