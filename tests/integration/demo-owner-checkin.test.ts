// Issue 17 item 6 on the server, with no browser and nothing from ../shared: the demo owner, enrolled by the seed
// from the committed face fixture (lib/demo/face/), checks in from a laptop with the committed genuine burst of the
// same woman (tests/fixtures/burst/: other frames of the GIF, cut as a browser cuts them), through the real server
// actions, pipeline and models, and is accepted as herself.
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("@/lib/auth/session", async () => (await import("../support/session")).sessionModule);
import { actAs } from "../support/session";
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-clockface-peer": "192.0.2.20", "user-agent": "vitest" }) }));

import { beginCheckInAction, completeCheckInAction } from "@/app/check-in/actions";
import type { IssuedChallenge } from "@/lib/checkin/challenge";
import { ensureDemoOrganisation, DEMO } from "@/lib/db/seed-demo";
import { approveDevice, registerPersonalDevice } from "@/lib/db/queries/devices";
import { getOrganisationBySlug, settingsOf } from "@/lib/db/queries/organisations";
import { attendanceEvents, challenges, rateLimits, users, type User } from "@/lib/db/schema";
import type { PunchKind } from "@/lib/attendance/punches";
import { punchStatus } from "@/lib/reports/punch-status";
import { defaultSettings } from "@/lib/validations/settings";
import { femaleBurst, femaleSample, FEMALE_STEPS } from "@/tools/burst-fixture";
import { deviceKeys, payloadFor, publicJwk, sign, type TestDevice } from "@/tools/checkin-harness";
import { openTestDatabase } from "../support/db";

let owner: User;
let laptop: TestDevice;

/**
 * A challenge for the punch the owner may make now (the seeded history decides which); her burst shows the turns in
 * FEMALE_STEPS' order, so the challenge (drawn from the demo's two turns) is set to it.
 */
async function begin(): Promise<{ ch: IssuedChallenge; punch: PunchKind }> {
  actAs(owner);
  const punch = (await punchStatus(owner.orgId, owner.id, new Date())).allowed[0]!;
  const b = await beginCheckInAction({ deviceId: laptop.id, punch });
  if (!b.ok || b.data.status !== "ready") throw new Error(JSON.stringify(b));
  const d = await openTestDatabase();
  await d.update(challenges).set({ steps: [...FEMALE_STEPS] }).where(eq(challenges.id, b.data.challenge.challengeId));
  return { ch: { ...b.data.challenge, steps: [...FEMALE_STEPS] }, punch };
}

describe("the demo owner's check-in", () => {
  beforeAll(async () => {
    await openTestDatabase();
    await ensureDemoOrganisation();
    const org = (await getOrganisationBySlug(DEMO.slug))!;
    expect(settingsOf(org).livenessSteps.slice().sort()).toEqual([...FEMALE_STEPS].sort());
    const d = await openTestDatabase();
    const [row] = await d.select().from(users).where(eq(users.email, DEMO.email));
    owner = row!;
    expect(owner.enrolment).toBe("enrolled");
    // A laptop registered after enrolment waits for an admin: the owner approves it.
    const keys = await deviceKeys();
    const device = await registerPersonalDevice({ orgId: org.id, userId: owner.id, name: "Dana's laptop", jwk: await publicJwk(keys) });
    expect(device.approvedAt).toBeNull();
    await approveDevice(org.id, owner.id, device.id);
    laptop = { id: device.id, keys };
  }, 300_000);

  beforeEach(async () => {
    await (await openTestDatabase()).delete(rateLimits);
  });

  it("is accepted with her committed burst, matched to her seeded templates", async () => {
    const { ch, punch } = await begin();
    const r = await completeCheckInAction(await sign(laptop.keys, payloadFor(ch, await femaleSample(), { frames: femaleBurst(), punch })));
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true, data: { status: "accepted" } });
    const d = await openTestDatabase();
    const [event] = await d.select().from(attendanceEvents).where(eq(attendanceEvents.deviceId, laptop.id));
    expect(event).toMatchObject({ decision: "accepted", userId: owner.id, kind: punch });
    expect(event!.score!).toBeGreaterThan(defaultSettings.matchThreshold);
  }, 120_000);
});
