import { describe, expect, it } from "vitest";
import { defaultSettings, isIanaTimezone, livenessStepsSchema, recognitionSchema, rulesSchema } from "@/lib/validations/settings";

describe("rules", () => {
  it("validates IANA timezones", () => {
    expect(isIanaTimezone("Europe/London")).toBe(true);
    expect(isIanaTimezone("UTC")).toBe(true);
    expect(isIanaTimezone("Europe/Atlantis")).toBe(false);
    expect(isIanaTimezone("")).toBe(false);
  });
  it("requires end after start unless overnight", () => {
    const base = { timezone: "UTC", workDays: [1], graceMinutes: 0 };
    expect(rulesSchema.safeParse({ ...base, shiftStart: "09:00", shiftEnd: "17:00" }).success).toBe(true);
    expect(rulesSchema.safeParse({ ...base, shiftStart: "17:00", shiftEnd: "09:00" }).success).toBe(false);
    expect(rulesSchema.safeParse({ ...base, shiftStart: "22:00", shiftEnd: "06:00", overnight: true }).success).toBe(true);
    expect(rulesSchema.safeParse({ ...base, shiftStart: "09:00", shiftEnd: "17:00", overnight: true }).success).toBe(false);
  });
});

describe("liveness step pool", () => {
  it("accepts 2 or 3 distinct known steps, stored in a fixed order", () => {
    expect(livenessStepsSchema.parse(["turn-right", "blink"])).toEqual(["blink", "turn-right"]);
    expect(livenessStepsSchema.parse(["turn-right", "turn-left", "blink"])).toEqual(["blink", "turn-left", "turn-right"]);
    expect(defaultSettings.livenessSteps).toEqual(["blink", "turn-left", "turn-right"]);
  });
  it("refuses fewer than 2, repeats, unknown steps and non-arrays", () => {
    for (const bad of [[], ["blink"], ["blink", "blink"], ["blink", "nod"], ["blink", "turn-left", "turn-right", "turn-left"], "blink", null, [1, 2]]) {
      expect(livenessStepsSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
  it("is part of the recognition form", () => {
    const base = { matchThreshold: "0.4", antispoofThreshold: "0.5", matchMargin: "0.05" };
    expect(recognitionSchema.safeParse({ ...base, livenessSteps: ["turn-left", "turn-right"] }).success).toBe(true);
    expect(recognitionSchema.safeParse({ ...base, livenessSteps: ["turn-left"] }).success).toBe(false);
    expect(recognitionSchema.safeParse(base).success).toBe(false);
  });
});
