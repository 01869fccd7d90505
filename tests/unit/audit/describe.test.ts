import { describe, expect, it } from "vitest";
import { auditActionLabel, describeAudit } from "@/lib/audit/describe";

const BEN = "00000000-0000-7000-8000-0000000000b0";
const ctx = { clock: { timeZone: "Europe/London", locale: "en-GB" }, nameOf: (id: string) => (id === BEN ? "Ben" : undefined) };
const entry = (action: string, data: Record<string, unknown> | null, extra: Partial<{ targetType: string; targetId: string; actorName: string | null }> = {}) => ({
  action,
  actorName: "Dana",
  targetType: null,
  targetId: null,
  data,
  ...extra,
});

describe("audit entries in plain words", () => {
  it("a corrected check-in names the person, both times in the organisation's timezone, and the reason", () => {
    const e = entry("attendance.corrected.edit", {
      userId: BEN,
      reason: "badge reader was down",
      before: { kind: "in", at: "2026-03-02T09:12:00.000Z" },
      after: { kind: "in", at: "2026-03-02T09:02:00.000Z" },
    });
    expect(describeAudit(e, ctx)).toBe("Dana changed Ben’s check-in from 09:12 to 09:02 — reason: badge reader was down");
    // BST: the local clock, not UTC.
    const summer = entry("attendance.corrected.edit", { userId: BEN, reason: "x", before: { kind: "out", at: "2026-07-01T16:00:00Z" }, after: { kind: "in", at: "2026-07-01T16:30:00Z" } });
    expect(describeAudit(summer, ctx)).toBe("Dana changed Ben’s check-out from 17:00 to 17:30 and made it a check-in — reason: x");
  });

  it("added and removed events", () => {
    expect(describeAudit(entry("attendance.corrected.add", { userId: BEN, reason: "forgot", after: { kind: "out", at: "2026-03-02T17:00:00Z" } }), ctx)).toBe(
      "Dana added a check-out for Ben at 2 Mar, 17:00 — reason: forgot",
    );
    expect(describeAudit(entry("attendance.corrected.void", { userId: BEN, reason: "double scan", before: { kind: "break-start", at: "2026-03-02T12:00:00Z" } }), ctx)).toBe(
      "Dana removed Ben’s break start of 2 Mar, 12:00 — reason: double scan",
    );
  });

  it("settings changes and other actions read as words, never JSON or dotted codes", () => {
    const s = describeAudit(entry("settings.updated", { changes: { timezone: { from: "UTC", to: "Asia/Tokyo" }, workDays: { from: [1, 2, 3, 4, 5], to: [1, 2, 3, 4, 5, 6] }, paidBreaks: { from: false, to: true } } }), ctx);
    expect(s).toBe("Working hours changed by Dana: timezone from UTC to Asia/Tokyo; working days from Mon Tue Wed Thu Fri to Mon Tue Wed Thu Fri Sat; paid breaks from no to yes");
    const role = describeAudit(entry("member.role-changed", { name: "Ben", changes: { role: { from: "employee", to: "admin" } } }, { targetType: "user", targetId: BEN }), ctx);
    expect(role).toBe("Role changed for Ben by Dana: role from employee to admin");
    const locked = describeAudit(entry("auth.locked", { until: "2026-03-02T10:15:00.000Z", ip: "203.0.113.9" }, { targetType: "user", targetId: BEN, actorName: null }), ctx);
    expect(locked).toBe("Sign-in locked for Ben by the system: until: 2 Mar, 10:15");
    for (const text of [s, role, locked]) {
      expect(text).not.toMatch(/[{}"]/);
      expect(text).not.toMatch(/\b[a-z]+\.[a-z]+/);
    }
  });

  it("the demo owner's enrolment from the fixture says what changed, in words", () => {
    const data = { templates: 3, source: "Intel head-pose clip, CC BY 4.0 (lib/demo/face)", changes: { livenessSteps: { from: ["blink", "turn-left", "turn-right"], to: ["turn-left", "turn-right"] } } };
    const s = describeAudit(entry("demo.owner-enrolled", data, { targetType: "user", targetId: BEN }), ctx);
    expect(s).toMatch(/^Demo face enrolled for Ben by Dana: liveness steps from .* to .*; face templates: 3; source: Intel head-pose clip/);
    expect(s).not.toMatch(/[{}"]/);
  });

  it("labels every action, unknown ones in words", () => {
    expect(auditActionLabel("biometrics.deleted")).toBe("Face data deleted");
    expect(auditActionLabel("some.new-thing")).toBe("Some new thing");
  });
});

describe("every action the app records has a label", () => {
  it("covers each literal action code in lib/ and app/, and the two built from a status", async () => {
    const { readdirSync, readFileSync } = await import("node:fs");
    const { auditActionLabels } = await import("@/lib/audit/describe");
    const files = ["lib", "app"].flatMap((d) => readdirSync(d, { recursive: true, encoding: "utf8" }).filter((f) => /\.tsx?$/.test(f)).map((f) => `${d}/${f}`));
    const codes = new Set(files.flatMap((f) => [...readFileSync(f, "utf8").matchAll(/action: (?:[^"\n]*\? )?"([a-z][a-z.-]*\.[a-z.-]+)"(?: : "([a-z][a-z.-]*\.[a-z.-]+)")?/g)].flatMap((m) => [m[1]!, m[2]].filter(Boolean) as string[])));
    // `correction.request-${status}` and `leave.${status}`, status approved | refused.
    for (const status of ["approved", "refused"]) codes.add(`correction.request-${status}`).add(`leave.${status}`);
    expect(codes.size).toBeGreaterThan(40);
    expect([...codes].filter((c) => !(c in auditActionLabels))).toEqual([]);
  });
});

