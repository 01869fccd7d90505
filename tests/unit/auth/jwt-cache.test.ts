// lib/auth/jwt-cache.ts: the memoised decode gives what Auth.js's decode gives, and refuses what it refuses —
// tampered tokens, another salt (cookie name), and tokens past their expiry even after they were remembered.
import { afterEach, describe, expect, it, vi } from "vitest";
import { decode, encode } from "next-auth/jwt";
import { forgetDecodedTokens, memoisedDecode } from "@/lib/auth/jwt-cache";

const secret = "unit-test-secret-not-for-production-0123456789";
const salt = "authjs.session-token";

afterEach(() => {
  vi.useRealTimers();
  forgetDecodedTokens();
});

describe("memoisedDecode", () => {
  it("returns the same payload as decode, again from memory, as a copy", async () => {
    const token = await encode({ token: { uid: "u1", orgId: "o1", role: "employee" }, secret, salt, maxAge: 3600 });
    const reference = await decode({ token, secret, salt });
    const first = await memoisedDecode({ token, secret, salt });
    const second = await memoisedDecode({ token, secret, salt });
    expect(first).toEqual(reference);
    expect(second).toEqual(reference);
    first!.role = "owner";
    expect((await memoisedDecode({ token, secret, salt }))!.role).toBe("employee");
  });

  it("refuses a tampered token and a token presented under another cookie name", async () => {
    const token = await encode({ token: { uid: "u1" }, secret, salt, maxAge: 3600 });
    await memoisedDecode({ token, secret, salt });
    const parts = token.split(".");
    const c = parts[3]!;
    parts[3] = (c[0] === "A" ? "B" : "A") + c.slice(1);
    await expect(memoisedDecode({ token: parts.join("."), secret, salt })).rejects.toThrow();
    await expect(memoisedDecode({ token, secret, salt: "__Secure-authjs.session-token" })).rejects.toThrow();
    await expect(memoisedDecode({ token, secret: "another-secret-entirely-0123456789abcdef", salt })).rejects.toThrow();
  });

  it("refuses a remembered token once it has expired (with Auth.js's 15 s tolerance)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = new Date("2026-03-02T08:00:00Z");
    vi.setSystemTime(start);
    const token = await encode({ token: { uid: "u1" }, secret, salt, maxAge: 60 });
    expect((await memoisedDecode({ token, secret, salt }))?.uid).toBe("u1");
    vi.setSystemTime(new Date(start.getTime() + 70_000)); // past exp, inside the tolerance
    expect((await memoisedDecode({ token, secret, salt }))?.uid).toBe("u1");
    vi.setSystemTime(new Date(start.getTime() + 80_000)); // past exp + 15 s
    await expect(memoisedDecode({ token, secret, salt })).rejects.toThrow();
    await expect(decode({ token, secret, salt })).rejects.toThrow();
  });
});
