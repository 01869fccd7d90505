// The check-in queries on PGlite: 1:1 + 1:N matching (exact and HNSW agree, organisations never mix), atomic
// challenge consumption, sliding-window rate limits, in/out by the day's state with dedupe.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { consumeChallenge, createChallenge } from "@/lib/db/queries/challenges";
import { recordPunch } from "@/lib/db/queries/attendance-events";
import { registerPersonalDevice } from "@/lib/db/queries/devices";
import { hitRateLimits } from "@/lib/db/queries/rate-limits";
import { matchClaim, nearestPeople } from "@/lib/db/queries/templates";
import { attendanceEvents, rateLimits, type Organisation, type User } from "@/lib/db/schema";
import { EMBEDDING_MODEL_ID } from "@/lib/face/models";
import { faceSample, hasFaceData, lfwEmbeddings, noFaceDataMessage, PEOPLE } from "@/tools/faces";
import { deviceKeys, publicJwk, turnStepsOnly } from "@/tools/checkin-harness";
import { makeOrg, makeTemplates, makeUser } from "@/tools/builders";
import { openTestDatabase } from "../support/db";

process.env.BLOB_DIR = mkdtempSync(path.join(tmpdir(), "clockface-blob-"));
if (!hasFaceData) console.warn(noFaceDataMessage);

let orgA: Organisation;
let orgB: Organisation;
const people: Record<string, User> = {};

async function enrol(org: Organisation, key: keyof typeof PEOPLE, name: string = key) {
  const u = await makeUser(org.id, { name });
  await makeTemplates(org.id, u.id, { embeddings: await lfwEmbeddings(PEOPLE[key]) });
  return u;
}

describe("check-in queries", () => {
  beforeAll(async () => {
    await openTestDatabase();
    orgA = await makeOrg({ name: "Queries A", settings: turnStepsOnly({ dedupeMinutes: 5 }) });
    orgB = await makeOrg({ name: "Queries B", settings: turnStepsOnly() });
  });

  describe.skipIf(!hasFaceData)("matching", () => {
    beforeAll(async () => {
      for (const k of ["alice", "bob", "dave"] as const) people[k] = await enrol(orgA, k);
      // Alice's own face enrolled in another organisation: it must never count in A.
      people.aliceElsewhere = await enrol(orgB, "alice", "Alice elsewhere");
    }, 120_000);

    it("scores the claimed person 1:1 and the best other person 1:N, identically exact and by HNSW", async () => {
      const probe = (await faceSample(PEOPLE.alice, 4)).embedding;
      const exact = await matchClaim(orgA.id, EMBEDDING_MODEL_ID, probe, people.alice!.id, "exact");
      const hnsw = await matchClaim(orgA.id, EMBEDDING_MODEL_ID, probe, people.alice!.id, "hnsw");
      expect(exact.self).toBeGreaterThan(0.45);
      expect(exact.other).toBeLessThan(0.3);
      expect(hnsw.self).toBeCloseTo(exact.self!, 5);
      expect(hnsw.other).toBeCloseTo(exact.other!, 5);
      const asBob = await matchClaim(orgA.id, EMBEDDING_MODEL_ID, probe, people.bob!.id, "exact");
      expect(asBob.other).toBeCloseTo(exact.self!, 5); // Alice is Bob's best "other"
    });

    it("never lets another organisation's templates count", async () => {
      const probe = (await faceSample(PEOPLE.alice, 5)).embedding;
      for (const strategy of ["exact", "hnsw"] as const) {
        const top = await nearestPeople(orgA.id, EMBEDDING_MODEL_ID, probe, { people: 5, strategy });
        expect(top.map((c) => c.userId)).not.toContain(people.aliceElsewhere!.id);
        expect(top[0]?.userId).toBe(people.alice!.id);
        const inB = await nearestPeople(orgB.id, EMBEDDING_MODEL_ID, probe, { people: 5, strategy });
        expect(inB.map((c) => c.userId)).toEqual([people.aliceElsewhere!.id]);
      }
      const none = await matchClaim(orgB.id, EMBEDDING_MODEL_ID, probe, people.alice!.id, "exact");
      expect(none.self).toBeNull();
    });

    it("ignores templates of another model", async () => {
      const probe = (await faceSample(PEOPLE.alice, 4)).embedding;
      expect(await matchClaim(orgA.id, "another-model", probe, people.alice!.id, "exact")).toEqual({ self: null, other: null });
    });
  });

  it("consumes a challenge once, and never after expiry", async () => {
    const u = await makeUser(orgA.id, { name: "Chal" });
    const dev = await registerPersonalDevice({ orgId: orgA.id, userId: u.id, name: "x", jwk: await publicJwk(await deviceKeys()) });
    const c = await createChallenge({ orgId: orgA.id, userId: u.id, deviceId: dev.id, purpose: "check-in", nonce: "n".repeat(43), steps: ["blink"], ttlMs: 60_000 });
    const results = await Promise.all([consumeChallenge(orgA.id, c.id), consumeChallenge(orgA.id, c.id), consumeChallenge(orgA.id, c.id)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await consumeChallenge(orgB.id, c.id)).toBeNull();
    const old = await createChallenge({ orgId: orgA.id, userId: u.id, deviceId: dev.id, purpose: "check-in", nonce: "o".repeat(43), steps: ["blink"], ttlMs: -1000 });
    expect(await consumeChallenge(orgA.id, old.id)).toBeNull();
  });

  it("counts attempts in a sliding window", async () => {
    const d = await openTestDatabase();
    const subject = "window-test";
    const hit = () => hitRateLimits(orgA.id, [{ name: "checkinUser", subject }]);
    for (let i = 0; i < 12; i++) expect((await hit()).allowed).toBe(true);
    expect(await hit()).toEqual({ allowed: false, exceeded: ["checkinUser"] });
    // Slide the window: move every attempt 11 minutes into the past.
    await d.update(rateLimits).set({ at: sql`now() - interval '11 minutes'` }).where(eq(rateLimits.bucket, `checkinUser:${subject}`));
    expect((await hit()).allowed).toBe(true);
  });

  it("records the chosen punch; the same punch within the dedupe window is unchanged; an invalid one writes nothing", async () => {
    const u = await makeUser(orgA.id, { name: "Inout" });
    const t0 = new Date("2026-03-02T08:55:00Z"); // a Monday, 08:55 in London
    const a = await recordPunch(orgA, u.id, "in", { deviceId: null }, t0);
    expect(a).toMatchObject({ outcome: "recorded", event: { kind: "in" } });
    if (a.outcome !== "recorded") return;
    const b = await recordPunch(orgA, u.id, "in", { deviceId: null }, new Date(t0.getTime() + 2 * 60_000));
    expect(b).toMatchObject({ outcome: "unchanged", event: { id: a.event.id } });
    // 12:25: ending a break that never started is refused (nothing written).
    const bad = await recordPunch(orgA, u.id, "break-end", { deviceId: null }, new Date("2026-03-02T12:25:00Z"));
    expect(bad).toEqual({ outcome: "invalid", message: "You are not on a break, so there is no break to end." });
    const br = await recordPunch(orgA, u.id, "break-start", { deviceId: null }, new Date("2026-03-02T12:30:00Z"));
    expect(br).toMatchObject({ outcome: "recorded", event: { kind: "break-start" } });
    const c = await recordPunch(orgA, u.id, "out", { deviceId: null }, new Date(t0.getTime() + 8 * 3_600_000));
    expect(c).toMatchObject({ outcome: "recorded", event: { kind: "out" } });
    // The next morning "out" again is refused: a new day starts out.
    const stale = await recordPunch(orgA, u.id, "out", { deviceId: null }, new Date(t0.getTime() + 24 * 3_600_000));
    expect(stale).toEqual({ outcome: "invalid", message: "You are not checked in, so you cannot check out." });
    const next = await recordPunch(orgA, u.id, "in", { deviceId: null }, new Date(t0.getTime() + 24 * 3_600_000));
    expect(next).toMatchObject({ outcome: "recorded", event: { kind: "in" } });
    const d = await openTestDatabase();
    const rows = await d.select().from(attendanceEvents).where(eq(attendanceEvents.userId, u.id)).orderBy(attendanceEvents.at);
    expect(rows.map((r) => r.kind)).toEqual(["in", "break-start", "out", "in"]);
  });
});
