import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { slugify, signUpSchema } from "@/lib/validations/auth";
import { isIanaTimezone, rulesSchema } from "@/lib/validations/settings";
import { addDays, localDate, localDayBounds, zonedTimeToUtc } from "@/lib/time";

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
    const r = signUpSchema.parse({ organisationName: "Acme Ltd", name: "A", email: " A@B.CO ", password: "abcdefgh12" });
    expect(r).toMatchObject({ slug: "acme-ltd", email: "a@b.co" });
  });
  it("rejects a name that yields no usable slug", () => {
    const r = signUpSchema.safeParse({ organisationName: "!!", name: "A", email: "a@b.co", password: "abcdefgh12" });
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
  it("requires end after start unless overnight", () => {
    const base = { timezone: "UTC", workDays: [1], graceMinutes: 0 };
    expect(rulesSchema.safeParse({ ...base, shiftStart: "09:00", shiftEnd: "17:00" }).success).toBe(true);
    expect(rulesSchema.safeParse({ ...base, shiftStart: "17:00", shiftEnd: "09:00" }).success).toBe(false);
    expect(rulesSchema.safeParse({ ...base, shiftStart: "22:00", shiftEnd: "06:00", overnight: true }).success).toBe(true);
    expect(rulesSchema.safeParse({ ...base, shiftStart: "09:00", shiftEnd: "17:00", overnight: true }).success).toBe(false);
  });
});

describe("time zones", () => {
  it("converts local wall-clock time across DST changes", () => {
    expect(zonedTimeToUtc("2026-01-15", "09:00", "Europe/London").toISOString()).toBe("2026-01-15T09:00:00.000Z");
    expect(zonedTimeToUtc("2026-07-15", "09:00", "Europe/London").toISOString()).toBe("2026-07-15T08:00:00.000Z");
    expect(zonedTimeToUtc("2026-07-15", "09:00", "America/New_York").toISOString()).toBe("2026-07-15T13:00:00.000Z");
  });
  it("gives 23- and 25-hour days at the DST changes", () => {
    const spring = localDayBounds("2026-03-29", "Europe/London");
    expect((spring.end.getTime() - spring.start.getTime()) / 3_600_000).toBe(23);
    const autumn = localDayBounds("2026-10-25", "Europe/London");
    expect((autumn.end.getTime() - autumn.start.getTime()) / 3_600_000).toBe(25);
  });
  it("finds the local date of an instant", () => {
    expect(localDate(new Date("2026-06-30T23:30:00Z"), "Europe/Berlin")).toBe("2026-07-01");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
  });
});
