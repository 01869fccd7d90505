// The organisation's liveness step pool (settings.livenessSteps): an admin changes it in the Recognition form
// (audited); bad input is refused with nothing changed; the database refuses a bad pool written around the
// form (migration 0003's check constraint); check-in and enrolment challenges only ask for steps in the pool.
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog, consents, organisations } from "@/lib/db/schema";
import { CONSENT_VERSION } from "@/lib/checkin/consent";
import { defaultSettings } from "@/lib/validations/settings";
import { makeDevice, makeOrgWithOwner, makeUser, type TestOrg } from "@/tools/builders";
import { testDb, useMemoryDatabase } from "../support/db";

vi.mock("@/lib/auth/session", async () => (await import("../support/session")).sessionModule);
import { session, sessionOf } from "../support/session";
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

import { updateRecognitionAction } from "@/app/admin/settings/actions";
import { beginCheckin } from "@/lib/checkin/server/checkin";
import { beginEnrolCapture } from "@/lib/checkin/server/enrol";

let A: TestOrg;

const recognition = {
  matchThreshold: String(defaultSettings.matchThreshold),
  antispoofThreshold: String(defaultSettings.antispoofThreshold),
  matchMargin: String(defaultSettings.matchMargin),
};

function form(steps: string[], extra: Record<string, string> = {}): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries({ ...recognition, ...extra })) fd.append(k, v);
  for (const s of steps) fd.append("livenessSteps", s);
  return fd;
}

async function orgRow(orgId: string) {
  const d = await testDb();
  const [o] = await d.select().from(organisations).where(eq(organisations.id, orgId));
  return o!;
}

async function auditOf(orgId: string) {
  const d = await testDb();
  return d.select().from(auditLog).where(eq(auditLog.orgId, orgId));
}

beforeAll(async () => {
  await useMemoryDatabase();
  A = await makeOrgWithOwner({ name: "Acme" });
});

beforeEach(() => {
  session.current = sessionOf(A.owner);
});

describe("liveness step pool setting", () => {
  it("defaults to all three steps", async () => {
    expect(defaultSettings.livenessSteps).toEqual(["blink", "turn-left", "turn-right"]);
  });

  it("an admin narrows the pool; the change is stored in a fixed order and audited", async () => {
    const r = await updateRecognitionAction({}, form(["turn-right", "turn-left"]));
    expect(r.ok, r.error).toBe(true);
    expect(r.message).toBe("Recognition settings saved.");
    expect((await orgRow(A.id)).settings.livenessSteps).toEqual(["turn-left", "turn-right"]);
    const entries = (await auditOf(A.id)).filter((e) => e.action === "settings.recognition.updated");
    expect(entries).toHaveLength(1);
    expect(entries[0]!.actorId).toBe(A.owner.id);
    expect(entries[0]!.data).toEqual({ changes: { livenessSteps: { from: ["blink", "turn-left", "turn-right"], to: ["turn-left", "turn-right"] } } });
    // Saving the same pool again changes nothing and writes no audit entry.
    expect((await updateRecognitionAction({}, form(["turn-left", "turn-right"]))).message).toBe("Nothing changed.");
    expect((await auditOf(A.id)).filter((e) => e.action === "settings.recognition.updated")).toHaveLength(1);
  });

  it.each([
    ["no step", []],
    ["one step", ["blink"]],
    ["an unknown step", ["blink", "nod"]],
    ["a step twice", ["blink", "blink"]],
    ["a step twice among three", ["blink", "turn-left", "turn-left"]],
    ["four entries", ["blink", "turn-left", "turn-right", "blink"]],
  ])("refuses %s, changing nothing", async (_label, steps) => {
    const before = JSON.stringify(await orgRow(A.id));
    const audits = (await auditOf(A.id)).length;
    // Valid thresholds alongside: the whole form is refused, not only the pool.
    const r = await updateRecognitionAction({}, form(steps, { matchThreshold: "0.45" }));
    expect(r.ok).toBe(false);
    expect(r.fieldErrors?.livenessSteps?.length, JSON.stringify(r.fieldErrors)).toBeGreaterThan(0);
    expect(JSON.stringify(await orgRow(A.id))).toBe(before);
    expect((await auditOf(A.id)).length).toBe(audits);
  });

  it("refuses an employee, changing nothing", async () => {
    const eve = await makeUser(A.id, { name: "Eve" });
    session.current = sessionOf(eve);
    const before = JSON.stringify(await orgRow(A.id));
    const r = await updateRecognitionAction({}, form(["blink", "turn-left"]));
    expect(r.ok).toBe(false);
    expect(JSON.stringify(await orgRow(A.id))).toBe(before);
  });

  it("the database refuses a bad pool written around the form", async () => {
    const d = await testDb();
    const o = await orgRow(A.id);
    for (const bad of [["blink"], ["blink", "blink"], ["blink", "nod"], "blink", [], null, ["blink", "turn-left", "turn-right", "blink"]]) {
      const err = await d
        .update(organisations)
        .set({ settings: { ...o.settings, livenessSteps: bad as never } })
        .where(eq(organisations.id, A.id))
        .then(() => null, (e: unknown) => e as Error & { cause?: Error });
      expect(`${err?.message} ${err?.cause?.message}`, JSON.stringify(bad)).toMatch(/organisations_liveness_steps_check/);
    }
    expect((await orgRow(A.id)).settings.livenessSteps).toEqual(["turn-left", "turn-right"]);
    // Without the key (rows written before the setting existed): all three steps.
    const { livenessSteps: _, ...older } = o.settings;
    const B = await makeOrgWithOwner({ name: "Older" });
    await d.update(organisations).set({ settings: older as never }).where(eq(organisations.id, B.id));
    const bob = await makeUser(B.id, { name: "Bob" });
    const laptop = await makeDevice(B.id, bob.id, { approved: true });
    const seen = new Set<string>();
    for (let i = 0; i < 15; i++) {
      const r = await beginCheckin(bob, B.id, laptop.id, "check-in", "in");
      if (r.status !== "ready") throw new Error(r.reason);
      for (const s of r.challenge.steps) seen.add(s);
    }
    expect([...seen].sort()).toEqual(["blink", "turn-left", "turn-right"]);
  });

  it("check-in and enrolment challenges draw only from the pool, in both orders", async () => {
    // The pool is turn-left + turn-right since the admin's change above.
    const orders = new Set<string>();
    for (let p = 0; p < 3; p++) {
      const person = await makeUser(A.id, { name: `Person ${p}` });
      const laptop = await makeDevice(A.id, person.id, { approved: true });
      for (let i = 0; i < 10; i++) {
        const r = await beginCheckin(person, A.id, laptop.id, "check-in", "in");
        if (r.status !== "ready") throw new Error(r.reason);
        expect(r.challenge.steps.slice().sort()).toEqual(["turn-left", "turn-right"]);
        orders.add(r.challenge.steps.join(","));
      }
    }
    expect([...orders].sort()).toEqual(["turn-left,turn-right", "turn-right,turn-left"]);

    const newcomer = await makeUser(A.id, { name: "Nina" });
    const laptop = await makeDevice(A.id, newcomer.id, { approved: true });
    const d = await testDb();
    await d.insert(consents).values({ orgId: A.id, userId: newcomer.id, textVersion: CONSENT_VERSION });
    for (let i = 0; i < 6; i++) {
      const r = await beginEnrolCapture(newcomer, A.id, laptop.id);
      if (r.status !== "ready") throw new Error(r.reason);
      expect(r.challenge.steps.slice().sort()).toEqual(["turn-left", "turn-right"]);
    }

    // Back to blink + turn-left: the next challenges follow at once.
    expect((await updateRecognitionAction({}, form(["blink", "turn-left"]))).ok).toBe(true);
    const r = await beginEnrolCapture(newcomer, A.id, laptop.id);
    if (r.status !== "ready") throw new Error(r.reason);
    expect(r.challenge.steps.slice().sort()).toEqual(["blink", "turn-left"]);
  });
});

describe("kiosk FPIR setting (issue 19: the organisation chooses how rarely a kiosk names a stranger)", () => {
  const steps = ["blink", "turn-left", "turn-right"];

  it("is one in 1,000 by default; an admin chooses another offered rate, stored and audited", async () => {
    expect(defaultSettings.kioskFpir).toBe(1e-3);
    const r = await updateRecognitionAction({}, form(steps, { kioskFpir: "0.0001" }));
    expect(r.ok, r.error).toBe(true);
    expect((await orgRow(A.id)).settings.kioskFpir).toBe(1e-4);
    const last = (await auditOf(A.id)).filter((e) => e.action === "settings.recognition.updated").at(-1)!;
    expect((last.data as { changes: Record<string, unknown> }).changes.kioskFpir).toEqual({ from: 1e-3, to: 1e-4 });
  });

  it.each([["a rate not offered", "0.5"], ["not a number", "often"], ["zero", "0"]])("refuses %s, changing nothing", async (_label, value) => {
    const before = JSON.stringify(await orgRow(A.id));
    const r = await updateRecognitionAction({}, form(steps, { kioskFpir: value }));
    expect(r.ok).toBe(false);
    expect(r.fieldErrors?.kioskFpir?.length, JSON.stringify(r.fieldErrors)).toBeGreaterThan(0);
    expect(JSON.stringify(await orgRow(A.id))).toBe(before);
  });
});
