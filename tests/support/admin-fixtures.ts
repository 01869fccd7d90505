// Fixtures for the admin integration tests: an in-memory PGlite database installed as the app's database, and
// small builders for organisations, members, devices and events. The session mock is tests/support/session.ts.
import { and, eq } from "drizzle-orm";
import { attendanceEvents, devices, faceTemplates, organisations, users, type AttendanceEvent, type Role, type User } from "@/lib/db/schema";
import { defaultSettings, type OrgSettings } from "@/lib/validations/settings";
import { testDb } from "./db";

export { testDb, useMemoryDatabase } from "./db";
export { sessionOf } from "./session";

let seq = 0;

export interface TestOrg {
  id: string;
  slug: string;
  owner: User;
}

export async function makeOrg(opts: { name?: string; timezone?: string; settings?: Partial<OrgSettings>; ownerCreatedAt?: Date } = {}): Promise<TestOrg> {
  const d = await testDb();
  const n = ++seq;
  const slug = `org-${n}-${Math.random().toString(36).slice(2, 8)}`;
  const [org] = await d
    .insert(organisations)
    .values({ name: opts.name ?? `Org ${n}`, slug, timezone: opts.timezone ?? "Europe/London", settings: { ...defaultSettings, ...opts.settings } })
    .returning();
  const owner = await makeUser(org!.id, { name: `Owner ${n}`, role: "owner", createdAt: opts.ownerCreatedAt });
  return { id: org!.id, slug, owner };
}

export async function makeUser(
  orgId: string,
  o: { name?: string; email?: string; role?: Role; status?: User["status"]; createdAt?: Date; deactivatedAt?: Date | null; enrolment?: User["enrolment"]; password?: boolean } = {},
): Promise<User> {
  const d = await testDb();
  const n = ++seq;
  const [u] = await d
    .insert(users)
    .values({
      orgId,
      name: o.name ?? `Person ${n}`,
      email: o.email ?? `person${n}@example.test`,
      role: o.role ?? "employee",
      status: o.status ?? "active",
      passwordHash: o.password === false ? null : "scrypt$test",
      enrolment: o.enrolment ?? "none",
      deactivatedAt: o.deactivatedAt ?? null,
      ...(o.createdAt ? { createdAt: o.createdAt } : {}),
    })
    .returning();
  return u!;
}

export async function makeDevice(orgId: string, userId: string | null, o: { name?: string; kind?: "personal" | "kiosk"; approved?: boolean; revoked?: boolean } = {}) {
  const d = await testDb();
  const [dev] = await d
    .insert(devices)
    .values({
      orgId,
      userId,
      kind: o.kind ?? "personal",
      name: o.name ?? "Laptop",
      publicKeyJwk: { kty: "EC", crv: "P-256", x: "x", y: "y" },
      approvedAt: o.approved ? new Date() : null,
      revokedAt: o.revoked ? new Date() : null,
    })
    .returning();
  return dev!;
}

export async function makeEvent(
  orgId: string,
  userId: string | null,
  at: Date | string,
  o: Partial<Pick<AttendanceEvent, "kind" | "decision" | "reason" | "blobKey" | "source" | "supersedesId" | "voidedAt" | "deviceId" | "score">> = {},
): Promise<AttendanceEvent> {
  const d = await testDb();
  const [e] = await d
    .insert(attendanceEvents)
    .values({ orgId, userId, at: new Date(at), kind: o.kind === undefined ? "in" : o.kind, decision: o.decision ?? "accepted", ...o })
    .returning();
  return e!;
}

export async function makeTemplates(orgId: string, userId: string, count = 3) {
  const d = await testDb();
  const v = Array.from({ length: 128 }, (_, i) => (i === 0 ? 1 : 0));
  for (let i = 0; i < count; i++) await d.insert(faceTemplates).values({ orgId, userId, modelId: "test-model", embedding: v, quality: 0.9 });
}

export async function eventById(id: string) {
  const d = await testDb();
  const [e] = await d.select().from(attendanceEvents).where(eq(attendanceEvents.id, id));
  return e ?? null;
}

export async function userById(orgId: string, id: string) {
  const d = await testDb();
  const [u] = await d.select().from(users).where(and(eq(users.orgId, orgId), eq(users.id, id)));
  return u ?? null;
}


/** Reads a Response body as text. */
export async function bodyText(res: Response): Promise<string> {
  return new TextDecoder().decode(new Uint8Array(await res.arrayBuffer()));
}
