// Issue 14: the evidence burst decided on the server, through the real completeCheckInAction action with the real models
// (no mocked model): a genuine burst of a dev clip is accepted; a still repeated, one photo shifted and scaled, the
// movements in the wrong order, two people spliced, one frame replaced, and a context crop of someone else are
// refused with their reason, nothing accepted written; each bad input has its own reason and consumes the challenge.
// The person is the woman of intel_headpose_female.gif (the only dev clip with head turns), so the organisation's
// step pool is turn-left / turn-right and each challenge is set to [turn-left, turn-right] (her clip's order).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("@/lib/auth/session", () => ({
  currentSession: async () => (globalThis as { __sessionRef?: { current: unknown } }).__sessionRef?.current ?? null,
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "203.0.113.9", "user-agent": "vitest" }),
}));

import { beginCheckInAction, completeCheckInAction } from "@/app/check-in/actions";
import type { PunchKind } from "@/lib/attendance/punches";
import { punchStatus } from "@/lib/reports/punch-status";
import type { IssuedChallenge } from "@/lib/checkin/challenge";
import { buildPayload } from "@/lib/checkin/payload";
import type { Verdict } from "@/lib/checkin/reasons";
import { registerPersonalDevice } from "@/lib/db/queries/devices";
import { putTemplate, setEnrolment } from "@/lib/db/queries/templates";
import { attendanceEvents, challenges, rateLimits, type Organisation, type User } from "@/lib/db/schema";
import { EMBEDDING_MODEL_ID } from "@/lib/face/models";
import { thresholdBounds } from "@/lib/validations/settings";
import { devDataDir } from "@/tools/browser-harness";
import { deviceKeys, liveTranscript, makeOrg, makeUser, publicJwk, sign, signInAs, type TestDevice } from "@/tools/checkin-harness";
import { openTestDatabase } from "../support/db";
import { evidenceFrame, faceSampleFromFrame, type ClipName } from "@/tools/evidence-bursts";
import type { FaceSample } from "@/tools/faces";

process.env.BLOB_DIR = mkdtempSync(path.join(tmpdir(), "clockface-blob-"));
const data = devDataDir();
if (!data) console.warn("checkin-evidence: ../shared/data/dev not found (set CLOCKFACE_DATA_DIR): skipped");

const STEPS = ["turn-left", "turn-right"] as const;
/** The genuine burst: frontal (9), turning to her left (11, 13 peak, 16), back (19), to her right (21, 22). */
const GENUINE = [9, 11, 13, 16, 19, 21, 22];

let org: Organisation;
let user: User;
let device: TestDevice;
let sample: FaceSample;

type Frame = { jpeg: Uint8Array; tMs: number };
const timed = (jpegs: Uint8Array[]): Frame[] => jpegs.map((jpeg, i) => ({ jpeg, tMs: 100 + i * 150 }));
const frames = (name: ClipName, idx: number[]) => Promise.all(idx.map((i) => evidenceFrame(data!, name, i)));

/** The punch of the current check-in: the first valid one for where the person stands (what the page offers first). */
let punch: PunchKind = "in";

async function begin(): Promise<IssuedChallenge> {
  signInAs(user);
  punch = (await punchStatus(user.orgId, user.id, new Date())).allowed[0]!;
  const r = await beginCheckInAction({ deviceId: device.id, punch });
  if (!r.ok || r.data.status !== "ready") throw new Error(`beginCheckInAction: ${JSON.stringify(r)}`);
  const d = await openTestDatabase();
  await d.update(challenges).set({ steps: [...STEPS] }).where(eq(challenges.id, r.data.challenge.challengeId));
  return { ...r.data.challenge, steps: [...STEPS] };
}

async function submit(burst: Frame[], s: FaceSample = sample): Promise<Verdict> {
  const ch = await begin();
  const p = buildPayload({
    purpose: "check-in",
    challengeId: ch.challengeId,
    nonce: ch.nonce,
    deviceId: ch.deviceId,
    modelId: EMBEDDING_MODEL_ID,
    embedding: s.embedding,
    alignedJpeg: s.alignedJpeg,
    contextJpeg: s.contextJpeg,
    faceBox: s.faceBox,
    antispoofScore: 0.95,
    transcript: liveTranscript(STEPS),
    provider: "wasm",
    timings: {},
    frames: burst,
    punch,
  });
  signInAs(user);
  const r = await completeCheckInAction(await sign(device.keys, p));
  if (!r.ok) throw new Error(`completeCheckInAction: ${r.code} ${r.error}`);
  return r.data;
}

async function accepted(): Promise<number> {
  const d = await openTestDatabase();
  const [row] = await d.select({ n: sql<number>`count(*)::int` }).from(attendanceEvents).where(and(eq(attendanceEvents.orgId, org.id), eq(attendanceEvents.decision, "accepted")));
  return row!.n;
}

async function expectRefused(burst: Frame[] | Promise<Frame[]>, reason: string, s?: FaceSample): Promise<string> {
  const before = await accepted();
  const v = await submit(await burst, s);
  expect(v.status, JSON.stringify(v)).toBe("rejected");
  if (v.status !== "rejected") return "";
  expect(v.reason, JSON.stringify(v)).toBe(reason);
  const d = await openTestDatabase();
  const [ev] = await d.select().from(attendanceEvents).where(eq(attendanceEvents.id, v.eventId!));
  expect(ev?.reason).toBe(reason);
  expect(await accepted()).toBe(before);
  const [ch] = await d.select().from(challenges).where(eq(challenges.orgId, org.id)).orderBy(sql`created_at desc`).limit(1);
  expect(ch?.consumedAt, "the challenge is consumed").not.toBeNull();
  return JSON.stringify((ev?.liveness as { server?: unknown } | null)?.server ?? null);
}

describe.skipIf(!data)("completeCheckInAction with an evidence burst (server-side liveness and identity)", () => {
  beforeAll(async () => {
    await openTestDatabase();
    org = await makeOrg("Evidence", { livenessSteps: [...STEPS], antispoofThreshold: thresholdBounds.antispoof.min });
    user = await makeUser(org.id, "Hana");
    const keys = await deviceKeys();
    const dev = await registerPersonalDevice({ orgId: org.id, userId: user.id, name: "Hana's laptop", jwk: await publicJwk(keys) });
    device = { id: dev.id, keys };
    const d = await openTestDatabase();
    for (const [k, i] of [10, 18, 20].entries()) {
      const s = await faceSampleFromFrame(data!, "female", i);
      await putTemplate(d, { orgId: org.id, userId: user.id, modelId: EMBEDDING_MODEL_ID, embedding: s.embedding, quality: 0.9, pose: (["frontal", "left", "right"] as const)[k]! });
    }
    await setEnrolment(d, org.id, user.id, "enrolled");
    user = { ...user, enrolment: "enrolled" };
    sample = await faceSampleFromFrame(data!, "female", 9);
  }, 300_000);

  beforeEach(async () => {
    await (await openTestDatabase()).delete(rateLimits);
  });

  it("accepts her genuine burst: turning left, then right, one face throughout", async () => {
    const v = await submit(timed(await frames("female", GENUINE)));
    expect(v.status, JSON.stringify(v)).toBe("accepted");
    const d = await openTestDatabase();
    const [ev] = await d.select().from(attendanceEvents).where(eq(attendanceEvents.orgId, org.id)).orderBy(sql`created_at desc`).limit(1);
    expect((ev?.liveness as { server?: { passed: boolean; frames: number } }).server).toMatchObject({ passed: true, frames: GENUINE.length });
  }, 120_000);

  it("refuses a still repeated (liveness-failed: no turn on the server's own yaw)", async () => {
    const still = await evidenceFrame(data!, "female", 9);
    const moved = [0, 1, 2, 3, 4, 5, 6].map((k) => evidenceFrame(data!, "female", 9, { dx: 0.01 * k, dy: -0.005 * k, scale: 1 + 0.01 * k }));
    expect(await expectRefused(timed([still, ...(await Promise.all(moved)).slice(1)]), "liveness-failed")).toMatch(/step-1-turn-left/);
  }, 120_000);

  it("refuses one photo shifted and scaled", async () => {
    const v = [[0, 0, 1], [0.05, 0, 1], [-0.05, 0.03, 1.05], [0.03, -0.04, 0.92], [-0.08, 0, 1.1], [0.08, 0.05, 0.95], [0, -0.06, 1.12]] as const;
    const jpegs = await Promise.all(v.map(([dx, dy, scale]) => evidenceFrame(data!, "female", 13, { dx, dy, scale })));
    expect(await expectRefused(timed(jpegs), "liveness-failed")).toMatch(/start-frontal|step-2-turn-right/);
  }, 120_000);

  it("refuses the right movements in the wrong order (her clip played backwards)", async () => {
    expect(await expectRefused(timed(await frames("female", [...GENUINE].reverse())), "liveness-failed")).toMatch(/step-1-turn-left/);
  }, 120_000);

  it("refuses two people spliced, one frame replaced, and a context crop of someone else (face-mismatch)", async () => {
    const spliced = [...(await frames("female", [9, 11, 13, 16])), ...(await frames("blink", [5, 9, 14]))];
    expect(await expectRefused(timed(spliced), "face-mismatch")).toMatch(/same-person/);
    const replaced = await frames("female", GENUINE);
    replaced[3] = await evidenceFrame(data!, "male", 30);
    expect(await expectRefused(timed(replaced), "face-mismatch")).toMatch(/same-person/);
    const other = await faceSampleFromFrame(data!, "blink", 0);
    const mixed = { ...sample, contextJpeg: other.contextJpeg, faceBox: other.faceBox };
    expect(await expectRefused(timed(await frames("female", GENUINE)), "face-mismatch", mixed)).toMatch(/context-face/);
  }, 180_000);

  it("refuses bad input with its own reason, the challenge consumed, nothing accepted", async () => {
    const good = await frames("female", GENUINE);
    await expectRefused(timed(good.slice(0, 5)), "too-few-frames");
    const swapped = timed(good);
    [swapped[2]!.tMs, swapped[3]!.tMs] = [swapped[3]!.tMs, swapped[2]!.tMs];
    await expectRefused(swapped, "frames-out-of-order");
    await expectRefused(good.map((jpeg, i) => ({ jpeg, tMs: 20_000 + i * 150 })), "frames-outside-challenge");
    const small = [...good];
    small[4] = new Uint8Array((await import("jpeg-js")).default.encode({ data: Buffer.alloc(128 * 128 * 4, 128), width: 128, height: 128 }, 90).data);
    await expectRefused(timed(small), "frame-sizes-differ");
    const broken = [...good];
    broken[2] = broken[2]!.subarray(0, 600);
    await expectRefused(timed(broken), "frame-unreadable");
    await expectRefused(timed(Array.from({ length: 11 }, (_, i) => good[i % good.length]!)), "burst-too-large");
  }, 180_000);
});
