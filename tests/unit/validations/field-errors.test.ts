import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldErrorsOf } from "@/lib/validations/field-errors";

describe("fieldErrorsOf", () => {
  it("groups messages by top-level field, whole-input issues under _form", () => {
    const schema = z
      .object({ email: z.email("Enter an email"), dates: z.object({ from: z.string().min(1, "Pick a start") }) })
      .refine((v) => v.email !== "a@b.co", { message: "Not that one" });
    const bad = schema.safeParse({ email: "nope", dates: { from: "" } });
    expect(bad.success).toBe(false);
    expect(fieldErrorsOf(bad.error!)).toEqual({ email: ["Enter an email"], dates: ["Pick a start"] });
    const whole = schema.safeParse({ email: "a@b.co", dates: { from: "x" } });
    expect(fieldErrorsOf(whole.error!)).toEqual({ _form: ["Not that one"] });
  });
});
