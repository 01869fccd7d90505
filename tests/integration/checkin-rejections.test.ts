// Issue 5: every rejection of completeCheckInAction, each with its reason, recorded as a rejected event, and no
// accepted event written; plus the accepted path, dedupe and the single-use race. Real WebCrypto keys, real
// faces (LFW) through the real models; skipped with a message when the face data is absent.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("@/lib/auth/session", async () => (await import("../support/session")).sessionModule);
import { actAs } from "../support/session";
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("next/headers", () => ({
  headers: async () =>
    new Headers({ "x-clockface-peer": "203.0.113.7", "user-agent": "vitest" }),
}));

import { beginCheckInAction, completeCheckInAction } from "@/app/check-in/actions";
import type { IssuedChallenge } from "@/lib/checkin/challenge";
import { encodeEmbedding } from "@/lib/checkin/encoding";
import type { CheckinPayload } from "@/lib/checkin/payload";
import type { Verdict } from "@/lib/checkin/reasons";
import { PUNCH_REQUIRED } from "@/lib/validations/checkin";
import { registerPersonalDevice, revokeDevice } from "@/lib/db/queries/devices";
import { setEnrolment } from "@/lib/db/queries/templates";
import { attendanceEvents, challenges, devices, rateLimits, type Organisation, type User } from "@/lib/db/schema";
import { readAll } from "@/lib/storage/disk";
import { objectStore } from "@/lib/storage";
import { faceSample, hasFaceData, lfwEmbeddings, noFaceDataMessage, PEOPLE, type FaceSample } from "@/tools/faces";
import { deviceKeys, liveTranscript, payloadFor, type PayloadOptions, publicJwk, sign, signText, type TestDevice, turnStepsOnly } from "@/tools/checkin-harness";
import { makeOrg, makeTemplates, makeUser } from "@/tools/builders";
import { eventById } from "../support/lookups";
import type { PunchKind } from "@/lib/attendance/punches";
import { punchStatus } from "@/lib/reports/punch-status";
import { openTestDatabase } from "../support/db";

process.env.BLOB_DIR = mkdtempSync(path.join(tmpdir(), "clockface-blob-"));
if (!hasFaceData) console.warn(noFaceDataMessage);

interface Person {
  user: User;
  device: TestDevice;
  face: (n: number) => Promise<FaceSample>;
}

let orgA: Organisation;
let orgB: Organisation;
let alice: Person;
let bob: Person;
let carol: Person;
let dave: Person;

async function enrolledPerson(org: Organisation, name: string, lfwName: string): Promise<Person> {
  const user = await makeUser(org.id, { name });
  const keys = await deviceKeys();
  const device = await registerPersonalDevice({ orgId: org.id, userId: user.id, name: `${name}'s laptop`, jwk: await publicJwk(keys) });
  expect(device.approvedAt, "first device of a new person is approved").not.toBeNull();
  await makeTemplates(org.id, user.id, { embeddings: await lfwEmbeddings(lfwName), enrolled: true });
  return { user: { ...user, enrolment: "enrolled" }, device: { id: device.id, keys }, face: (n) => faceSample(lfwName, n) };
}

/** The punch each challenge was begun for: its payload carries the same one (as the check-in page does). */
const chosen = new Map<string, PunchKind>();
/** The harness payload with the punch its challenge was begun for. */
const payloadOf = (ch: IssuedChallenge, sample: FaceSample, o: PayloadOptions = {}) => payloadFor(ch, sample, { punch: chosen.get(ch.challengeId), ...o });

/** Begins a check-in for `punch`, by default the first valid one for where the person stands (what the page offers first). */
async function begin(p: Person, punch?: PunchKind): Promise<IssuedChallenge> {
  actAs(p.user);
  const kind = punch ?? (await punchStatus(p.user.orgId, p.user.id, new Date())).allowed[0]!;
  const r = await beginCheckInAction({ deviceId: p.device.id, punch: kind });
  if (!r.ok) throw new Error(`beginCheckInAction failed: ${r.error}`);
  if (r.data.status !== "ready") throw new Error(`beginCheckInAction rejected: ${r.data.reason}`);
  chosen.set(r.data.challenge.challengeId, kind);
  return r.data.challenge;
}

async function complete(p: Person, sub: { payload: string; signature: string }): Promise<Verdict> {
  actAs(p.user);
  const r = await completeCheckInAction(sub);
  if (!r.ok) throw new Error(`completeCheckInAction failed: ${r.code} ${r.error}`);
  return r.data;
}

async function acceptedCount(orgId: string): Promise<number> {
  const d = await openTestDatabase();
  const rows = await d.select({ n: sql<number>`count(*)::int` }).from(attendanceEvents).where(and(eq(attendanceEvents.orgId, orgId), eq(attendanceEvents.decision, "accepted")));
  return rows[0]!.n;
}

/** Runs a rejected attempt and checks the reason, the recorded event and that nothing was accepted. */
async function expectRejected(verdictP: Promise<Verdict>, reason: string, orgId: string = orgA.id) {
  const before = await acceptedCount(orgId);
  const v = await verdictP;
  expect(v.status, JSON.stringify(v)).toBe("rejected");
  if (v.status !== "rejected") return;
  expect(v.reason).toBe(reason);
  expect(v.message.length).toBeGreaterThan(10);
  expect(v.eventId).toBeTruthy();
  const ev = await eventById(v.eventId!);
  expect(ev?.decision).toBe("rejected");
  expect(ev?.reason).toBe(reason);
  expect(ev?.kind).toBeNull();
  expect(await acceptedCount(orgId)).toBe(before);
}

describe.skipIf(!hasFaceData)("completeCheckInAction on a personal laptop", () => {
  beforeAll(async () => {
    await openTestDatabase();
    orgA = await makeOrg({ name: "Acme", settings: turnStepsOnly() });
    orgB = await makeOrg({ name: "Other Org", settings: turnStepsOnly() });
    alice = await enrolledPerson(orgA, "Alice", PEOPLE.alice);
    bob = await enrolledPerson(orgA, "Bob", PEOPLE.bob);
    dave = await enrolledPerson(orgA, "Dave", PEOPLE.dave);
    carol = await enrolledPerson(orgB, "Carol", PEOPLE.carol);
  }, 120_000);

  beforeEach(async () => {
    // Rate limits are tested on their own; here they would trip after a dozen attempts by one person.
    const d = await openTestDatabase();
    await d.delete(rateLimits);
  });

  it("accepts the enrolled person's own face, stores the crop, and says when", async () => {
    const ch = await begin(alice);
    expect(ch.steps).toHaveLength(2);
    expect(new Set(ch.steps).size).toBe(2);
    expect(ch.nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const expiresIn = Date.parse(ch.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(50_000);
    expect(expiresIn).toBeLessThanOrEqual(61_000);
    const v = await complete(alice, await sign(alice.device.keys, payloadOf(ch, await alice.face(4))));
    expect(v.status, JSON.stringify(v)).toBe("accepted");
    if (v.status !== "accepted") return;
    expect(v.kind).toBe("in");
    expect(v.message).toMatch(/^Checked in at \d\d:\d\d\.$/);
    const ev = await eventById(v.eventId);
    expect(ev?.decision).toBe("accepted");
    expect(ev?.score).toBeGreaterThanOrEqual(orgA.settings.matchThreshold);
    expect(ev?.strictCosine).toBeGreaterThanOrEqual(0.98);
    expect(ev?.antispoof).toBeGreaterThanOrEqual(orgA.settings.antispoofThreshold);
    expect(ev?.ip).toBe("203.0.113.7");
    expect(ev?.blobKey?.startsWith(`${orgA.id}/checkins/`)).toBe(true);
    const crop = await readAll(objectStore(), ev!.blobKey!);
    expect(crop?.[0]).toBe(0xff);
    expect(crop?.[1]).toBe(0xd8);
  });

  it("answers the same punch again within the dedupe window as unchanged, in a neutral verdict", async () => {
    const before = await acceptedCount(orgA.id);
    const ch = await begin(alice, "in");
    const v = await complete(alice, await sign(alice.device.keys, payloadOf(ch, await alice.face(5))));
    expect(v, JSON.stringify(v)).toMatchObject({ status: "unchanged", kind: "in" });
    expect(v.message).toMatch(/^Checked in at \d\d:\d\d already — nothing new was recorded\.$/);
    expect(await acceptedCount(orgA.id)).toBe(before);
  });

  it("rejects a replayed payload (the challenge is single-use)", async () => {
    const ch = await begin(bob);
    const sub = await sign(bob.device.keys, payloadOf(ch, await bob.face(4)));
    const first = await complete(bob, sub);
    expect(first.status, JSON.stringify(first)).toBe("accepted");
    await expectRejected(complete(bob, sub), "challenge-used");
  });

  it("rejects an embedding edited after signing", async () => {
    const ch = await begin(alice);
    const sub = await sign(alice.device.keys, payloadOf(ch, await alice.face(4)));
    const p = JSON.parse(sub.payload) as CheckinPayload;
    p.embedding = encodeEmbedding((await bob.face(4)).embedding);
    const { canonicalJson } = await import("@/lib/checkin/canonical");
    await expectRejected(complete(alice, { payload: canonicalJson(p), signature: sub.signature }), "bad-signature");
  });

  it("rejects a stolen embedding signed by a genuine device (the claim is not the burst's face)", async () => {
    const ch = await begin(bob);
    const p = payloadOf(ch, await bob.face(5));
    p.embedding = encodeEmbedding((await alice.face(4)).embedding);
    // Refused before strict re-embedding: the claimed embedding is not the face of the evidence burst (issue 14).
    await expectRejected(complete(bob, await sign(bob.device.keys, p)), "face-mismatch");
  });

  it("rejects a crop edited after signing", async () => {
    const ch = await begin(alice);
    const sub = await sign(alice.device.keys, payloadOf(ch, await alice.face(4)));
    const p = JSON.parse(sub.payload) as CheckinPayload;
    p.alignedJpeg = payloadOf(ch, await bob.face(4)).alignedJpeg;
    const { canonicalJson } = await import("@/lib/checkin/canonical");
    await expectRejected(complete(alice, { payload: canonicalJson(p), signature: sub.signature }), "bad-signature");
  });

  it("rejects a swapped crop signed by a genuine device (the crop no longer gives the claimed embedding)", async () => {
    const ch = await begin(alice);
    const p = payloadOf(ch, await alice.face(4));
    p.alignedJpeg = payloadOf(ch, await bob.face(4)).alignedJpeg;
    await expectRejected(complete(alice, await sign(alice.device.keys, p)), "crop-mismatch");
  });

  it("rejects a forged signature (another key, and garbage)", async () => {
    const ch = await begin(alice);
    const p = payloadOf(ch, await alice.face(4));
    const forger = await deviceKeys();
    await expectRejected(complete(alice, await sign(forger, p)), "bad-signature");
    const real = await sign(alice.device.keys, p);
    await expectRejected(complete(alice, { payload: real.payload, signature: "A".repeat(86) }), "bad-signature");
    await expectRejected(complete(alice, { payload: real.payload, signature: "not-a-signature" }), "bad-signature");
  });

  it("rejects a revoked device", async () => {
    const user = await makeUser(orgA.id, { name: "Eve" });
    const keys = await deviceKeys();
    const device = await registerPersonalDevice({ orgId: orgA.id, userId: user.id, name: "Eve's laptop", jwk: await publicJwk(keys) });
    const d = await openTestDatabase();
    await setEnrolment(d, orgA.id, user.id, "enrolled");
    const eve: Person = { user: { ...user, enrolment: "enrolled" }, device: { id: device.id, keys }, face: alice.face };
    const ch = await begin(eve);
    const admin = await makeUser(orgA.id, { name: "Admin", role: "admin" });
    await revokeDevice(orgA.id, admin.id, device.id);
    await expectRejected(complete(eve, await sign(keys, payloadOf(ch, await alice.face(4)))), "device-revoked");
    actAs(eve.user);
    const again = await beginCheckInAction({ deviceId: device.id, punch: "in" });
    expect(again.ok && again.data.status === "rejected" && again.data.reason).toBe("device-revoked");
  });

  it("rejects another user's device, even with that device's key", async () => {
    actAs(alice.user);
    const refused = await beginCheckInAction({ deviceId: bob.device.id, punch: "in" });
    expect(refused.ok && refused.data.status === "rejected" && refused.data.reason).toBe("device-not-yours");
    const ch = await begin(bob); // a genuine challenge of Bob's
    const sub = await sign(bob.device.keys, payloadOf(ch, await alice.face(4)));
    await expectRejected(complete(alice, sub), "device-not-yours");
  });

  it("rejects another organisation's challenge", async () => {
    const theirs = await begin(carol);
    const mine: IssuedChallenge = { ...theirs, deviceId: alice.device.id };
    await expectRejected(complete(alice, await sign(alice.device.keys, payloadOf(mine, await alice.face(4)))), "challenge-unknown");
    // and the challenge is still Carol's to use
    const v = await complete(carol, await sign(carol.device.keys, payloadOf(theirs, await carol.face(4))));
    expect(v.status, JSON.stringify(v)).toBe("accepted");
  });

  it("rejects a challenge bound to another person in the same organisation", async () => {
    const bobs = await begin(bob);
    const mine: IssuedChallenge = { ...bobs, deviceId: alice.device.id };
    await expectRejected(complete(alice, await sign(alice.device.keys, payloadOf(mine, await alice.face(4)))), "challenge-mismatch");
    // A mismatched submission consumes nothing: Bob still answers his own challenge.
    const v = await complete(bob, await sign(bob.device.keys, payloadOf(bobs, await bob.face(4))));
    expect(v.status, JSON.stringify(v)).toBe("accepted");
  });

  it("marks the laptop as seen with a new acceptance", async () => {
    const erin = await enrolledPerson(orgB, "Erin", PEOPLE.bob); // a new person: no earlier event to deduplicate
    const d = await openTestDatabase();
    const seen = async () => (await d.select({ at: devices.lastSeenAt }).from(devices).where(eq(devices.id, erin.device.id)))[0]?.at;
    expect(await seen()).toBeNull();
    const v = await complete(erin, await sign(erin.device.keys, payloadOf(await begin(erin), await erin.face(4))));
    expect(v, JSON.stringify(v)).toMatchObject({ status: "accepted", kind: "in" });
    expect(await seen()).toBeInstanceOf(Date);
  });

  it("rejects an expired challenge", async () => {
    const ch = await begin(alice);
    const d = await openTestDatabase();
    await d.update(challenges).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(challenges.id, ch.challengeId));
    await expectRejected(complete(alice, await sign(alice.device.keys, payloadOf(ch, await alice.face(4)))), "challenge-expired");
  });

  it("rejects embeddings of the wrong dimension", async () => {
    const s = await alice.face(4);
    for (const n of [127, 129, 512]) {
      const ch = await begin(alice);
      const v = new Float32Array(n);
      v.set(s.embedding.subarray(0, Math.min(n, 128)));
      const norm = Math.hypot(...v);
      for (let i = 0; i < n; i++) v[i] = v[i]! / norm;
      const p = payloadOf(ch, s);
      p.embedding = encodeEmbedding(v);
      await expectRejected(complete(alice, await sign(alice.device.keys, p)), "embedding-dimension");
    }
  });

  it("rejects NaN and Infinity in the embedding", async () => {
    const s = await alice.face(4);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const ch = await begin(alice);
      const v = Float32Array.from(s.embedding);
      v[17] = bad;
      const p = payloadOf(ch, s);
      p.embedding = encodeEmbedding(v);
      await expectRejected(complete(alice, await sign(alice.device.keys, p)), "embedding-not-finite");
    }
  });

  it("rejects an embedding that is not unit length", async () => {
    const s = await alice.face(4);
    for (const k of [1.01, 0.5, 0]) {
      const ch = await begin(alice);
      const p = payloadOf(ch, s);
      p.embedding = encodeEmbedding(Float32Array.from(s.embedding, (x) => x * k));
      await expectRejected(complete(alice, await sign(alice.device.keys, p)), "embedding-not-normalised");
    }
  });

  it("rejects a 10 MB payload before parsing it", async () => {
    const ch = await begin(alice);
    const p = payloadOf(ch, await alice.face(4));
    const { canonicalJson } = await import("@/lib/checkin/canonical");
    const huge = canonicalJson({ ...p, alignedJpeg: "A".repeat(10 * 1024 * 1024) });
    await expectRejected(complete(alice, await signText(alice.device.keys, huge)), "payload-too-large");
  });

  it("rejects an oversized field inside the size limit of the whole", async () => {
    const ch = await begin(alice);
    const p = payloadOf(ch, await alice.face(4));
    p.alignedJpeg = "/9j/" + "A".repeat(80_000);
    await expectRejected(complete(alice, await sign(alice.device.keys, p)), "field-too-large");
  });

  it("rejects an unknown model id", async () => {
    const ch = await begin(alice);
    await expectRejected(complete(alice, await sign(alice.device.keys, payloadOf(ch, await alice.face(4), { modelId: "facenet-512-v0" }))), "unknown-model");
  });

  it("rejects a payload that is not canonical JSON, even when signed", async () => {
    const ch = await begin(alice);
    const p = payloadOf(ch, await alice.face(4));
    await expectRejected(complete(alice, await signText(alice.device.keys, JSON.stringify(p, null, 1))), "malformed-payload");
  });

  it("rejects a transcript that does not follow the challenge's steps", async () => {
    const ch = await begin(alice);
    const wrong = ch.steps[0] === "blink" ? ["turn-left", "turn-right"] : ["blink", ch.steps[0]!];
    const p = payloadOf(ch, await alice.face(4), { transcript: liveTranscript(wrong) });
    await expectRejected(complete(alice, await sign(alice.device.keys, p)), "liveness-failed");
  });

  it("rejects a different person's face on the account (buddy punching)", async () => {
    const ch = await begin(alice);
    await expectRejected(complete(alice, await sign(alice.device.keys, payloadOf(ch, await bob.face(5)))), "no-match");
    const d = await openTestDatabase();
    const [ev] = await d.select().from(attendanceEvents).where(and(eq(attendanceEvents.orgId, orgA.id), eq(attendanceEvents.reason, "no-match")));
    expect(ev?.score).toBeLessThan(orgA.settings.matchThreshold);
    expect(ev?.blobKey, "the crop is kept as evidence for review").toBeTruthy();
  });

  describe("the chosen punch (issue 16): an invalid one is a field error and nothing is written", () => {
    async function eventsOf(userId: string) {
      const d = await openTestDatabase();
      return d.select().from(attendanceEvents).where(eq(attendanceEvents.userId, userId));
    }

    it("refuses at begin a punch that is not valid for where the person stands (no challenge issued)", async () => {
      const erin = await enrolledPerson(orgB, "Fern", PEOPLE.alice); // begins only: no face is matched
      actAs(erin.user);
      const d = await openTestDatabase();
      const challengesBefore = (await d.select().from(challenges).where(eq(challenges.userId, erin.user.id))).length;
      const r = await beginCheckInAction({ deviceId: erin.device.id, punch: "break-end" });
      expect(r).toMatchObject({ ok: false, code: "bad-input", error: "You are not on a break, so there is no break to end.", fieldErrors: { punch: ["You are not on a break, so there is no break to end."] } });
      expect(await beginCheckInAction({ deviceId: erin.device.id, punch: "out" })).toMatchObject({ ok: false, fieldErrors: { punch: ["You are not checked in, so you cannot check out."] } });
      const missing = await beginCheckInAction({ deviceId: erin.device.id });
      expect(missing).toMatchObject({ ok: false, code: "bad-input", fieldErrors: { punch: [PUNCH_REQUIRED] } });
      expect(await beginCheckInAction({ deviceId: erin.device.id, punch: "lunch" })).toMatchObject({ ok: false, fieldErrors: { punch: [PUNCH_REQUIRED] } });
      expect((await d.select().from(challenges).where(eq(challenges.userId, erin.user.id))).length).toBe(challengesBefore);
      expect(await eventsOf(erin.user.id)).toEqual([]);
    });

    it("refuses a signed punch that is not valid now, before the challenge is used", async () => {
      const ch = await begin(dave, "in");
      // The payload names another punch than the one begun for: what is signed is what counts, and it is invalid.
      const bad = await completeCheckInAction(await sign(dave.device.keys, payloadFor(ch, await dave.face(4), { punch: "break-end" })));
      expect(bad).toMatchObject({ ok: false, code: "bad-input", fieldErrors: { punch: ["You are not on a break, so there is no break to end."] } });
      const d = await openTestDatabase();
      const [row] = await d.select().from(challenges).where(eq(challenges.id, ch.challengeId));
      expect(row?.consumedAt).toBeNull();
      expect(await eventsOf(dave.user.id)).toEqual([]);
      // A payload without a punch (an old page): a field error too.
      const none = await completeCheckInAction(await sign(dave.device.keys, payloadFor(ch, await dave.face(4))));
      expect(none).toMatchObject({ ok: false, code: "bad-input", fieldErrors: { punch: [PUNCH_REQUIRED] } });
      expect(await eventsOf(dave.user.id)).toEqual([]);
      // The same challenge with the valid punch still works.
      const v = await complete(dave, await sign(dave.device.keys, payloadFor(ch, await dave.face(4), { punch: "in" })));
      expect(v, JSON.stringify(v)).toMatchObject({ status: "accepted", kind: "in" });
    });

    it("records a break the person chose, then offers its end", async () => {
      const ch = await begin(dave, "break-start");
      const v = await complete(dave, await sign(dave.device.keys, payloadOf(ch, await dave.face(5))));
      expect(v, JSON.stringify(v)).toMatchObject({ status: "accepted", kind: "break-start" });
      expect(v.message).toMatch(/^Break started at \d\d:\d\d\.$/);
      expect((await punchStatus(orgA.id, dave.user.id, new Date())).allowed).toEqual(["break-end", "out"]);
      expect((await eventsOf(dave.user.id)).map((e) => e.kind).sort()).toEqual(["break-start", "in"]);
    });
  });

  it("gives exactly one event when one challenge is submitted twice at once", async () => {
    const before = await acceptedCount(orgA.id);
    const ch = await begin(dave);
    const sub = await sign(dave.device.keys, payloadOf(ch, await dave.face(4)));
    actAs(dave.user);
    const results = await Promise.all([completeCheckInAction(sub), completeCheckInAction(sub), completeCheckInAction(sub)]);
    const verdicts = results.map((r) => (r.ok ? r.data : null));
    expect(verdicts.filter((v) => v?.status === "accepted")).toHaveLength(1);
    expect(verdicts.filter((v) => v?.status === "rejected" && v.reason === "challenge-used")).toHaveLength(2);
    expect(await acceptedCount(orgA.id)).toBe(before + 1);
  });

  it("rate-limits attempts per person", async () => {
    const ch = await begin(alice);
    const sub = await sign(alice.device.keys, payloadOf(ch, await alice.face(4), { modelId: "x" }));
    const reasons: string[] = [];
    for (let i = 0; i < 14; i++) {
      const v = await complete(alice, sub);
      reasons.push(v.status === "rejected" ? v.reason : v.status);
    }
    expect(reasons.slice(0, 12).every((r) => r !== "rate-limited")).toBe(true);
    expect(reasons.slice(12)).toEqual(["rate-limited", "rate-limited"]);
  });

  it("refuses the actions without a session", async () => {
    actAs(null);
    const r = await completeCheckInAction({ payload: "{}", signature: "x" });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.code).toBe("unauthenticated");
  });
});
