// Enrolment captures: the same signed, challenged, liveness-checked (and in strict mode re-embedded) capture
// as a check-in, plus pose and quality gates; once every pose is stored, the person's face is checked
// against everyone else in the organisation (1:N) and waits for an admin's approval ("held"), with its captures
// and 1:N result on the review screen (lib/db/queries/enrolment-review.ts) — unless the organisation
// auto-approves enrolments (settings.autoApproveEnrolment, default off) and nobody else matches.
import "server-only";
import { writeAudit } from "@/lib/db/queries/audit";
import { enrolCropKey, enrolCropKeys } from "@/lib/db/queries/enrolment-review";
import { objectStore } from "@/lib/storage";
import type { OrgSettings } from "@/lib/validations/settings";
import { currentConsent } from "@/lib/db/queries/consents";
import { getDevice } from "@/lib/db/queries/devices";
import { getOrganisation, settingsOf } from "@/lib/db/queries/organisations";
import { deleteTemplatesOfUser, nearestPeople, putTemplate, setEnrolment, templatesOfUser } from "@/lib/db/queries/templates";
import { db } from "@/lib/db/client";
import { ServiceUnavailable } from "@/lib/errors";
import type { User } from "@/lib/db/schema";
import { cosine } from "@/lib/face/core/similarity";
import { EMBEDDING_MODEL_ID } from "@/lib/face/models";
import { CONSENT_VERSION } from "../consent";
import { enrolmentCollision } from "../decision";
import { checkinOptions } from "../options";
import type { Pose } from "../payload";
import { cropQuality, poseMatches } from "../quality";
import { reasonMessage, type RejectReason } from "../reasons";
import { beginCheckin, type BeginResult } from "./checkin";
import { serverFace, type ServerFace } from "@/lib/face/node/server-face";
import type { Submission } from "@/lib/validations/checkin";
import { checkDevice, checkFace, checkSignature, enforceRateLimits, parseSubmission, Rejected, takeChallenge, type Evidence } from "./pipeline";
import type { RequestMeta } from "./request-meta";
import type { Enrolment } from "@/lib/db/schema";

export type EnrolResult =
  | { status: "stored"; pose: Pose; remaining: Pose[]; enrolment: Enrolment; message: string }
  | { status: "rejected"; reason: RejectReason; message: string };

async function requireEnrollable(user: User, orgId: string): Promise<void> {
  const consent = await currentConsent(orgId, user.id);
  if (!consent || consent.textVersion !== CONSENT_VERSION) throw new Rejected("consent-required");
  if (user.enrolment !== "none") throw new Rejected(user.enrolment === "held" ? "enrolment-held" : "malformed-payload", "already enrolled");
}

export async function beginEnrolCapture(user: User, orgId: string, deviceId: string): Promise<BeginResult> {
  try {
    await requireEnrollable(user, orgId);
  } catch (e) {
    if (e instanceof Rejected) return { status: "rejected", reason: e.reason, message: reasonMessage(e.reason) };
    throw e;
  }
  return beginCheckin(user, orgId, deviceId, "enrol");
}

/** Poses still missing for this person. */
export async function remainingPoses(orgId: string, userId: string): Promise<Pose[]> {
  const have = new Set((await templatesOfUser(orgId, userId, EMBEDDING_MODEL_ID)).map((t) => t.pose));
  return checkinOptions.enrolPoses.filter((p) => !have.has(p));
}

/** The server's own quality measurement of the aligned crop (the browser's figure is not trusted). */
async function serverCropQuality(alignedJpeg: Uint8Array): Promise<number> {
  const { decodeJpegRgba } = await import("@/lib/face/node");
  try {
    const img = await decodeJpegRgba(alignedJpeg, 112 * 112);
    return cropQuality(img.data, img.width, img.height).score;
  } catch (e) {
    if (e instanceof ServiceUnavailable) throw e;
    throw new Rejected("bad-crop", "aligned crop unreadable");
  }
}

export async function completeEnrolCapture(user: User, orgId: string, sub: Submission, meta: RequestMeta, opts: { face?: ServerFace } = {}): Promise<EnrolResult> {
  const face = opts.face ?? (await serverFace());
  const ev: Evidence = {};
  let deviceId: string | null = null;
  try {
    await enforceRateLimits(orgId, [{ name: "checkinUser", subject: user.id }, ...(meta.ip ? [{ name: "checkinIp" as const, subject: meta.ip }] : [])]);
    await requireEnrollable(user, orgId);
    const { raw, head } = parseSubmission(sub, "enrol");
    const device = checkDevice(await getDevice(orgId, head.deviceId), { kind: "personal", userId: user.id });
    deviceId = device.id;
    await checkSignature(device, sub);
    const challenge = await takeChallenge(orgId, head, { userId: user.id, deviceId: device.id });
    const org = await getOrganisation(orgId);
    if (!org) throw new Rejected("challenge-unknown");
    const settings = settingsOf(org);
    const { checked, probe, yaw } = await checkFace(raw, challenge, settings, face, ev);
    const p = checked.payload;
    const pose = p.pose!;
    const quality = await serverCropQuality(checked.alignedJpeg);
    if (quality < checkinOptions.minEnrolQuality) throw new Rejected("low-quality", `quality ${quality.toFixed(3)}`);
    // The pose the SERVER measures on the photographed face (issue 14), not the yaw the client signed.
    if (checkinOptions.enforceSidePose && !poseMatches(pose, yaw, checkinOptions.minSideYawDeg))
      throw new Rejected("wrong-pose", `${pose} with server yaw ${yaw.toFixed(1)} (claimed ${p.transcript.bestFrame?.yaw})`);

    const d = await db();
    const result = await d.transaction(async (tx) => {
      await putTemplate(tx, { orgId, userId: user.id, modelId: EMBEDDING_MODEL_ID, embedding: probe, quality, pose });
      await writeAudit(tx, { orgId, actorId: user.id, action: "enrol.capture.stored", targetType: "user", targetId: user.id, data: { pose, quality, deviceId: device.id, strictCosine: ev.strictCosine ?? null } });
      return pose;
    });
    // The capture an admin looks at when reviewing the enrolment (replaced by a new capture of the same pose).
    if (ev.cropBytes) await objectStore().put(enrolCropKey(orgId, user.id, pose), ev.cropBytes, "image/jpeg");
    const remaining = await remainingPoses(orgId, user.id);
    if (remaining.length > 0)
      return { status: "stored", pose: result, remaining, enrolment: "none", message: `Saved. ${remaining.length} more to go.` };
    return await finaliseEnrolment(user, orgId, settings);
  } catch (e) {
    if (!(e instanceof Rejected)) throw e;
    const { cropBytes: _, ...evidence } = ev;
    const d = await db();
    await writeAudit(d, { orgId, actorId: user.id, action: "enrol.capture.rejected", targetType: "user", targetId: user.id, data: { reason: e.reason, detail: e.detail.slice(0, 200), deviceId, ...evidence, ip: meta.ip } });
    return { status: "rejected", reason: e.reason, message: reasonMessage(e.reason) };
  }
}

export const enrolmentMessages = {
  pending: "Your enrolment is complete and waiting for approval: an admin reviews it before you can check in.",
  collision: "Your face looks very like someone already enrolled, so an admin will review your enrolment before you can check in.",
  enrolled: "You are enrolled. You can now check in.",
} as const;

/**
 * With every pose stored: the captures must be one person (pairwise cosine ≥ minSelfConsistency). Then the 1:N
 * check against everyone else in the organisation: a match at the threshold is a collision, held and flagged.
 * Without one the enrolment waits for approval too, unless the organisation auto-approves.
 */
async function finaliseEnrolment(user: User, orgId: string, settings: Pick<OrgSettings, "matchThreshold" | "autoApproveEnrolment">): Promise<EnrolResult> {
  const threshold = settings.matchThreshold;
  const templates = await templatesOfUser(orgId, user.id, EMBEDDING_MODEL_ID);
  const d = await db();
  for (let i = 0; i < templates.length; i++)
    for (let j = i + 1; j < templates.length; j++) {
      const c = cosine(templates[i]!.embedding, templates[j]!.embedding);
      if (c < checkinOptions.minSelfConsistency) {
        await deleteTemplatesOfUser(d, orgId, user.id);
        throw new Rejected("inconsistent-enrolment", `cosine ${c.toFixed(3)} between ${templates[i]!.pose} and ${templates[j]!.pose}`);
      }
    }
  const others = (await Promise.all(templates.map((t) => nearestPeople(orgId, EMBEDDING_MODEL_ID, t.embedding, { excludeUserId: user.id, people: 1 })))).flat();
  const collision = enrolmentCollision(others, threshold);
  const nearest = others.reduce<(typeof others)[number] | null>((best, o) => (!best || o.score > best.score ? o : best), null);
  const autoApproved = !collision && !!settings.autoApproveEnrolment;
  const state: Enrolment = autoApproved ? "enrolled" : "held";
  await d.transaction(async (tx) => {
    await setEnrolment(tx, orgId, user.id, state);
    await writeAudit(tx, {
      orgId,
      actorId: user.id,
      action: collision ? "enrolment.held" : autoApproved ? "enrolment.auto-approved" : "enrolment.pending",
      targetType: "user",
      targetId: user.id,
      data: {
        flagged: !!collision,
        matchedUserId: (collision ?? nearest)?.userId ?? null,
        score: (collision ?? nearest) ? Number((collision ?? nearest)!.score.toFixed(4)) : null,
        threshold,
        templates: templates.length,
      },
    });
  });
  // Captures are kept for the review only.
  if (autoApproved) await objectStore().delete(enrolCropKeys(orgId, user.id)).catch(() => {});
  const message = collision ? enrolmentMessages.collision : autoApproved ? enrolmentMessages.enrolled : enrolmentMessages.pending;
  return { status: "stored", pose: templates.at(-1)!.pose, remaining: [], enrolment: state, message };
}
