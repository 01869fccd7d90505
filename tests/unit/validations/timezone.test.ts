import { describe, expect, it } from "vitest";
import { isIanaTimezone, TIMEZONE_MESSAGE, timezoneList, timezoneSchema } from "@/lib/validations/timezone";

describe("timezones", () => {
  it("knows IANA names and UTC, nothing else", () => {
    expect(isIanaTimezone("Europe/London")).toBe(true);
    expect(isIanaTimezone("UTC")).toBe(true);
    expect(isIanaTimezone("Europe/Atlantis")).toBe(false);
    expect(isIanaTimezone("")).toBe(false);
    expect(timezoneList()).toContain("UTC");
    expect([...timezoneList()]).toEqual([...timezoneList()].sort());
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
});
