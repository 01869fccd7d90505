// The demo organisation created on first dev start so a newcomer can sign in at once.
import "server-only";
import { hashPassword } from "@/lib/auth/password";
import { createOrganisationWithOwner, getOrganisationBySlug } from "./queries/organisations";

export const DEMO = {
  slug: "demo",
  organisationName: "Demo Ltd",
  ownerName: "Dana Demo",
  email: "owner@demo.clockface.test",
  password: "clockface-demo-2026",
  timezone: "Europe/London",
} as const;

export async function ensureDemoOrganisation(): Promise<boolean> {
  if (await getOrganisationBySlug(DEMO.slug)) return false;
  await createOrganisationWithOwner({
    organisationName: DEMO.organisationName,
    slug: DEMO.slug,
    ownerName: DEMO.ownerName,
    email: DEMO.email,
    passwordHash: await hashPassword(DEMO.password),
    timezone: DEMO.timezone,
  });
  return true;
}
