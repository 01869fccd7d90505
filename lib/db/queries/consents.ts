import "server-only";
import { and, desc, eq, isNull } from "drizzle-orm";
import { db, type Database } from "../client";
import type { Tx } from "../open";
import { consents } from "../schema";
import { writeAudit } from "./audit";

export async function recordConsent(input: { orgId: string; userId: string; version: string; ip: string | null }) {
  const d = await db();
  return d.transaction(async (tx) => {
    const [row] = await tx.insert(consents).values({ orgId: input.orgId, userId: input.userId, textVersion: input.version, ip: input.ip }).returning();
    await writeAudit(tx, { orgId: input.orgId, actorId: input.userId, action: "consent.accepted", targetType: "user", targetId: input.userId, data: { version: input.version } });
    return row!;
  });
}

/** The person's latest consent that is not withdrawn, or null (read in `tx` when given). */
export async function currentConsent(orgId: string, userId: string, tx?: Tx | Database) {
  const d = tx ?? (await db());
  const [row] = await d
    .select()
    .from(consents)
    .where(and(eq(consents.orgId, orgId), eq(consents.userId, userId), isNull(consents.withdrawnAt)))
    .orderBy(desc(consents.acceptedAt))
    .limit(1);
  return row ?? null;
}
