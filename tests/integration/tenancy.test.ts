// Two organisations; every query function and action of the foundation, called with A's session on B's ids,
// returns not-found / forbidden and changes nothing.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/lib/db/open";
import { auditLog, organisations, users } from "@/lib/db/schema";
import { useFreshDatabase } from "../support/db";
import { actAs, formData } from "../support/session";

vi.mock("@/lib/auth/session", async () => (await import("../support/session")).sessionModule);
vi.mock("@/lib/auth", () => ({ signIn: vi.fn(async () => undefined), signOut: vi.fn(async () => undefined), auth: vi.fn() }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

process.env.BLOB_DIR = mkdtempSync(path.join(os.tmpdir(), "clockface-blob-"));

let d: Database;
const A = { org: "", owner: "" };
const B = { org: "", owner: "" };

beforeAll(async () => {
  d = await useFreshDatabase();
  const { createOrganisationWithOwner } = await import("@/lib/db/queries/organisations");
  for (const [t, name] of [[A, "Alpha"], [B, "Beta"]] as const) {
    const { org, owner } = await createOrganisationWithOwner({
      organisationName: name,
      slug: name.toLowerCase(),
      ownerName: `${name} Owner`,
      email: `owner@${name.toLowerCase()}.example`,
      passwordHash: "scrypt$x",
    });
    t.org = org.id;
    t.owner = owner.id;
  }
});

const snapshot = async () => ({
  orgs: await d.select().from(organisations).orderBy(organisations.id),
  users: await d.select().from(users).orderBy(users.id),
  audit: await d.select().from(auditLog).orderBy(auditLog.id),
});

describe("tenant isolation", () => {
  it("query functions never return another organisation's rows", async () => {
    const q = await import("@/lib/db/queries/users");
    const audit = await import("@/lib/db/queries/audit");
    expect(await q.getMember(A.org, B.owner)).toBeNull();
    expect(await q.getMember(A.org, A.owner)).not.toBeNull();
    expect((await q.listMembers(A.org)).map((m) => m.id)).toEqual([A.owner]);
    const entries = await audit.listAudit(A.org, { actorId: B.owner });
    expect(entries).toEqual([]);
    expect((await audit.listAudit(A.org)).every((e) => e.actorId === A.owner)).toBe(true);
  });

  it("a session whose user belongs to another organisation is refused", async () => {
    const { updateRulesAction } = await import("@/app/admin/settings/actions");
    const before = await snapshot();
    actAs({ id: B.owner, orgId: A.org, role: "owner" }); // B's user claiming A's organisation
    const r = await updateRulesAction({}, formData({ timezone: "Asia/Tokyo", workDays: ["1"], shiftStart: "09:00", shiftEnd: "17:00", graceMinutes: "0" }));
    expect(r.ok).toBe(false);
    expect(await snapshot()).toEqual(before);
  });

  it("settings change only the session's organisation, whatever ids the form carries", async () => {
    const { updateRulesAction } = await import("@/app/admin/settings/actions");
    const [bBefore] = await d.select().from(organisations).where(eq(organisations.id, B.org));
    actAs({ id: A.owner, orgId: A.org, role: "owner" });
    const r = await updateRulesAction(
      {},
      formData({ orgId: B.org, id: B.org, timezone: "Asia/Tokyo", workDays: ["1"], shiftStart: "09:00", shiftEnd: "17:00", graceMinutes: "0" }),
    );
    expect(r.ok).toBe(true);
    const [bAfter] = await d.select().from(organisations).where(eq(organisations.id, B.org));
    const [aAfter] = await d.select().from(organisations).where(eq(organisations.id, A.org));
    expect(bAfter).toEqual(bBefore);
    expect(aAfter?.timezone).toBe("Asia/Tokyo");
  });

  it("stored objects are served only to their own organisation's admins", async () => {
    const { objectStore, newObjectKey } = await import("@/lib/storage");
    const { GET } = await import("@/app/api/blob/[...key]/route");
    const bKey = newObjectKey(B.org, "crops");
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
    await objectStore().put(bKey, bytes, "image/jpeg");
    const get = (key: string) => GET(new Request(`http://x/api/blob/${key}`), { params: Promise.resolve({ key: key.split("/") }) });

    actAs({ id: A.owner, orgId: A.org, role: "owner" });
    expect((await get(bKey)).status).toBe(404);
    expect((await get("../../etc/passwd")).status).toBe(400);

    actAs(null);
    expect((await get(bKey)).status).toBe(401);

    actAs({ id: B.owner, orgId: B.org, role: "owner" });
    const ok = await get(bKey);
    expect(ok.status).toBe(200);
    expect(new Uint8Array(await ok.arrayBuffer())).toEqual(bytes);
  });
});
