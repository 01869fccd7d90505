// Issue 17, item 2: a failure the browser decided (no face, too slow, suspected photo…) reaches the admins. Through
// the real server action: a signed report is written as a rejected attempt that the review queue and the Rejected
// tab list; anything malformed, unsigned, from another person's or organisation's laptop or challenge, replayed,
// late or over the rate limit is refused with nothing written. Real WebCrypto keys, real PGlite; no face data needed.
import { and, count, eq } from "drizzle-orm";
import { renderToString } from "react-dom/server";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("@/lib/auth/session", async () => (await import("../support/session")).sessionModule);
import { actAs } from "../support/session";
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("next/headers", () => ({
  headers: async () =>
    new Headers({ "x-clockface-peer": "203.0.113.7", "user-agent": "vitest" }),
}));

process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";

import { emptyCheckins } from "@/app/admin/check-ins/empty";
import CheckinsPage from "@/app/admin/check-ins/page";
import { beginCheckInAction, reportFailedCheckInAction } from "@/app/check-in/actions";
import { reasonLabel } from "@/lib/format";
import { buildFailedAttempt, failedAttemptLimits } from "@/lib/checkin/attempt";
import { canonicalJson } from "@/lib/checkin/canonical";
import type { IssuedChallenge } from "@/lib/checkin/challenge";
import { rateLimitRules } from "@/lib/checkin/rate-limit";
import { signedFailure } from "@/lib/checkin/client/submit";
import { listReviewQueue } from "@/lib/db/queries/admin-dashboard";
import { listCheckinEvents } from "@/lib/db/queries/attendance-events";
import { failedChecks } from "@/lib/checkin/failed-checks";
import { registerPersonalDevice } from "@/lib/db/queries/devices";
import { attendanceEvents, challenges, rateLimits, type Organisation, type User } from "@/lib/db/schema";
import { deviceKeys, publicJwk, signText, type TestDevice, turnStepsOnly } from "@/tools/checkin-harness";
import { makeOrg, makeUser } from "@/tools/builders";
import { openTestDatabase } from "../support/db";

interface Person {
  user: User;
  device: TestDevice;
}

let orgA: Organisation;
let orgB: Organisation;
let alice: Person;
let bob: Person;
let carol: Person;

async function person(org: Organisation, name: string): Promise<Person> {
  const user = await makeUser(org.id, { name });
  const keys = await deviceKeys();
  const device = await registerPersonalDevice({ orgId: org.id, userId: user.id, name: `${name}'s laptop`, jwk: await publicJwk(keys) });
  return { user, device: { id: device.id, keys } };
}

async function begin(p: Person): Promise<IssuedChallenge> {
  actAs(p.user);
  const r = await beginCheckInAction({ deviceId: p.device.id, punch: "in" });
  if (!r.ok || r.data.status !== "ready") throw new Error(`beginCheckIn: ${JSON.stringify(r)}`);
  return r.data.challenge;
}

const noFace = { attempt: 1, reason: "no-face" as const, failedRules: [] as string[], frames: 64, durationMs: 8012 };

async function report(as: Person, sub: { payload: string; signature: string }) {
  actAs(as.user);
  return reportFailedCheckInAction(sub);
}

async function eventCount(orgId: string): Promise<number> {
  const d = await openTestDatabase();
  const [row] = await d.select({ n: count() }).from(attendanceEvents).where(eq(attendanceEvents.orgId, orgId));
  return row!.n;
}

/** `run` is refused with `code` and writes nothing in either organisation. */
async function expectRefused(run: () => Promise<unknown>, code: string) {
  const before = [await eventCount(orgA.id), await eventCount(orgB.id)];
  const r = (await run()) as { ok: boolean; code?: string; error?: string };
  expect(r.ok, JSON.stringify(r)).toBe(false);
  expect(r.code).toBe(code);
  expect(r.error!.length).toBeGreaterThan(10);
  expect([await eventCount(orgA.id), await eventCount(orgB.id)]).toEqual(before);
  return r;
}

describe("reportFailedCheckInAction", () => {
  beforeAll(async () => {
    await openTestDatabase();
    orgA = await makeOrg({ name: "Acme", settings: turnStepsOnly() });
    orgB = await makeOrg({ name: "Other Org", settings: turnStepsOnly() });
    alice = await person(orgA, "Alice");
    bob = await person(orgA, "Bob");
    carol = await person(orgB, "Carol");
  });

  beforeEach(async () => {
    const d = await openTestDatabase();
    await d.delete(rateLimits);
  });

  it("records a signed no-face failure as a rejected attempt that the review queue and the Rejected tab list", async () => {
    const ch = await begin(alice);
    const r = await report(alice, await signedFailure(alice.device.keys, ch, noFace));
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    const d = await openTestDatabase();
    const [ev] = await d.select().from(attendanceEvents).where(eq(attendanceEvents.id, r.data.eventId));
    expect(ev).toMatchObject({ orgId: orgA.id, userId: alice.user.id, deviceId: alice.device.id, decision: "rejected", reason: "no-face", kind: null, source: "face", blobKey: null });
    expect(ev!.liveness).toMatchObject({ decidedBy: "browser", challengeId: ch.challengeId, attempt: 1, frames: 64, durationMs: 8012, failed: [] });
    const queue = await listReviewQueue(orgA.id);
    expect(queue.items.map((i) => i.id)).toContain(r.data.eventId);
    expect(queue.items.find((i) => i.id === r.data.eventId)?.reason).toBe("no-face");
    const rejected = await listCheckinEvents(orgA.id, { decision: "rejected" });
    expect(rejected.map((e) => e.id)).toContain(r.data.eventId);
    // The other organisation's admins see nothing of it.
    expect((await listReviewQueue(orgB.id)).items.map((i) => i.id)).not.toContain(r.data.eventId);
    expect((await listCheckinEvents(orgB.id)).map((e) => e.id)).not.toContain(r.data.eventId);
  });

  it("takes each 'Try again' under one challenge once, refuses a replay, and leaves the challenge usable", async () => {
    const ch = await begin(alice);
    const first = await signedFailure(alice.device.keys, ch, { ...noFace, reason: "spoof-suspected", failedRules: ["face-motion"], antispoofScore: 0.12 });
    expect((await report(alice, first)).ok).toBe(true);
    await expectRefused(() => report(alice, first), "bad-input");
    const second = await report(alice, await signedFailure(alice.device.keys, ch, { ...noFace, attempt: 2, reason: "step-timeout" }));
    expect(second.ok).toBe(true);
    const d = await openTestDatabase();
    const [row] = await d.select({ consumedAt: challenges.consumedAt }).from(challenges).where(eq(challenges.id, ch.challengeId));
    expect(row!.consumedAt).toBeNull();
    const events = await d
      .select({ reason: attendanceEvents.reason, antispoof: attendanceEvents.antispoof })
      .from(attendanceEvents)
      .where(and(eq(attendanceEvents.orgId, orgA.id), eq(attendanceEvents.userId, alice.user.id)));
    expect(events).toEqual(expect.arrayContaining([{ reason: "spoof-suspected", antispoof: expect.closeTo(0.12, 5) }, { reason: "step-timeout", antispoof: null }]));
    // The Check-ins page says which of the laptop's checks refused it.
    const listed = (await listCheckinEvents(orgA.id, { decision: "rejected" })).filter((e) => e.reason === "spoof-suspected" && e.userId === alice.user.id);
    expect(listed.map((e) => failedChecks(e.liveness))).toContainEqual([{ by: "browser", rule: "face-motion", label: "face did not move" }]);
  });

  it("answers bad input with field errors and writes nothing", async () => {
    const ch = await begin(alice);
    const res = await expectRefused(() => report(alice, { payload: 5, signature: "x" } as never), "bad-input");
    expect((res as { fieldErrors?: Record<string, string[]> }).fieldErrors).toHaveProperty("payload");
    const good = buildFailedAttempt({ ...noFace, challengeId: ch.challengeId, nonce: ch.nonce, deviceId: ch.deviceId });
    // Not canonical JSON (spaces), an unknown reason, an unknown field, a non-integer attempt, too long.
    const bad: unknown[] = [
      JSON.stringify(good, null, 1),
      canonicalJson({ ...good, reason: "all-good" }),
      canonicalJson({ ...good, embedding: "AAAA" }),
      canonicalJson({ ...good, attempt: 1.5 }),
      canonicalJson({ ...good, failedRules: ["x".repeat(failedAttemptLimits.maxChars)] }),
    ];
    for (const text of bad) {
      const r = await expectRefused(async () => report(alice, await signText(alice.device.keys, text as string)), "bad-input");
      expect((r as { fieldErrors?: Record<string, string[]> }).fieldErrors?.payload?.[0]).toMatch(/could not be read|too large/);
    }
  });

  it("refuses a report signed by another key, from another person's laptop, or under another person's challenge", async () => {
    const ch = await begin(alice);
    const other = await deviceKeys();
    await expectRefused(async () => report(alice, await signedFailure(other, ch, noFace)), "forbidden");
    // Bob, signed in, sends Alice's signed report (her device): not his laptop.
    await expectRefused(async () => report(bob, await signedFailure(alice.device.keys, ch, noFace)), "forbidden");
    // Bob on his own laptop, under Alice's challenge.
    const onBobs: IssuedChallenge = { ...ch, deviceId: bob.device.id };
    await expectRefused(async () => report(bob, await signedFailure(bob.device.keys, onBobs, noFace)), "bad-input");
  });

  it("refuses another organisation's device and challenge ids", async () => {
    const ch = await begin(alice);
    // Carol (organisation B) with Alice's ids, signed with her own key: the device is not found in B.
    await expectRefused(async () => report(carol, await signedFailure(carol.device.keys, ch, noFace)), "forbidden");
    // Carol's own device with Alice's challenge: unknown in B.
    await expectRefused(async () => report(carol, await signedFailure(carol.device.keys, { ...ch, deviceId: carol.device.id }, noFace)), "bad-input");
  });

  it("refuses a challenge already used by a check-in, or expired beyond the grace", async () => {
    const d = await openTestDatabase();
    const used = await begin(alice);
    await d.update(challenges).set({ consumedAt: new Date() }).where(eq(challenges.id, used.challengeId));
    await expectRefused(async () => report(alice, await signedFailure(alice.device.keys, used, noFace)), "bad-input");
    const late = await begin(alice);
    await d.update(challenges).set({ expiresAt: new Date(Date.now() - failedAttemptLimits.graceMs - 60_000) }).where(eq(challenges.id, late.challengeId));
    await expectRefused(async () => report(alice, await signedFailure(alice.device.keys, late, noFace)), "bad-input");
    // Within the grace a report still counts (the failure happened while the challenge was valid).
    const recent = await begin(alice);
    await d.update(challenges).set({ expiresAt: new Date(Date.now() - 10_000) }).where(eq(challenges.id, recent.challengeId));
    expect((await report(alice, await signedFailure(alice.device.keys, recent, noFace))).ok).toBe(true);
  });

  it("counts reports in the check-in rate limits and refuses beyond them", async () => {
    const ch = await begin(bob);
    for (let i = 1; i <= rateLimitRules.checkinUser.limit; i++) {
      const r = await report(bob, await signedFailure(bob.device.keys, ch, { ...noFace, attempt: Math.min(i, failedAttemptLimits.maxAttempts) }));
      if (i <= failedAttemptLimits.maxAttempts) expect(r.ok, `report ${i}`).toBe(true);
    }
    await expectRefused(async () => report(bob, await signedFailure(bob.device.keys, ch, { ...noFace, attempt: 1 })), "forbidden");
  });

  it("the admin's Rejected tab lists the reported failure by its reason; an empty filtered tab says what it filters", async () => {
    const ch = await begin(alice);
    const r = await report(alice, await signedFailure(alice.device.keys, ch, { ...noFace, reason: "spoof-suspected", failedRules: ["face-motion"] }));
    expect(r.ok).toBe(true);
    const render = async (admin: User, decision?: string) => {
      actAs(admin);
      const page = await CheckinsPage({ searchParams: Promise.resolve(decision ? { decision } : {}) });
      return renderToString(page).replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/\s+/g, " ");
    };
    const ownerA = await makeUser(orgA.id, { name: "Olga", role: "owner" });
    const tab = await render(ownerA, "rejected");
    expect(tab).toContain("Alice");
    expect(tab).toContain(reasonLabel("spoof-suspected"));
    expect(tab).toContain(reasonLabel("no-face"));
    // Organisation B's owner: nothing of A's, and the empty Rejected tab says it is filtered to rejected attempts.
    const ownerB = await makeUser(orgB.id, { name: "Otto", role: "owner" });
    const empty = await render(ownerB, "rejected");
    expect(empty).not.toContain("Alice");
    expect(empty).toContain(emptyCheckins.rejected);
    expect(await render(ownerB, "accepted")).toContain(emptyCheckins.accepted);
  });

  it("refuses without a session", async () => {
    const ch = await begin(alice);
    const sub = await signedFailure(alice.device.keys, ch, noFace);
    actAs(null);
    await expectRefused(() => reportFailedCheckInAction(sub), "unauthenticated");
  });
});
