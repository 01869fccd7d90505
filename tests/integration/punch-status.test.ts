// The state shown on the check-in page before capture, from the database: today's punches of the signed-in person
// on their own calendar (a night worker's 02:00 state belongs to the shift that began the evening before).
import { beforeAll, describe, expect, it, vi } from "vitest";
import { shiftAssignments, shiftTemplates } from "@/lib/db/schema";
import { makeEvent, makeOrgWithOwner, makeUser, type TestOrg } from "@/tools/builders";
import { testDb, useMemoryDatabase } from "../support/db";

vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
const { punchStatus } = await import("@/lib/reports/punch-status");
const { recordPunch } = await import("@/lib/db/queries/attendance-events");
const { getOrganisation } = await import("@/lib/db/queries/organisations");

let org: TestOrg;
const created = new Date("2026-01-01T00:00:00Z");

beforeAll(async () => {
  await useMemoryDatabase();
  org = await makeOrgWithOwner({ timezone: "Europe/London", ownerCreatedAt: created });
});

describe("punch status", () => {
  it("in, on a break, out, and nothing yet (London, GMT)", async () => {
    const u = await makeUser(org.id, { name: "Day", createdAt: created });
    const at = (s: string) => new Date(`2026-03-02T${s}Z`);
    expect(await punchStatus(org.id, u.id, at("08:00:00"))).toMatchObject({ state: "out", text: "Not checked in yet", allowed: ["in"] });
    await makeEvent(org.id, u.id, at("08:58:00"), { kind: "in" });
    expect(await punchStatus(org.id, u.id, at("10:00:00"))).toMatchObject({ state: "in", text: "In since 08:58", allowed: ["break-start", "out"] });
    await makeEvent(org.id, u.id, at("12:30:00"), { kind: "break-start" });
    expect(await punchStatus(org.id, u.id, at("12:40:00"))).toMatchObject({ state: "break", text: "On break since 12:30", allowed: ["break-end", "out"] });
    // A rejected attempt changes nothing.
    await makeEvent(org.id, u.id, at("12:45:00"), { kind: "out", decision: "rejected" });
    expect((await punchStatus(org.id, u.id, at("12:50:00"))).state).toBe("break");
    await makeEvent(org.id, u.id, at("13:30:00"), { kind: "out" });
    expect(await punchStatus(org.id, u.id, at("13:31:00"))).toMatchObject({ state: "out", text: "Checked out at 13:30" });
    // The next day starts afresh.
    expect((await punchStatus(org.id, u.id, new Date("2026-03-03T08:00:00Z"))).text).toBe("Not checked in yet");
  });

  it("a night worker on a rota: at 02:00 they are still in since 22:00", async () => {
    const u = await makeUser(org.id, { name: "Night", createdAt: created });
    const d = await testDb();
    const [t] = await d.insert(shiftTemplates).values({ orgId: org.id, name: "Night", start: "22:00", end: "06:00", overnight: true, unpaidBreakMinutes: 0 }).returning();
    await d.insert(shiftAssignments).values({ orgId: org.id, userId: u.id, templateId: t!.id, weekdays: [1, 2, 3, 4, 5, 6, 7], validFrom: "2026-03-01" });
    await makeEvent(org.id, u.id, new Date("2026-03-02T22:00:00Z"), { kind: "in" });
    expect(await punchStatus(org.id, u.id, new Date("2026-03-03T02:00:00Z"))).toMatchObject({ state: "in", text: "In since 22:00" });
    // A check-out at 06:00 belongs to the night (on the organisation's 09:00–17:00 day there would be nothing to end).
    const row = (await getOrganisation(org.id))!;
    const out = await recordPunch(row, u.id, "out", { deviceId: null }, new Date("2026-03-03T06:00:00Z"));
    expect(out).toMatchObject({ outcome: "recorded", event: { kind: "out" } });
    expect((await punchStatus(org.id, u.id, new Date("2026-03-03T06:05:00Z"))).text).toBe("Checked out at 06:00");
  });
});
