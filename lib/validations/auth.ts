import { z } from "zod";
import { DEFAULT_LOCALE, localeSchema } from "./locale";
import { timezoneSchema } from "./timezone";

const COMMON = new Set(["password", "password1", "password123", "1234567890", "qwertyuiop", "letmein123", "iloveyou12", "welcome123", "admin12345", "clockface1"]);

export const emailSchema = z.string().trim().toLowerCase().max(254, "Email is too long").pipe(z.email("Enter a valid email address"));

export const nameSchema = z
  .string()
  .trim()
  .min(1, "Required")
  .max(120, "Keep it under 120 characters");

export const passwordSchema = z
  .string()
  .min(10, "Use at least 10 characters")
  .max(200, "Keep it under 200 characters")
  .refine((p) => /[a-zA-Z]/.test(p) && /[^a-zA-Z]/.test(p), "Mix letters with digits or symbols")
  .refine((p) => !COMMON.has(p.toLowerCase()), "This password is too common");

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "Use at least 3 characters")
  .max(48, "Keep it under 48 characters")
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Lowercase letters, digits and single hyphens only");

export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/g, "");
}

export const signUpSchema = z
  .object({
    organisationName: nameSchema,
    slug: z.string().trim().optional(),
    name: nameSchema,
    email: emailSchema,
    password: passwordSchema,
    /** The organisation's timezone: the browser's, detected on the form, which the owner may change. */
    timezone: timezoneSchema,
    /** How its dates are written: the browser's language, detected on the form, which the owner may change. */
    locale: localeSchema.default(DEFAULT_LOCALE),
  })
  .transform((v, ctx) => {
    const slug = slugSchema.safeParse(v.slug ? v.slug : slugify(v.organisationName));
    if (!slug.success) {
      ctx.addIssue({ code: "custom", path: ["slug"], message: slug.error.issues[0]?.message ?? "Invalid slug" });
      return z.NEVER;
    }
    return { ...v, slug: slug.data };
  });

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Required").max(200),
  organisation: z.string().trim().max(48).optional(),
});

export type SignUpInput = z.infer<typeof signUpSchema>;

/** The answer to "Forgot password?", the same whether an account exists or not. */
export const RESET_REQUESTED = "If an account uses that address, we have sent it a link to choose a new password. The link works once, for one hour.";

export const resetRequestSchema = z.object({ email: emailSchema });

/** The token in an invite, password-reset or e-mail verification link: 32 random bytes, base64url. */
export const LINK_TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;
const linkTokenSchema = z.string().regex(LINK_TOKEN_RE, "This link is not valid.");

/** A new password with its confirmation, and the link's token (reset, invite). */
export const newPasswordSchema = z
  .object({ token: linkTokenSchema, password: passwordSchema, confirm: z.string().max(200) })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The passwords do not match" });

/** The token of an e-mail verification link. */
export const verifyEmailSchema = z.object({ token: linkTokenSchema });

/** The sign-in form, with the page to return to. */
export const signInFormSchema = signInSchema.extend({ callbackUrl: z.string().max(500).optional() });
