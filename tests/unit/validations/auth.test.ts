import { describe, expect, it } from "vitest";
import { slugify, signUpSchema } from "@/lib/validations/auth";

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
  it("requires a timezone the server knows", () => {
    const r = signUpSchema.safeParse({ organisationName: "Acme Ltd", name: "A", email: "a@b.co", password: "abcdefgh12", timezone: "Mars/Olympus" });
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(["timezone"]);
  });
});
