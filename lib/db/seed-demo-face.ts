// The demo owner enrolled from the committed fixture (lib/demo/owner-face.ts, lib/demo/face/: a CC BY 4.0 clip of a
// woman turning her head), so that /check-in can be tried at once on a fake camera playing that clip.
import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { and, count, eq } from "drizzle-orm";
import { CONSENT_VERSION } from "@/lib/checkin/consent";
import { DEMO_FACE_DIR, DEMO_FACE_STILLS, DEMO_LIVENESS_STEPS, enrolmentProblems, type MeasuredStill } from "@/lib/demo/owner-face";
import { EMBEDDING_MODEL_ID } from "@/lib/face/models";
import { db, type Database } from "./client";
import type { Tx } from "./open";
import { writeAudit } from "./queries/audit";
import { currentConsent } from "./queries/consents";
import { settingsOf } from "./queries/organisations";
import { deleteTemplatesOfUser, putTemplate, setEnrolment } from "./queries/templates";
import { consents, faceTemplates, organisations, users } from "./schema";

/** The three stills, measured by the server's own models (mesh → alignment → embedding, as for a capture). */
export async function measureDemoFace(): Promise<MeasuredStill[]> {
  const { measureStillJpeg } = await import("@/lib/face/node/still");
  const out: MeasuredStill[] = [];
  for (const s of DEMO_FACE_STILLS) {
    const bytes = await readFile(path.join(/*turbopackIgnore: true*/ process.cwd(), DEMO_FACE_DIR, s.file));
    out.push({ pose: s.pose, ...(await measureStillJpeg(new Uint8Array(bytes))) });
  }
  return out;
}

/**
 * Whether the owner needs the demo face: no template of the current model, and no enrolment waiting for review. True
 * for a new demo, a demo database from before this existed, an owner whose enrolment was reset (re-enrolled from
 * the fixture on the next start) or whose templates are of an earlier model.
 */
async function needsFace(d: Database | Tx, orgId: string, ownerId: string): Promise<boolean> {
  const [owner] = await d.select({ enrolment: users.enrolment }).from(users).where(and(eq(users.orgId, orgId), eq(users.id, ownerId))).limit(1);
  if (!owner || owner.enrolment === "held") return false;
  const [row] = await d
    .select({ n: count() })
    .from(faceTemplates)
    .where(and(eq(faceTemplates.orgId, orgId), eq(faceTemplates.userId, ownerId), eq(faceTemplates.modelId, EMBEDDING_MODEL_ID)));
  return Number(row?.n ?? 0) === 0;
}

/**
 * Enrols the demo owner, as an enrolment would end for them: their biometric consent (the current text version, as
 * the enrolment flow records it), one template per pose computed by the server's models from the fixture's stills
 * (which pass every gate an enrolment capture must: enrolmentProblems), the enrolment approved, and the
 * organisation's liveness steps set to the two head turns (the clip has no blink). One transaction, audited;
 * nothing happens when the owner needs no face (a second start, or two at once). Returns whether it enrolled.
 * Throws when the fixture is missing or fails a gate (the caller logs it; the demo starts without the face).
 */
export async function ensureDemoOwnerFace(orgId: string, ownerId: string): Promise<boolean> {
  const d = await db();
  if (!(await needsFace(d, orgId, ownerId))) return false;
  const stills = await measureDemoFace();
  const problems = enrolmentProblems(stills);
  if (problems.length) throw new Error(`the demo face fixture fails enrolment: ${problems.join("; ")}`);
  return d.transaction(async (tx) => {
    await tx.select({ id: users.id }).from(users).where(and(eq(users.orgId, orgId), eq(users.id, ownerId))).for("update").limit(1);
    if (!(await needsFace(tx, orgId, ownerId))) return false;
    const consent = await currentConsent(orgId, ownerId, tx);
    if (consent?.textVersion !== CONSENT_VERSION) {
      await tx.insert(consents).values({ orgId, userId: ownerId, textVersion: CONSENT_VERSION, ip: null });
      await writeAudit(tx, { orgId, actorId: ownerId, action: "consent.accepted", targetType: "user", targetId: ownerId, data: { version: CONSENT_VERSION } });
    }
    await deleteTemplatesOfUser(tx, orgId, ownerId); // an earlier model's
    for (const s of stills) await putTemplate(tx, { orgId, userId: ownerId, modelId: EMBEDDING_MODEL_ID, embedding: s.embedding, quality: s.quality, pose: s.pose, captureThumbnail: s.thumbnail });
    await setEnrolment(tx, orgId, ownerId, "enrolled");
    const [org] = await tx.select().from(organisations).where(eq(organisations.id, orgId)).for("update").limit(1);
    const settings = settingsOf(org!);
    const steps = [...DEMO_LIVENESS_STEPS];
    const stepsChanged = JSON.stringify(settings.livenessSteps) !== JSON.stringify(steps);
    if (stepsChanged) await tx.update(organisations).set({ settings: { ...settings, livenessSteps: steps } }).where(eq(organisations.id, orgId));
    await writeAudit(tx, {
      orgId,
      actorId: ownerId,
      action: "demo.owner-enrolled",
      targetType: "user",
      targetId: ownerId,
      data: {
        templates: stills.length,
        source: "Intel head-pose clip, CC BY 4.0 (lib/demo/face)",
        ...(stepsChanged ? { changes: { livenessSteps: { from: settings.livenessSteps, to: steps } } } : {}),
      },
    });
    return true;
  });
}
