import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { slugify, signUpSchema } from "@/lib/validations/auth";
import { TIMEZONE_MESSAGE, timezoneList, timezoneSchema } from "@/lib/validations/timezone";
import { defaultSettings, isIanaTimezone, livenessStepsSchema, recognitionSchema, rulesSchema } from "@/lib/validations/settings";

describe("password hashing (scrypt)", () => {
  it("verifies the right password only, with a fresh salt each time", async () => {
    const h1 = await hashPassword("correct-horse-42");
    const h2 = await hashPassword("correct-horse-42");
    expect(h1).not.toBe(h2);
    expect(await verifyPassword("correct-horse-42", h1)).toBe(true);
    expect(await verifyPassword("correct-horse-43", h1)).toBe(false);
    expect(await verifyPassword("anything", null)).toBe(false);
    expect(await verifyPassword("anything", "plain$text")).toBe(false);
  });
});

describe("sign-up validation", () => {
  it("derives the slug from the organisation name", () => {
    expect(slugify("  Café Übersee & Co. ")).toBe("cafe-ubersee-co");
    const r = signUpSchema.parse({ organisationName: "Acme Ltd", name: "A", email: " A@B.CO ", password: "abcdefgh12", timezone: "America/New_York" });
    expect(r).toMatchObject({ slug: "acme-ltd", email: "a@b.co", timezone: "America/New_York" });
  });
  it("rejects a name that yields no usable slug", () => {
    const r = signUpSchema.safeParse({ organisationName: "!!", name: "A", email: "a@b.co", password: "abcdefgh12", timezone: "UTC" });
    expect(r.success).toBe(false);
  });
});

describe("rules", () => {
  it("validates IANA timezones", () => {
    expect(isIanaTimezone("Europe/London")).toBe(true);
    expect(isIanaTimezone("UTC")).toBe(true);
    expect(isIanaTimezone("Europe/Atlantis")).toBe(false);
    expect(isIanaTimezone("")).toBe(false);
  });
  it("stores a timezone by the server's own name: a browser's newer alias or another case is accepted", () => {
    for (const alias of ["Asia/Kolkata", "Asia/Calcutta", "Europe/Kyiv", "europe/london", "Etc/UTC"]) {
      const parsed = timezoneSchema.safeParse(` ${alias} `);
      expect(parsed.success, alias).toBe(true);
      expect(timezoneList(), alias).toContain(parsed.data);
    }
    expect(timezoneSchema.parse("Asia/Kolkata")).toBe(timezoneSchema.parse("Asia/Calcutta"));
    expect(timezoneSchema.parse("Etc/UTC")).toBe("UTC");
    expect(timezoneSchema.safeParse("Mars/Olympus").error?.issues[0]?.message).toBe(TIMEZONE_MESSAGE);
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
