// Issue 5, kiosk: an admin registers a shared laptop; there anyone of the organisation is identified 1:N with
// the same signed, single-use protocol, and nobody from elsewhere is. Issue 16/17: after identifying the person the
// kiosk asks what to record (only the valid next punches) and records nothing until the kiosk signs the choice.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("@/lib/auth/session", async () => (await import("../support/session")).sessionModule);
import { actAs } from "../support/session";
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-clockface-peer": "192.0.2.10" }) }));

import { registerKioskAction, revokeDeviceAction } from "@/app/admin/devices/actions";
import { beginKioskCheckInAction, completeKioskCheckInAction, kioskPunchAction } from "@/app/check-in/actions";
import type { PunchKind } from "@/lib/attendance/punches";
import { KIOSK_SCAN_EXPIRED } from "@/lib/checkin/server/checkin";
import { sizedThresholds } from "@/lib/checkin/org-size";
import { signBytes } from "@/lib/checkin/signature";
import { kioskBeginBytes, kioskPunchBytes } from "@/lib/checkin/kiosk-begin";
import { settingsOf } from "@/lib/db/queries/organisations";
import { registerPersonalDevice } from "@/lib/db/queries/devices";
import { attendanceEvents, kioskIdentifications, rateLimits, type Organisation, type User } from "@/lib/db/schema";
import { faceSample, hasFaceData, lfwEmbeddings, noFaceDataMessage, PEOPLE } from "@/tools/faces";
import { deviceKeys, payloadFor, publicJwk, sign, turnStepsOnly } from "@/tools/checkin-harness";
import { makeOrg, makeTemplates, makeUser } from "@/tools/builders";
import { openTestDatabase } from "../support/db";

process.env.BLOB_DIR = mkdtempSync(path.join(tmpdir(), "clockface-blob-"));
if (!hasFaceData) console.warn(noFaceDataMessage);

let org: Organisation;
let admin: User;
let alice: User;
let kiosk: { id: string; keys: CryptoKeyPair };
let farAdmin: User;

async function enrol(o: Organisation, name: string, lfw: string): Promise<User> {
  const u = await makeUser(o.id, { name });
  await makeTemplates(o.id, u.id, { embeddings: await lfwEmbeddings(lfw), enrolled: true });
  return u;
}

async function kioskBegin(k: { id: string; keys: CryptoKeyPair }, ts = Date.now()) {
  actAs(null); // a kiosk has no session
  const signature = await signBytes(k.keys.privateKey, kioskBeginBytes(k.id, ts));
  const r = await beginKioskCheckInAction({ deviceId: k.id, ts, signature });
  if (!r.ok) throw new Error(r.error);
  return r.data;
}

async function kioskScan(k: { id: string; keys: CryptoKeyPair }, lfw: string, n: number) {
  const b = await kioskBegin(k);
  if (b.status !== "ready") throw new Error(`kiosk begin refused: ${b.reason}`);
  const r = await completeKioskCheckInAction(await sign(k.keys, payloadFor(b.challenge, await faceSample(lfw, n))));
  if (!r.ok) throw new Error(r.error);
  return r.data;
}

/** The kiosk's signed answer for an identification: the punch the person chose. */
async function kioskPunch(k: { id: string; keys: CryptoKeyPair }, identificationId: string, punch: PunchKind, ts = Date.now()) {
  const signature = await signBytes(k.keys.privateKey, kioskPunchBytes(k.id, identificationId, punch, ts));
  return kioskPunchAction({ deviceId: k.id, identificationId, punch, ts, signature });
}

async function eventsOf(userId: string) {
  const d = await openTestDatabase();
  return d.select().from(attendanceEvents).where(eq(attendanceEvents.userId, userId)).orderBy(attendanceEvents.at);
}

describe.skipIf(!hasFaceData)("kiosk", () => {
  beforeAll(async () => {
    await openTestDatabase();
    org = await makeOrg({ name: "Kiosk Co", settings: turnStepsOnly() });
    admin = await makeUser(org.id, { name: "Ann Admin", role: "admin" });
    alice = await enrol(org, "Alice", PEOPLE.alice);
    await enrol(org, "Bob", PEOPLE.bob);
    const other = await makeOrg({ name: "Far Away", settings: turnStepsOnly() });
    await enrol(other, "Carol", PEOPLE.carol);
    farAdmin = await makeUser(other.id, { name: "Fay Admin", role: "admin" });
    const keys = await deviceKeys();
    actAs(admin);
    const r = await registerKioskAction({ name: "Front door", publicKeyJwk: await publicJwk(keys) });
    if (!r.ok) throw new Error(r.error);
    kiosk = { id: r.data.deviceId, keys };
  }, 120_000);

  it("only admins register kiosks", async () => {
    const emp = await makeUser(org.id, { name: "Emp" });
    actAs(emp);
    const r = await registerKioskAction({ name: "Mine", publicKeyJwk: await publicJwk(await deviceKeys()) });
    expect(!r.ok && r.code).toBe("forbidden");
  });

  it("identifies an enrolled person 1:N, asks, and records only the punch they choose", async () => {
    const v = await kioskScan(kiosk, PEOPLE.alice, 4);
    expect(v, JSON.stringify(v)).toMatchObject({ status: "identified", name: "Alice", statusText: "Not checked in yet", allowed: ["in"], choiceMs: 60_000 });
    if (v.status !== "identified") return;
    expect(Date.parse(v.expiresAt) - Date.now()).toBeGreaterThan(50_000);
    expect(await eventsOf(alice.id)).toEqual([]); // nothing recorded before the choice
    const r = await kioskPunch(kiosk, v.identificationId, "in");
    expect(r.ok && r.data, JSON.stringify(r)).toMatchObject({ status: "accepted", kind: "in", name: "Alice" });
    if (!r.ok || r.data.status !== "accepted") return;
    expect(r.data.message).toMatch(/^Checked in at \d\d:\d\d\.$/);
    const d = await openTestDatabase();
    const [ev] = await d.select().from(attendanceEvents).where(eq(attendanceEvents.id, r.data.eventId));
    expect(ev).toMatchObject({ userId: alice.id, deviceId: kiosk.id, decision: "accepted", kind: "in", orgId: org.id, ip: "192.0.2.10" });
    expect(ev!.blobKey?.startsWith(`${org.id}/checkins/`)).toBe(true);
    // How it was matched: two people enrolled, so the kiosk threshold for two people (at least the 1:1 one).
    const t = sizedThresholds(2, settingsOf(org)).kiosk;
    expect(t.threshold).toBeGreaterThan(settingsOf(org).matchThreshold);
    expect(ev!.matching).toEqual({ templates: "best", probe: "single-frame", frames: 1, threshold: t.threshold, guard: t.guard, people: 2 });
    expect(ev!.score).toBeGreaterThanOrEqual(t.threshold);
    // The identification answers once.
    const again = await kioskPunch(kiosk, v.identificationId, "in");
    expect(again).toMatchObject({ ok: false, code: "bad-input", fieldErrors: { identificationId: [KIOSK_SCAN_EXPIRED] } });
    expect(await eventsOf(alice.id)).toHaveLength(1);
  });

  it("never turns the next scan into a check-out by itself: it offers break or check-out", async () => {
    const d = await openTestDatabase();
    await d.delete(rateLimits);
    const v = await kioskScan(kiosk, PEOPLE.alice, 5);
    expect(v, JSON.stringify(v)).toMatchObject({ status: "identified", name: "Alice", allowed: ["break-start", "out"] });
    if (v.status !== "identified") return;
    expect(v.statusText).toMatch(/^In since \d\d:\d\d$/);
    // An invalid choice (end a break that never started): a field error, nothing written, the scan still answerable.
    const bad = await kioskPunch(kiosk, v.identificationId, "break-end");
    expect(bad).toMatchObject({ ok: false, code: "bad-input", fieldErrors: { punch: ["You are not on a break, so there is no break to end."] } });
    expect(await eventsOf(alice.id)).toHaveLength(1);
    const r = await kioskPunch(kiosk, v.identificationId, "break-start");
    expect(r.ok && r.data, JSON.stringify(r)).toMatchObject({ status: "accepted", kind: "break-start" });
    expect((await eventsOf(alice.id)).map((e) => e.kind)).toEqual(["in", "break-start"]);
  });

  it("refuses a choice not signed by the kiosk, from a stale clock, or for another kiosk's scan", async () => {
    const d = await openTestDatabase();
    await d.delete(rateLimits);
    const before = (await eventsOf(alice.id)).length;
    const v = await kioskScan(kiosk, PEOPLE.alice, 6);
    if (v.status !== "identified") throw new Error(JSON.stringify(v));
    const impostor = { id: kiosk.id, keys: await deviceKeys() };
    expect(await kioskPunch(impostor, v.identificationId, "break-end")).toMatchObject({ ok: true, data: { status: "rejected", reason: "bad-signature" } });
    expect(await kioskPunch(kiosk, v.identificationId, "break-end", Date.now() - 10 * 60_000)).toMatchObject({ ok: true, data: { status: "rejected", reason: "challenge-expired" } });
    // Another organisation's kiosk cannot answer it (nor learn anything: the same answer as an expired scan).
    actAs(farAdmin);
    const farKeys = await deviceKeys();
    const far = await registerKioskAction({ name: "Far door", publicKeyJwk: await publicJwk(farKeys) });
    if (!far.ok) throw new Error(far.error);
    expect(await kioskPunch({ id: far.data.deviceId, keys: farKeys }, v.identificationId, "break-end")).toMatchObject({
      ok: false,
      fieldErrors: { identificationId: [KIOSK_SCAN_EXPIRED] },
    });
    // An unknown punch is a field error too.
    const signature = await signBytes(kiosk.keys.privateKey, kioskPunchBytes(kiosk.id, v.identificationId, "in", Date.now()));
    expect(await kioskPunchAction({ deviceId: kiosk.id, identificationId: v.identificationId, punch: "lunch", ts: Date.now(), signature })).toMatchObject({
      ok: false,
      code: "bad-input",
      fieldErrors: { punch: [expect.any(String)] },
    });
    expect(await eventsOf(alice.id)).toHaveLength(before);
    // Unanswered, it expires: nothing is recorded and it can no longer be answered.
    await d.update(kioskIdentifications).set({ expiresAt: new Date(Date.now() - 1000) });
    expect(await kioskPunch(kiosk, v.identificationId, "break-end")).toMatchObject({ ok: false, fieldErrors: { identificationId: [KIOSK_SCAN_EXPIRED] } });
    expect(await eventsOf(alice.id)).toHaveLength(before);
    // The expired scan and its photo are gone at once (not at the next sweep).
    expect(await d.select().from(kioskIdentifications).where(eq(kioskIdentifications.id, v.identificationId))).toEqual([]);
  });

  it("does not identify a person of another organisation, nor a stranger", async () => {
    const d = await openTestDatabase();
    await d.delete(rateLimits);
    expect(await kioskScan(kiosk, PEOPLE.carol, 4)).toMatchObject({ status: "rejected", reason: "unknown-person" });
    expect(await kioskScan(kiosk, PEOPLE.dave, 1)).toMatchObject({ status: "rejected", reason: "unknown-person" });
  });

  it("refuses a begin request not signed by the kiosk, or from a stale clock", async () => {
    const impostor = { id: kiosk.id, keys: await deviceKeys() };
    expect(await kioskBegin(impostor)).toMatchObject({ status: "rejected", reason: "bad-signature" });
    expect(await kioskBegin(kiosk, Date.now() - 10 * 60_000)).toMatchObject({ status: "rejected", reason: "challenge-expired" });
  });

  it("is not a way in for personal laptops", async () => {
    const keys = await deviceKeys();
    const own = await registerPersonalDevice({ orgId: org.id, userId: (await makeUser(org.id, { name: "Pat" })).id, name: "Pat's", jwk: await publicJwk(keys) });
    expect(await kioskBegin({ id: own.id, keys })).toMatchObject({ status: "rejected", reason: "device-unknown" });
  });

  it("stops working once revoked", async () => {
    const b = await kioskBegin(kiosk);
    if (b.status !== "ready") throw new Error("expected a challenge");
    actAs(admin);
    expect((await revokeDeviceAction({ deviceId: kiosk.id })).ok).toBe(true);
    const r = await completeKioskCheckInAction(await sign(kiosk.keys, payloadFor(b.challenge, await faceSample(PEOPLE.bob, 4))));
    expect(r.ok && r.data).toMatchObject({ status: "rejected", reason: "device-revoked" });
    expect(await kioskBegin(kiosk)).toMatchObject({ status: "rejected", reason: "device-revoked" });
  });
});
