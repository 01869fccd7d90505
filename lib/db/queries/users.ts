import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { db } from "../client";
import { preparedFor } from "../prepared";
import { organisations, users, type Role, type User } from "../schema";

export interface SignInCandidate {
  user: User;
  orgSlug: string;
  orgName: string;
}

/** Active users with this email (an email is unique within an organisation, not across them). */
export async function findSignInCandidates(email: string, orgSlug?: string): Promise<SignInCandidate[]> {
  const d = await db();
  const rows = await d
    .select({ user: users, orgSlug: organisations.slug, orgName: organisations.name })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.orgId))
    .where(
      and(
        sql`lower(${users.email}) = ${email.toLowerCase()}`,
        eq(users.status, "active"),
        orgSlug ? eq(organisations.slug, orgSlug) : undefined,
      ),
    )
    .limit(20);
  return rows;
}

/** A member of the organisation, or null when the user does not exist there (never another org's user). */
const memberQuery = preparedFor((d) =>
  d
    .select()
    .from(users)
    .where(and(eq(users.orgId, sql.placeholder("orgId")), eq(users.id, sql.placeholder("userId"))))
    .limit(1)
    .prepare("get_member"),
);

export async function getMember(orgId: string, userId: string): Promise<User | null> {
  const [u] = await memberQuery(await db()).execute({ orgId, userId });
  return u ?? null;
}

/** The owners of one organisation (any status): who may decide an owner's own records (lib/auth/separation.ts). */
export async function listOwners(orgId: string): Promise<{ id: string; role: Role; status: string }[]> {
  const d = await db();
  return d.select({ id: users.id, role: users.role, status: users.status }).from(users).where(and(eq(users.orgId, orgId), eq(users.role, "owner")));
}

/** Members of one organisation, by name. */
export async function listMembers(orgId: string) {
  const d = await db();
  return d
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, status: users.status, enrolment: users.enrolment, createdAt: users.createdAt })
    .from(users)
    .where(eq(users.orgId, orgId))
    .orderBy(users.name);
}
