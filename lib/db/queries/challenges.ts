import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { db } from "../client";
import { preparedFor } from "../prepared";
import { challenges, type Challenge } from "../schema";

export interface NewChallenge {
  orgId: string;
  userId: string | null;
  deviceId: string;
  purpose: "check-in" | "enrol";
  nonce: string;
  steps: string[];
  ttlMs: number;
}

/** Stores a challenge; its expiry is computed by the database clock (the same clock that consumes it). */
export async function createChallenge(c: NewChallenge): Promise<Challenge> {
  const d = await db();
  const [row] = await d
    .insert(challenges)
    .values({
      orgId: c.orgId,
      userId: c.userId,
      deviceId: c.deviceId,
      purpose: c.purpose,
      nonce: c.nonce,
      steps: c.steps,
      expiresAt: sql`now() + make_interval(secs => ${c.ttlMs / 1000})`,
    })
    .returning();
  return row!;
}

/** A challenge of this organisation (never another's). */
export async function getChallenge(orgId: string, id: string): Promise<Challenge | null> {
  const d = await db();
  const [row] = await d.select().from(challenges).where(and(eq(challenges.orgId, orgId), eq(challenges.id, id))).limit(1);
  return row ?? null;
}

/**
 * Marks the challenge used if, and only if, it is unused and unexpired: a single conditional UPDATE, so of two
 * concurrent submissions exactly one gets the row back. Returns null for the loser, a used or an expired one.
 */
export async function consumeChallenge(orgId: string, id: string): Promise<Challenge | null> {
  const d = await db();
  const [row] = await d
    .update(challenges)
    .set({ consumedAt: sql`now()` })
    .where(and(eq(challenges.id, id), eq(challenges.orgId, orgId), isNull(challenges.consumedAt), sql`${challenges.expiresAt} > now()`))
    .returning();
  return row ?? null;
}

export interface ChallengeBinding {
  userId: string | null;
  deviceId: string;
  purpose: "check-in" | "enrol";
  nonce: string;
}

/**
 * consumeChallenge for a submission: the same single conditional UPDATE, which also requires the challenge to be
 * bound to this person (none at a kiosk), device, purpose and nonce, so a mismatched submission consumes nothing.
 * Returns the row for the one winner; null when the challenge is unknown in this organisation, bound otherwise,
 * used or expired (the caller reads it again to say which).
 */
export async function consumeBoundChallenge(orgId: string, id: string, b: ChallengeBinding): Promise<Challenge | null> {
  const d = await db();
  const values = { id, orgId, deviceId: b.deviceId, purpose: b.purpose, nonce: b.nonce };
  const [row] = b.userId === null ? await consumeKioskChallenge(d).execute(values) : await consumePersonalChallenge(d).execute({ ...values, userId: b.userId });
  return row ?? null;
}

/** consumeBoundChallenge's UPDATE, prepared: bound to a person (`userId`), or to none (a kiosk's). */
const consumeBound = (boundTo: "person" | "kiosk") =>
  preparedFor((d) =>
    d
      .update(challenges)
      .set({ consumedAt: sql`now()` })
      .where(
        and(
          eq(challenges.id, sql.placeholder("id")),
          eq(challenges.orgId, sql.placeholder("orgId")),
          boundTo === "person" ? eq(challenges.userId, sql.placeholder("userId")) : isNull(challenges.userId),
          eq(challenges.deviceId, sql.placeholder("deviceId")),
          eq(challenges.purpose, sql.placeholder("purpose")),
          eq(challenges.nonce, sql.placeholder("nonce")),
          isNull(challenges.consumedAt),
          sql`${challenges.expiresAt} > now()`,
        ),
      )
      .returning()
      .prepare(`consume_${boundTo}_challenge`),
  );
const consumePersonalChallenge = consumeBound("person");
const consumeKioskChallenge = consumeBound("kiosk");
