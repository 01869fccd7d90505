// Issue 14: the evidence burst decided on the server, through the real completeCheckInAction with the real models
// (no mocked model): a genuine burst is accepted; a still repeated, one photo shifted and scaled, the movements in the
// wrong order, two people spliced, one frame replaced, a context crop of someone else, and a payload without frames
// are refused with their reason, nothing accepted written; each bad input has its own reason and consumes the
// challenge. The person is the woman of the committed burst (tests/fixtures/burst, CC BY 4.0: she turns to her left,
// then her right), so the organisation's step pool is turn-left / turn-right and each challenge is set to
// [turn-left, turn-right] (her burst's order). Runs on a fresh clone: no ../shared/data needed.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("@/lib/auth/session", async () => (await import("../support/session")).sessionModule);
import { actAs } from "../support/session";
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
import { decodeJpegRgba } from "@/lib/face/node/jpeg";
import { measureEvidenceJpeg } from "@/lib/face/node/evidence";
import { EMBEDDING_MODEL_ID } from "@/lib/face/models";
import { thresholdBounds } from "@/lib/validations/settings";
import { cropSquareRgba } from "@/lib/face/preprocess";
import { deviceKeys, liveTranscript, publicJwk, sign, type TestDevice } from "@/tools/checkin-harness";
import { makeOrg, makeUser } from "@/tools/builders";
import { openTestDatabase } from "../support/db";
import { femaleBurst, femaleFrame, femaleSample, FEMALE_FRAMES, FEMALE_STEPS, maleFrame, timed, type BurstFrame } from "@/tools/burst-fixture";
import type { FaceSample } from "@/tools/faces";
import jpeg from "jpeg-js";

process.env.BLOB_DIR = mkdtempSync(path.join(tmpdir(), "clockface-blob-"));

const STEPS = FEMALE_STEPS;

let org: Organisation;
let user: User;
let device: TestDevice;
let sample: FaceSample;

type Frame = BurstFrame;

/** Her crop of frame i shifted by dx, dy of its side and scaled (one photo moved about), re-encoded. */
async function moved(i: (typeof FEMALE_FRAMES)[number], dx: number, dy: number, scale: number): Promise<Uint8Array> {
  const img = await decodeJpegRgba(femaleFrame(i));
  const side = img.width * scale;
  const rgba = cropSquareRgba(img, { x: img.width * dx + (img.width - side) / 2, y: img.height * dy + (img.height - side) / 2, width: side, height: side }, img.width);
  return new Uint8Array(jpeg.encode({ data: Buffer.from(rgba.buffer), width: img.width, height: img.height }, 90).data);
}

/** The punch of the current check-in: the first valid one for where the person stands (what the page offers first). */
let punch: PunchKind = "in";

async function begin(): Promise<IssuedChallenge> {
  actAs(user);
  punch = (await punchStatus(user.orgId, user.id, new Date())).allowed[0]!;
  const r = await beginCheckInAction({ deviceId: device.id, punch });
  if (!r.ok || r.data.status !== "ready") throw new Error(`beginCheckInAction: ${JSON.stringify(r)}`);
  const d = await openTestDatabase();
  await d.update(challenges).set({ steps: [...STEPS] }).where(eq(challenges.id, r.data.challenge.challengeId));
  return { ...r.data.challenge, steps: [...STEPS] };
}

async function submit(burst: Frame[] | undefined, s: FaceSample = sample): Promise<Verdict> {
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
    ...(burst ? { frames: burst } : {}),
    punch,
  });
  actAs(user);
  const r = await completeCheckInAction(await sign(device.keys, p));
  if (!r.ok) throw new Error(`completeCheckInAction: ${r.code} ${r.error}`);
  return r.data;
}

async function accepted(): Promise<number> {
  const d = await openTestDatabase();
  const [row] = await d.select({ n: sql<number>`count(*)::int` }).from(attendanceEvents).where(and(eq(attendanceEvents.orgId, org.id), eq(attendanceEvents.decision, "accepted")));
  return row!.n;
}

async function expectRefused(burst: Frame[] | undefined, reason: string, s?: FaceSample): Promise<string> {
  const before = await accepted();
  const v = await submit(burst, s);
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

describe("completeCheckInAction with an evidence burst (server-side liveness and identity)", () => {
  beforeAll(async () => {
    await openTestDatabase();
    org = await makeOrg({ name: "Evidence", settings: { livenessSteps: [...STEPS], antispoofThreshold: thresholdBounds.antispoof.min } });
    user = await makeUser(org.id, { name: "Hana" });
    const keys = await deviceKeys();
    const dev = await registerPersonalDevice({ orgId: org.id, userId: user.id, name: "Hana's laptop", jwk: await publicJwk(keys) });
    device = { id: dev.id, keys };
    const d = await openTestDatabase();
    // her templates: the server's embeddings of three of her frames (frontal, her left, her right)
    for (const [k, i] of ([9, 13, 22] as const).entries()) {
      const m = await measureEvidenceJpeg(femaleFrame(i));
      await putTemplate(d, { orgId: org.id, userId: user.id, modelId: EMBEDDING_MODEL_ID, embedding: Float32Array.from(m.embedding), quality: 0.9, pose: (["frontal", "left", "right"] as const)[k]! });
    }
    await setEnrolment(d, org.id, user.id, "enrolled");
    user = { ...user, enrolment: "enrolled" };
    sample = await femaleSample();
  }, 300_000);

  beforeEach(async () => {
    await (await openTestDatabase()).delete(rateLimits);
  });

  it("accepts her genuine burst: turning left, then right, one face throughout", async () => {
    const v = await submit(femaleBurst());
    expect(v.status, JSON.stringify(v)).toBe("accepted");
    const d = await openTestDatabase();
    const [ev] = await d.select().from(attendanceEvents).where(eq(attendanceEvents.orgId, org.id)).orderBy(sql`created_at desc`).limit(1);
    const server = (ev?.liveness as { server?: { passed: boolean; frames: number; templateCosine: number } }).server;
    expect(server).toMatchObject({ passed: true, frames: FEMALE_FRAMES.length });
    // every frame is her: each frame's best cosine with her templates
    expect(server!.templateCosine).toBeGreaterThanOrEqual(0.35);
  }, 120_000);

  it("refuses a payload without frames (frames-missing): the server never decides from the transcript alone", async () => {
    expect(await expectRefused(undefined, "frames-missing")).toBe("null");
  }, 60_000);

  it("refuses a still repeated, barely moved (liveness-failed: no turn on the server's own yaw)", async () => {
    const still = await Promise.all([0, 1, 2, 3, 4, 5, 6].map((k) => moved(9, 0.01 * k, -0.005 * k, 1 + 0.01 * k)));
    expect(await expectRefused(timed(still), "liveness-failed")).toMatch(/step-1-turn-left/);
  }, 120_000);

  it("refuses one photo shifted and scaled", async () => {
    const v = [[0, 0, 1], [0.05, 0, 1], [-0.05, 0.03, 1.05], [0.03, -0.04, 0.92], [-0.08, 0, 1.1], [0.08, 0.05, 0.95], [0, -0.06, 1.12]] as const;
    const jpegs = await Promise.all(v.map(([dx, dy, scale]) => moved(13, dx, dy, scale)));
    expect(await expectRefused(timed(jpegs), "liveness-failed")).toMatch(/start-frontal|step-2-turn-right/);
  }, 120_000);

  it("refuses the right movements in the wrong order (her turns played backwards)", async () => {
    expect(await expectRefused(timed([...FEMALE_FRAMES].reverse().map(femaleFrame)), "liveness-failed")).toMatch(/step-2-turn-right/);
  }, 120_000);

  it("refuses two people spliced, one frame replaced, and a context crop of someone else (face-mismatch)", async () => {
    const spliced = [...([9, 11, 13, 16] as const).map(femaleFrame), ...([0, 10, 20] as const).map(maleFrame)];
    expect(await expectRefused(timed(spliced), "face-mismatch")).toMatch(/same-person/);
    const replaced = FEMALE_FRAMES.map(femaleFrame);
    replaced[3] = maleFrame(30);
    expect(await expectRefused(timed(replaced), "face-mismatch")).toMatch(/same-person/);
    // his evidence crop as the context crop: the face box is its central 1/1.5 (the evidence crop's scale)
    const side = 160 / 1.5;
    const mixed = { ...sample, contextJpeg: maleFrame(30), faceBox: { x: (160 - side) / 2, y: (160 - side) / 2, width: side, height: side } };
    expect(await expectRefused(femaleBurst(), "face-mismatch", mixed)).toMatch(/context-face/);
  }, 180_000);

  it("refuses bad input with its own reason, the challenge consumed, nothing accepted", async () => {
    const good = FEMALE_FRAMES.map(femaleFrame);
    await expectRefused(timed(good.slice(0, 5)), "too-few-frames");
    const swapped = timed(good);
    [swapped[2]!.tMs, swapped[3]!.tMs] = [swapped[3]!.tMs, swapped[2]!.tMs];
    await expectRefused(swapped, "frames-out-of-order");
    await expectRefused(good.map((jpeg, i) => ({ jpeg, tMs: 20_000 + i * 150 })), "frames-outside-challenge");
    const small = [...good];
    small[4] = new Uint8Array(jpeg.encode({ data: Buffer.alloc(128 * 128 * 4, 128), width: 128, height: 128 }, 90).data);
    await expectRefused(timed(small), "frame-sizes-differ");
    const broken = [...good];
    broken[2] = broken[2]!.subarray(0, 600);
    await expectRefused(timed(broken), "frame-unreadable");
    await expectRefused(timed(Array.from({ length: 11 }, (_, i) => good[i % good.length]!)), "burst-too-large");
  }, 180_000);
});
