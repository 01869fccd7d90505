// The one set of row builders for tests and scripts: organisations, people, devices, face templates and attendance
// events, written through the app's db() — tests install their own database as it (tests/support/db.ts),
// bench:server its benchmark database (scripts/bench-server/database.ts). Each builder fills what it is not told
// with a unique, valid value.
import { and, eq } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { attendanceEvents, devices, faceTemplates, organisations, users, type AttendanceEvent, type Device, type Organisation, type Role, type User } from "@/lib/db/schema";
import { poses } from "@/lib/face/core/types";
import { EMBEDDING_MODEL_ID } from "@/lib/face/models";
import { defaultSettings, type OrgSettings } from "@/lib/validations/settings";

let seq = 0;

/** "Ann Admin" → "ann.admin": a name as the local part of a test e-mail or a slug's stem. */
const stem = (name: string) => name.toLowerCase().replace(/\W+/g, ".").replace(/^\.|\.$/g, "") || "x";

export interface OrgOptions {
  name?: string;
  /** IANA timezone; Europe/London unless told. */
  timezone?: string;
  /** Laid over defaultSettings. */
  settings?: Partial<OrgSettings>;
}

/** An organisation with nobody in it. */
export async function makeOrg(o: OrgOptions = {}): Promise<Organisation> {
  const d = await db();
  const n = ++seq;
  const name = o.name ?? `Org ${n}`;
  const slug = `${stem(name).replace(/\./g, "-")}-${n}-${Math.random().toString(36).slice(2, 8)}`;
  const [org] = await d
    .insert(organisations)
    .values({ name, slug, timezone: o.timezone ?? "Europe/London", settings: { ...defaultSettings, ...o.settings } })
    .returning();
  return org!;
}

export type TestOrg = Organisation & { owner: User };

/** An organisation and its owner (the account that signed it up). */
export async function makeOrgWithOwner(o: OrgOptions & { ownerCreatedAt?: Date } = {}): Promise<TestOrg> {
  const org = await makeOrg(o);
  const owner = await makeUser(org.id, { name: `Owner ${seq}`, role: "owner", createdAt: o.ownerCreatedAt });
  return { ...org, owner };
}

export interface UserOptions {
  name?: string;
  /** Unique by default: the name's stem and a sequence number at example.test. */
  email?: string;
  role?: Role;
  status?: User["status"];
  createdAt?: Date;
  deactivatedAt?: Date | null;
  enrolment?: User["enrolment"];
  /** false: no password yet (an invited person who has not accepted). The hash is a placeholder: no sign-in. */
  password?: boolean;
}

/** A member of `orgId`: an active employee with a password and no enrolment unless told otherwise. */
export async function makeUser(orgId: string, o: UserOptions = {}): Promise<User> {
  const d = await db();
  const n = ++seq;
  const name = o.name ?? `Person ${n}`;
  const [u] = await d
    .insert(users)
    .values({
      orgId,
      name,
      email: o.email ?? `${stem(name)}.${n}@example.test`,
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

/**
 * A device row with a placeholder public key (it can sign nothing: for a real key pair register one with
 * tools/checkin-harness.ts's deviceKeys() and the app's registerPersonalDevice).
 */
export async function makeDevice(
  orgId: string,
  userId: string | null,
  o: { name?: string; kind?: "personal" | "kiosk"; approved?: boolean; revoked?: boolean } = {},
): Promise<Device> {
  const d = await db();
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

/** An attendance event (a punch): an accepted check-in unless told otherwise. */
export async function makeEvent(
  orgId: string,
  userId: string | null,
  at: Date | string,
  o: Partial<Pick<AttendanceEvent, "kind" | "decision" | "reason" | "blobKey" | "source" | "supersedesId" | "voidedAt" | "deviceId" | "score">> = {},
): Promise<AttendanceEvent> {
  const d = await db();
  const [e] = await d
    .insert(attendanceEvents)
    .values({ orgId, userId, at: new Date(at), kind: o.kind === undefined ? "in" : o.kind, decision: o.decision ?? "accepted", ...o })
    .returning();
  return e!;
}

/** A 128-d unit vector: a template that is a valid embedding but nobody's face. */
const UNIT = Array.from({ length: 128 }, (_, i) => (i === 0 ? 1 : 0));

/**
 * A person's face templates, one per pose in enrolment order (frontal, left, right): `embeddings` (real faces), or
 * `count` placeholder vectors. `enrolled` also marks the person enrolled, as a finished enrolment does.
 */
export async function makeTemplates(
  orgId: string,
  userId: string,
  o: { embeddings?: readonly ArrayLike<number>[]; count?: number; quality?: number; enrolled?: boolean } = {},
): Promise<void> {
  const d = await db();
  const vectors = o.embeddings ?? Array.from({ length: o.count ?? 3 }, () => UNIT);
  if (vectors.length > poses.length) throw new Error(`at most ${poses.length} templates (one per pose)`);
  await d.insert(faceTemplates).values(
    vectors.map((v, i) => ({ orgId, userId, modelId: EMBEDDING_MODEL_ID, embedding: Array.from(v), quality: o.quality ?? 0.9, pose: poses[i]! })),
  );
  if (o.enrolled) await d.update(users).set({ enrolment: "enrolled" }).where(and(eq(users.orgId, orgId), eq(users.id, userId)));
}
