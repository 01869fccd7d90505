import { describe, expect, it } from "vitest";
import { slugify, signUpSchema } from "@/lib/validations/auth";

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
