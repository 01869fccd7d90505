import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password";

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
