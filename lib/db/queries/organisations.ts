import "server-only";
import { eq, sql } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { defaultSettings, type OrgSettings, type Rules } from "@/lib/validations/settings";
import { db } from "../client";
import { organisations, users, type Organisation, type User } from "../schema";
import { writeAudit } from "./audit";

export interface NewOrganisation {
  organisationName: string;
  slug: string;
  ownerName: string;
  email: string;
  passwordHash: string;
  timezone?: string;
  /** How its dates are written (lib/validations/locale.ts); the column's default when absent. */
  locale?: string;
}

/** Creates an organisation and its owner in one transaction. Throws AppError('conflict') with field errors. */
export async function createOrganisationWithOwner(input: NewOrganisation): Promise<{ org: Organisation; owner: User }> {
  const d = await db();
  return d.transaction(async (tx) => {
    const fieldErrors: Record<string, string[]> = {};
    const [emailTaken] = await tx
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${input.email.toLowerCase()}`)
      .limit(1);
    if (emailTaken) fieldErrors.email = ["An account with this email already exists. Sign in instead."];
    const [slugTaken] = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, input.slug)).limit(1);
    if (slugTaken) fieldErrors.slug = [`The address "${input.slug}" is taken. Choose another.`];
    if (Object.keys(fieldErrors).length) throw new AppError("conflict", "Please correct the highlighted fields.", fieldErrors);

    const [org] = await tx
      .insert(organisations)
      .values({ name: input.organisationName, slug: input.slug, timezone: input.timezone ?? "UTC", locale: input.locale, settings: defaultSettings })
      .returning();
    const [owner] = await tx
      .insert(users)
      .values({ orgId: org!.id, email: input.email, name: input.ownerName, role: "owner", status: "active", passwordHash: input.passwordHash })
      .returning();
    await writeAudit(tx, { orgId: org!.id, actorId: owner!.id, action: "organisation.created", targetType: "organisation", targetId: org!.id, data: { slug: input.slug } });
    return { org: org!, owner: owner! };
  });
}

export async function getOrganisation(orgId: string): Promise<Organisation | null> {
  const d = await db();
  const [org] = await d.select().from(organisations).where(eq(organisations.id, orgId)).limit(1);
  return org ?? null;
}

export async function getOrganisationBySlug(slug: string): Promise<Organisation | null> {
  const d = await db();
  const [org] = await d.select().from(organisations).where(eq(organisations.slug, slug)).limit(1);
  return org ?? null;
}

/** The organisation's settings merged over today's defaults (older rows may lack newer keys). */
export function settingsOf(org: Organisation): OrgSettings {
  return { ...defaultSettings, ...org.settings };
}

function changed(before: Record<string, unknown>, after: Record<string, unknown>) {
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of Object.keys(after))
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) diff[k] = { from: before[k], to: after[k] };
  return diff;
}

/** Updates settings (and the timezone column) and writes the change to the audit log, in one transaction. */
export async function updateOrganisationSettings(
  orgId: string,
  actorId: string,
  patch: Partial<OrgSettings> & { timezone?: string; locale?: string },
  action = "settings.updated",
): Promise<{ changes: Record<string, { from: unknown; to: unknown }> }> {
  const d = await db();
  return d.transaction(async (tx) => {
    const [org] = await tx.select().from(organisations).where(eq(organisations.id, orgId)).for("update").limit(1);
    if (!org) throw new AppError("not-found");
    const { timezone, locale, ...settingsPatch } = patch;
    const before = { timezone: org.timezone, locale: org.locale, ...settingsOf(org) };
    const next = { ...settingsOf(org), ...settingsPatch };
    const after = { timezone: timezone ?? org.timezone, locale: locale ?? org.locale, ...next };
    const changes = changed(before, after);
    if (Object.keys(changes).length === 0) return { changes };
    await tx.update(organisations).set({ settings: next, timezone: after.timezone, locale: after.locale }).where(eq(organisations.id, orgId));
    await writeAudit(tx, { orgId, actorId, action, targetType: "organisation", targetId: orgId, data: { changes } });
    return { changes };
  });
}

export type { Rules };
