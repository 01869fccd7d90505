// Issue 13: the whole check-in through the production driver — @neondatabase/serverless (WebSocket Pool) against
// PGlite behind pglite-socket (tools/neon-local.ts), migrations included: enrolment through the actions,
// personal and kiosk check-in, matching by exact scan and by the HNSW index, a concurrent double submit, and the
// named prepared statements of the check-in path (prepared once, reused by every later check-in). Real faces and models (skipped
// without ../shared/data).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("@/lib/auth/session", async () => (await import("../support/session")).sessionModule);
import { actAs } from "../support/session";
vi.mock("@/lib/auth", () => ({ signIn: async () => undefined, signOut: async () => undefined, auth: async () => null }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "198.51.100.7", host: "clockface.test", "x-forwarded-proto": "https" }) }));

import { registerKioskAction } from "@/app/admin/devices/actions";
import { beginCheckInAction, beginKioskCheckInAction, completeCheckInAction, completeKioskCheckInAction } from "@/app/check-in/actions";
import { registerDeviceAction } from "@/app/_actions/device";
import { acceptConsentAction, beginEnrolCaptureAction, completeEnrolCaptureAction } from "@/app/enrol/actions";
import { CONSENT_VERSION } from "@/lib/checkin/consent";
import type { Pose } from "@/lib/checkin/payload";
import { signBytes } from "@/lib/checkin/signature";
import { kioskBeginBytes } from "@/lib/checkin/kiosk-begin";
import { closeDatabase, type Database } from "@/lib/db/open";
import { forgetGallerySize, nearestPeople } from "@/lib/db/queries/templates";
import { attendanceEvents, rateLimits, users, type Organisation, type User } from "@/lib/db/schema";
import { EMBEDDING_MODEL_ID } from "@/lib/face/models";
import { useFreshDatabase } from "../support/db";
import { faceSample, hasFaceData, lfwEmbeddings, noFaceDataMessage, PEOPLE } from "@/tools/faces";
import { deviceKeys, liveTranscript, payloadFor, publicJwk, sign, turnStepsOnly } from "@/tools/checkin-harness";
import { makeOrg, makeTemplates, makeUser } from "@/tools/builders";
import { startNeonLocal, type NeonLocal } from "@/tools/neon-local";

process.env.BLOB_DIR = mkdtempSync(path.join(tmpdir(), "clockface-blob-"));
// One pool connection: PGlite is a single Postgres session that every pglite-socket connection shares, so a
// statement name prepared on one connection would already exist on the next ("prepared statement already
// exists"). On Neon each pool connection has its own session. Requests still run concurrently in the app.
process.env.DATABASE_POOL_MAX = "1";
if (!hasFaceData) console.warn(noFaceDataMessage);

// This file's local database ports (the deploy helper's range 5420-5429).
const PORTS = { pg: 5424, ws: 5425 };

function ok<T>(r: { ok: true; data: T } | { ok: false; error: string; code: string }): T {
  if (!r.ok) throw new Error(`${r.code}: ${r.error}`);
  return r.data;
}

describe.skipIf(!hasFaceData)("check-in through the Neon driver", () => {
  let local: NeonLocal;
  let d: Database;
  let org: Organisation;
  let admin: User;
  let ivan: { user: User; keys: CryptoKeyPair; deviceId: string };
  let kiosk: { id: string; keys: CryptoKeyPair };

  async function capture(n: number, pose: Pose, yaw: number) {
    actAs(ivan.user);
    const b = ok(await beginEnrolCaptureAction({ deviceId: ivan.deviceId }));
    if (b.status !== "ready") throw new Error(`begin refused: ${b.reason}`);
    const transcript = { ...liveTranscript(b.challenge.steps), bestFrame: { yaw, pitch: 0 } };
    return ok(await completeEnrolCaptureAction(await sign(ivan.keys, payloadFor(b.challenge, await faceSample(PEOPLE.alice, n), { purpose: "enrol", pose, quality: 0.9, transcript }))));
  }

  // Ivan checks in (again: within the dedupe window the same check-in is answered as unchanged).
  async function signedCheckIn(n: number, lfw: string = PEOPLE.alice) {
    actAs(ivan.user);
    const b = ok(await beginCheckInAction({ deviceId: ivan.deviceId, punch: "in" }));
    if (b.status !== "ready") throw new Error(`begin refused: ${b.reason}`);
    return sign(ivan.keys, payloadFor(b.challenge, await faceSample(lfw, n), { punch: "in" }));
  }

  async function kioskScan(lfw: string, n: number) {
    actAs(null);
    const ts = Date.now();
    const b = ok(await beginKioskCheckInAction({ deviceId: kiosk.id, ts, signature: await signBytes(kiosk.keys.privateKey, kioskBeginBytes(kiosk.id, ts)) }));
    if (b.status !== "ready") throw new Error(`kiosk begin refused: ${b.reason}`);
    return ok(await completeKioskCheckInAction(await sign(kiosk.keys, payloadFor(b.challenge, await faceSample(lfw, n)))));
  }

  beforeAll(async () => {
    // Every sample (and its evidence bursts, measured by the models in-process) first: a pause of seconds between
    // the suite's queries lets the pool drop its idle connection, and the next one shares PGlite's one session,
    // where the named prepared statements already exist.
    for (const [p, n] of [[PEOPLE.alice, 2], [PEOPLE.alice, 4], [PEOPLE.alice, 5], [PEOPLE.alice, 6], [PEOPLE.bob, 1], [PEOPLE.bob, 2], [PEOPLE.bob, 3], [PEOPLE.bob, 4]] as const) await faceSample(p, n);
    local = await startNeonLocal(PORTS);
    process.env.NEON_WS_PROXY = local.proxy;
    d = await useFreshDatabase({ url: local.url, migrate: true });
    // Auto-approve: this suite is about the driver, not the review queue (checkin-enrol covers held enrolments).
    // Turn steps: the LFW people's evidence bursts are photos (tools/lfw-bursts.ts), which cannot blink.
    org = await makeOrg({ name: "Neon Co", settings: turnStepsOnly({ autoApproveEnrolment: true }) });
    admin = await makeUser(org.id, { name: "Ada", role: "admin" });
    // Someone else enrolled, so that matching has a second person to rank below Ivan.
    const bob = await makeUser(org.id, { name: "Bob" });
    await makeTemplates(org.id, bob.id, { embeddings: await lfwEmbeddings(PEOPLE.bob), enrolled: true });
  }, 180_000);

  afterAll(async () => {
    if (d) await closeDatabase(d);
    await local?.stop();
    delete process.env.NEON_WS_PROXY;
    delete process.env.CLOCKFACE_HNSW_MIN_TEMPLATES;
    delete process.env.DATABASE_POOL_MAX;
  });

  beforeEach(async () => {
    await d.delete(rateLimits);
  });

  it("enrols through the actions: consent, laptop, three strict captures", async () => {
    const user = await makeUser(org.id, { name: "Ivan" });
    actAs(user);
    ok(await acceptConsentAction({ version: CONSENT_VERSION }));
    const keys = await deviceKeys();
    const dev = ok(await registerDeviceAction({ name: "Ivan's laptop", publicKeyJwk: await publicJwk(keys) }));
    ivan = { user, keys, deviceId: dev.deviceId };
    // LFW images whose pose the SERVER measures as frontal, her left, her right (server yaw −2°, 16°, −11°)
    expect(await capture(2, "frontal", 1.5)).toMatchObject({ status: "stored", remaining: ["left", "right"] });
    expect(await capture(4, "left", 9)).toMatchObject({ status: "stored", remaining: ["right"] });
    expect(await capture(6, "right", -9)).toMatchObject({ status: "stored", remaining: [], enrolment: "enrolled" });
    const [row] = await d.select().from(users).where(eq(users.id, user.id));
    ivan.user = row!;
    expect(row!.enrolment).toBe("enrolled");
  }, 120_000);

  it("personal check-in: the enrolled face is accepted (exact scan), another face is rejected and recorded", async () => {
    const v = ok(await completeCheckInAction(await signedCheckIn(4)));
    expect(v, JSON.stringify(v)).toMatchObject({ status: "accepted", kind: "in" });
    const other = ok(await completeCheckInAction(await signedCheckIn(4, PEOPLE.bob)));
    expect(other).toMatchObject({ status: "rejected", reason: "no-match" });
    const [ev] = await d.select().from(attendanceEvents).where(eq(attendanceEvents.id, (other as { eventId: string }).eventId));
    expect(ev).toMatchObject({ decision: "rejected", reason: "no-match", userId: ivan.user.id });
  }, 60_000);

  it("kiosk: identifies the person 1:N and asks (nothing recorded before the choice)", async () => {
    actAs(admin);
    const keys = await deviceKeys();
    kiosk = { id: ok(await registerKioskAction({ name: "Front door", publicKeyJwk: await publicJwk(keys) })).deviceId, keys };
    const v = await kioskScan(PEOPLE.alice, 5);
    expect(v, JSON.stringify(v)).toMatchObject({ status: "identified", name: "Ivan", allowed: ["break-start", "out"] });
  }, 60_000);

  it("matching by the HNSW index ranks as the exact scan does, and check-in runs on it", async () => {
    const probe = (await faceSample(PEOPLE.alice, 5)).embedding;
    const exact = await nearestPeople(org.id, EMBEDDING_MODEL_ID, probe, { people: 2, strategy: "exact" });
    const hnsw = await nearestPeople(org.id, EMBEDDING_MODEL_ID, probe, { people: 2, strategy: "hnsw" });
    expect(hnsw.map((c) => c.userId)).toEqual(exact.map((c) => c.userId));
    expect(hnsw[0]!.userId).toBe(ivan.user.id);
    expect(hnsw[0]!.score).toBeCloseTo(exact[0]!.score, 5);
    const plan = (await d.execute(sql`explain select user_id from face_templates where org_id = ${org.id} order by embedding <=> ${`[${Array.from(probe).join(",")}]`}::vector limit 20`)) as unknown as { rows: { "QUERY PLAN": string }[] };
    expect(plan.rows.map((r) => r["QUERY PLAN"]).join("\n")).toMatch(/hnsw|Index Scan/i);

    process.env.CLOCKFACE_HNSW_MIN_TEMPLATES = "0"; // every gallery is searched with the index now
    forgetGallerySize(org.id);
    const v = await kioskScan(PEOPLE.alice, 4);
    expect(v, JSON.stringify(v)).toMatchObject({ status: "identified", name: "Ivan" });
    delete process.env.CLOCKFACE_HNSW_MIN_TEMPLATES;
    forgetGallerySize(org.id);
  }, 60_000);

  it("a submission sent twice at once is accepted once; the other is refused as used", async () => {
    const sub = await signedCheckIn(4);
    actAs(ivan.user);
    const [a, b] = await Promise.all([completeCheckInAction(sub), completeCheckInAction(sub)]);
    const verdicts = [ok(a), ok(b)].map((v) => (v.status === "rejected" ? v.reason : "verified")).sort();
    expect(verdicts).toEqual(["challenge-used", "verified"]);
  }, 60_000);

  it("the check-in path's named prepared statements are prepared once and reused by check-ins in flight together", async () => {
    // Four check-ins in flight at once, each running get_member, get_device_and_organisation and
    // consume_person_challenge by name on the driver's connection.
    const subs = await Promise.all([4, 5, 4, 5].map((n) => signedCheckIn(n)));
    actAs(ivan.user);
    const verdicts = await Promise.all(subs.map((s) => completeCheckInAction(s)));
    for (const v of verdicts) expect(["accepted", "unchanged"], JSON.stringify(v)).toContain(ok(v).status);
    const names = (await d.execute(sql`select name from pg_prepared_statements`)) as unknown as { rows: { name: string }[] };
    expect(names.rows.map((r) => r.name)).toEqual(expect.arrayContaining(["get_member", "get_device_and_organisation", "consume_person_challenge", "consume_kiosk_challenge"]));
    // Ivan is already in: each is the same check-in again (deduplicated), answered with the one recorded event.
    const ids = verdicts.map((v) => (v.ok && (v.data.status === "accepted" || v.data.status === "unchanged") ? v.data.eventId : null));
    expect(new Set(ids).size).toBe(1);
    const accepted = await d.select({ n: sql<number>`count(*)::int` }).from(attendanceEvents).where(and(eq(attendanceEvents.userId, ivan.user.id), eq(attendanceEvents.decision, "accepted")));
    expect(accepted[0]!.n).toBe(1);
  }, 90_000);
});
