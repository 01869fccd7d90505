import { describe, expect, it } from "vitest";
import { lockedUntil, rateLimitRules, signInLockout } from "@/lib/checkin/rate-limit";

const now = new Date("2026-12-04T12:00:00Z");
const ago = (sec: number) => new Date(now.getTime() - sec * 1000);
const free = rateLimitRules.signInAccount.limit;

describe("lockedUntil", () => {
  it("leaves an account with fewer failures than the limit open", () => {
    expect(lockedUntil(Array.from({ length: free - 1 }, (_, i) => ago(i)), now)).toBeNull();
  });
  it("locks for firstSec after the limit-th failure, counted from the latest", () => {
    const fails = Array.from({ length: free }, (_, i) => ago(10 + i));
    expect(lockedUntil(fails, now)).toEqual(new Date(ago(10).getTime() + signInLockout.firstSec * 1000));
    expect(lockedUntil(fails, new Date(ago(10).getTime() + signInLockout.firstSec * 1000))).toBeNull();
  });
  it("doubles with each further failure, up to maxSec", () => {
    for (const [extra, sec] of [[1, 120], [2, 240], [5, 1920], [6, 3600], [20, 3600]] as const) {
      const fails = Array.from({ length: free + extra }, () => ago(1));
      expect((lockedUntil(fails, now)!.getTime() - ago(1).getTime()) / 1000, `${extra} more`).toBe(sec);
    }
  });
});
