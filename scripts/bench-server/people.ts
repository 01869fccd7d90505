// ── organisation and the real people ── one organisation; ~40 real people (LFW) enrolled from their images 1–3
// with the real model, who check in with image 4 (so decisions are real).
import { readFileSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { hashPassword } from "@/lib/auth/password";
import { registerPersonalDevice } from "@/lib/db/queries/devices";
import { users } from "@/lib/db/schema";
import { cosine } from "@/lib/face/core/similarity";
import { antispoofScoreFromContext } from "@/lib/face/node";
import { defaultSettings } from "@/lib/validations/settings";
import { makeOrg, makeTemplates, makeUser } from "../../tools/builders";
import * as h from "../../tools/checkin-harness";
import { faceSample } from "../../tools/faces";
import type { BenchDatabase } from "./database";
import { log, ms } from "./stats";

/** Every bench person's password (one hash for all). */
export const PASSWORD = "bench-password-not-secret";

export interface BenchPerson {
  email: string;
  deviceId: string;
  keys: CryptoKeyPair;
  probe: Awaited<ReturnType<typeof faceSample>>;
  cookie: string;
  /** The punch this person chooses next: in, then out, then in… (a repeat within the dedupe window is "unchanged"). */
  next?: "in" | "out";
}

/** Creates the organisation (dedupe window 0, so every accepted scan writes an event) and enrols up to `n` people. */
export async function seedPeople(db: BenchDatabase, dataDir: string, n: number): Promise<{ orgId: string; people: BenchPerson[] }> {
  const d0 = await db.open();
  const orgId = (await makeOrg({ name: "Bench Ltd", settings: h.turnStepsOnly({ dedupeMinutes: 0 }) })).id;

  const names = readFileSync(path.join(dataDir, "lfw/people.txt"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split("\t"))
    .filter((r) => Number(r[1]) >= 4)
    .map((r) => r[0]!);

  const t0 = performance.now();
  const people: BenchPerson[] = [];
  const passwordHash = await hashPassword(PASSWORD); // one hash for all: the same password
  let skipped = 0;
  for (const name of names) {
    if (people.length >= n) break;
    // A morning of genuine check-ins: people whose probe the server's own anti-spoof model would reject, whose probe
    // does not reach the match threshold against their own enrolment images, or whose photos show no turn one way
    // (no evidence burst) are left out (their check-ins would all be rejected; the integration tests cover those paths).
    const probe = await faceSample(name, 4);
    const enrolled = [await faceSample(name, 1), await faceSample(name, 2), await faceSample(name, 3)];
    if (
      // their evidence burst is made of their own photos (tools/lfw-bursts.ts): they need photos turned both ways
      Object.keys(probe.bursts ?? {}).length < 2 ||
      (await antispoofScoreFromContext(probe.contextJpeg, probe.faceBox)) < defaultSettings.antispoofThreshold ||
      Math.max(...enrolled.map((e) => cosine(e.embedding, probe.embedding))) < defaultSettings.matchThreshold
    ) {
      skipped++;
      continue;
    }
    const user = await makeUser(orgId, { name: name.replace(/_/g, " ") });
    await d0.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    const keys = await h.deviceKeys();
    const dev = await registerPersonalDevice({ orgId, userId: user.id, name: "laptop", jwk: await h.publicJwk(keys) });
    await makeTemplates(orgId, user.id, { embeddings: enrolled.map((e) => e.embedding), enrolled: true });
    people.push({ email: user.email, deviceId: dev.id, keys, probe, cookie: "" });
  }
  log(`enrolled ${people.length} real people (LFW, real model; ${skipped} left out whose probe fails the server's anti-spoof or their own 1:1 match, or whose photos show no turn one way) in ${(ms(t0) / 1000).toFixed(1)} s`);
  return { orgId, people };
}
