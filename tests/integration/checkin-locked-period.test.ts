// Issue 16: a face punch in an approved pay period is refused, and a refused punch keeps no face image — neither in
// the object store (the local blob store here) nor in the database (a kiosk's pending identification) — on a
// laptop (refused before the capture, and again after it when the period is approved during the capture) and at a
// kiosk (refused at the scan, and at the choice when the period is approved in between). Real PGlite, the real
// server actions and models, the committed burst (tests/fixtures/burst): runs on a fresh clone.
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("@/lib/auth/session", async () => (await import("../support/session")).sessionModule);
import { actAs } from "../support/session";
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-clockface-peer": "192.0.2.10", "user-agent": "vitest" }) }));

import { approvePeriodAction, unlockPeriodAction } from "@/app/admin/periods/actions";
import { registerKioskAction } from "@/app/admin/devices/actions";
import { beginCheckInAction, beginKioskCheckInAction, completeCheckInAction, completeKioskCheckInAction, kioskPunchAction } from "@/app/check-in/actions";
import { lockedMessage, payPeriodOf } from "@/lib/attendance/approval";
import { localDateOf } from "@/lib/attendance/local-time";
import type { IssuedChallenge } from "@/lib/checkin/challenge";
import { kioskBeginBytes, kioskPunchBytes } from "@/lib/checkin/kiosk-begin";
import { signBytes } from "@/lib/checkin/signature";
import { registerPersonalDevice } from "@/lib/db/queries/devices";
import { putTemplate, setEnrolment } from "@/lib/db/queries/templates";
import { attendanceEvents, challenges, kioskIdentifications, rateLimits, type Organisation, type User } from "@/lib/db/schema";
import { measureEvidenceJpeg } from "@/lib/face/node/evidence";
import { EMBEDDING_MODEL_ID } from "@/lib/face/models";
import { thresholdBounds } from "@/lib/validations/settings";
import { deviceKeys, payloadFor, publicJwk, sign, type TestDevice } from "@/tools/checkin-harness";
import { makeOrg, makeUser } from "@/tools/builders";
import { femaleBurst, femaleFrame, femaleSample, FEMALE_STEPS } from "@/tools/burst-fixture";
import type { FaceSample } from "@/tools/faces";
import { openTestDatabase } from "../support/db";

const BLOB_DIR = (process.env.BLOB_DIR = mkdtempSync(path.join(tmpdir(), "clockface-blob-")));
const STEPS = [...FEMALE_STEPS];

let org: Organisation;
let admin: User;
let hana: User;
let laptop: TestDevice;
let kiosk: TestDevice;
let sample: FaceSample;

/** Every file in the local blob store (each kept photo is one). */
const storedPhotos = () => readdirSync(BLOB_DIR, { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).map((f) => f.name);

async function facts() {
  const d = await openTestDatabase();
  const events = await d.select().from(attendanceEvents).where(eq(attendanceEvents.orgId, org.id));
  const pending = await d.select().from(kioskIdentifications).where(eq(kioskIdentifications.orgId, org.id));
  return { accepted: events.filter((e) => e.decision === "accepted").length, withPhoto: events.filter((e) => e.blobKey).length, pending: pending.length, photos: storedPhotos().length };
}

/** This month (the organisation's pay period) in its timezone. */
const period = () => payPeriodOf(localDateOf(new Date(), org.timezone), "month");

function form(values: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) fd.set(k, v);
  return fd;
}

async function approve() {
  actAs(admin);
  const r = await approvePeriodAction({}, form({ from: period().from, userId: hana.id }));
  expect(r.ok, JSON.stringify(r)).toBe(true);
}

async function unlock() {
  actAs(admin);
  const r = await unlockPeriodAction({}, form({ from: period().from, userId: hana.id, reason: "test: reopen the month" }));
  expect(r.ok, JSON.stringify(r)).toBe(true);
}

/** The challenge with her burst's steps (the organisation's pool is her two turns; the order is set). */
async function withSteps(ch: IssuedChallenge): Promise<IssuedChallenge> {
  const d = await openTestDatabase();
  await d.update(challenges).set({ steps: STEPS }).where(eq(challenges.id, ch.challengeId));
  return { ...ch, steps: STEPS };
}

async function laptopBegin() {
  actAs(hana);
  return beginCheckInAction({ deviceId: laptop.id, punch: "in" });
}

async function laptopComplete(ch: IssuedChallenge) {
  actAs(hana);
  return completeCheckInAction(await sign(laptop.keys, payloadFor(ch, sample, { frames: femaleBurst(), punch: "in" })));
}

async function kioskScan() {
  actAs(null);
  const ts = Date.now();
  const b = await beginKioskCheckInAction({ deviceId: kiosk.id, ts, signature: await signBytes(kiosk.keys.privateKey, kioskBeginBytes(kiosk.id, ts)) });
  if (!b.ok || b.data.status !== "ready") throw new Error(`kiosk begin: ${JSON.stringify(b)}`);
  return completeKioskCheckInAction(await sign(kiosk.keys, payloadFor(await withSteps(b.data.challenge), sample, { frames: femaleBurst() })));
}

async function kioskChoose(identificationId: string) {
  const ts = Date.now();
  const signature = await signBytes(kiosk.keys.privateKey, kioskPunchBytes(kiosk.id, identificationId, "in", ts));
  return kioskPunchAction({ deviceId: kiosk.id, identificationId, punch: "in", ts, signature });
}

describe("a face punch in an approved pay period", () => {
  beforeAll(async () => {
    await openTestDatabase();
    org = await makeOrg({ name: "Locked", settings: { livenessSteps: STEPS, antispoofThreshold: thresholdBounds.antispoof.min } });
    admin = await makeUser(org.id, { name: "Ada Admin", role: "admin" });
    hana = await makeUser(org.id, { name: "Hana" });
    // Her laptop first: registered before enrolment, it is approved by itself.
    const keys = await deviceKeys();
    laptop = { id: (await registerPersonalDevice({ orgId: org.id, userId: hana.id, name: "Hana's laptop", jwk: await publicJwk(keys) })).id, keys };
    const d = await openTestDatabase();
    for (const [k, i] of ([9, 13, 22] as const).entries()) {
      const m = await measureEvidenceJpeg(femaleFrame(i));
      await putTemplate(d, { orgId: org.id, userId: hana.id, modelId: EMBEDDING_MODEL_ID, embedding: Float32Array.from(m.embedding), quality: 0.9, pose: (["frontal", "left", "right"] as const)[k]! });
    }
    await setEnrolment(d, org.id, hana.id, "enrolled");
    hana = { ...hana, enrolment: "enrolled" };
    const kioskKeys = await deviceKeys();
    actAs(admin);
    const k = await registerKioskAction({ name: "Front door", publicKeyJwk: await publicJwk(kioskKeys) });
    if (!k.ok) throw new Error(k.error);
    kiosk = { id: k.data.deviceId, keys: kioskKeys };
    sample = await femaleSample();
  }, 300_000);

  beforeEach(async () => {
    await (await openTestDatabase()).delete(rateLimits);
  });

  it("laptop: approved during the capture, the punch is refused and its photo is not kept", async () => {
    const b = await laptopBegin();
    if (!b.ok || b.data.status !== "ready") throw new Error(JSON.stringify(b));
    const ch = await withSteps(b.data.challenge);
    await approve();
    const r = await laptopComplete(ch);
    expect(r, JSON.stringify(r)).toMatchObject({ ok: false, code: "conflict", fieldErrors: { punch: [expect.stringMatching(/approved pay period/)] } });
    expect(await facts()).toEqual({ accepted: 0, withPhoto: 0, pending: 0, photos: 0 });
  }, 120_000);

  it("laptop: refused before the capture while the period is approved", async () => {
    const r = await laptopBegin();
    expect(r).toMatchObject({ ok: false, code: "conflict", fieldErrors: { punch: [lockedMessage(period())] } });
    expect(await facts()).toEqual({ accepted: 0, withPhoto: 0, pending: 0, photos: 0 });
  });

  it("kiosk: refused at the scan while the period is approved; no scan or photo is kept", async () => {
    const r = await kioskScan();
    expect(r, JSON.stringify(r)).toMatchObject({ ok: false, code: "conflict", fieldErrors: { punch: [lockedMessage(period())] } });
    expect(await facts()).toEqual({ accepted: 0, withPhoto: 0, pending: 0, photos: 0 });
  }, 120_000);

  it("kiosk: approved between the scan and the choice, the punch is refused and the scan's photo is deleted", async () => {
    await unlock();
    const v = await kioskScan();
    expect(v.ok && v.data, JSON.stringify(v)).toMatchObject({ status: "identified", name: "Hana" });
    if (!v.ok || v.data.status !== "identified") return;
    const d = await openTestDatabase();
    const [held] = await d.select().from(kioskIdentifications).where(and(eq(kioskIdentifications.orgId, org.id), eq(kioskIdentifications.id, v.data.identificationId)));
    expect(held?.cropJpeg, "the scan holds her photo until she chooses").toBeTruthy();
    await approve();
    const r = await kioskChoose(v.data.identificationId);
    // Not a field error on the choice (the kiosk would offer the others): no punch can use this scan now.
    expect(r, JSON.stringify(r)).toMatchObject({ ok: false, code: "conflict", error: "That day is in an approved pay period.", fieldErrors: { time: [lockedMessage(period())] } });
    expect(r.ok === false && r.fieldErrors?.punch).toBeFalsy();
    expect(await facts()).toEqual({ accepted: 0, withPhoto: 0, pending: 0, photos: 0 });
  }, 120_000);

  it("once unlocked, the same punch is recorded with its one photo (the checks above can see a kept photo)", async () => {
    await unlock();
    const b = await laptopBegin();
    if (!b.ok || b.data.status !== "ready") throw new Error(JSON.stringify(b));
    const r = await laptopComplete(await withSteps(b.data.challenge));
    expect(r.ok && r.data, JSON.stringify(r)).toMatchObject({ status: "accepted", kind: "in" });
    expect(await facts()).toEqual({ accepted: 1, withPhoto: 1, pending: 0, photos: 1 });
    const d = await openTestDatabase();
    const [ev] = await d.select().from(attendanceEvents).where(and(eq(attendanceEvents.orgId, org.id), eq(attendanceEvents.decision, "accepted"))).orderBy(sql`created_at desc`);
    expect(storedPhotos()).toEqual([path.basename(ev!.blobKey!)]);
  }, 120_000);
});
