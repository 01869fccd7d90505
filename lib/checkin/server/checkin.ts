// Check-in on the server: beginCheckin issues a challenge; completeCheckin runs the ordered checks and
// records the outcome. Personal laptops verify 1:1 (with a 1:N margin) and record the punch the person chose
// before the capture (signed in the payload); kiosks identify 1:N, then record the punch the person chooses
// after seeing their name (punchKioskCheckin). Either way the server decides it against the person's day.
import "server-only";
import { formatLocalTime } from "@/lib/attendance/local-time";
import { decidePunch, punchDoneLabels, type PunchKind } from "@/lib/attendance/punches";
import { recordKioskPunch, recordPunch, recordRejection, saveIdentification, type PunchOutcome } from "@/lib/db/queries/attendance-events";
import { assertPunchUnlocked } from "@/lib/db/queries/approvals";
import { AppError } from "@/lib/errors";
import { formatTime, orgClock, type OrgClock } from "@/lib/format";
import { punchStatus } from "@/lib/reports/punch-status";
import { createChallenge } from "@/lib/db/queries/challenges";
import { getDeviceAndOrganisation, getKiosk } from "@/lib/db/queries/devices";
import { getOrganisation, settingsOf } from "@/lib/db/queries/organisations";
import { hitRateLimits } from "@/lib/db/queries/rate-limits";
import { galleryCounts, matchClaim, nearestPeople, templatesOfUser } from "@/lib/db/queries/templates";
import { getMember } from "@/lib/db/queries/users";
import type { Organisation, User } from "@/lib/db/schema";
import { PUNCH_REQUIRED, type KioskBegin, type KioskPunch, type Submission } from "@/lib/validations/checkin";
import { EMBEDDING_MODEL_ID } from "@/lib/face/models";
import { newObjectKey, objectStore } from "@/lib/storage";
import { base64ToBytes, bytesToBase64 } from "../encoding";
import { kioskBeginBytes, kioskPunchBytes } from "../kiosk-begin";
import { newNonce, pickSteps, type IssuedChallenge } from "../challenge";
import { decideIdentification, decideVerification } from "../decision";
import { checkinOptions } from "../options";
import { matchingRecord, sizedThresholds } from "../org-size";
import { reasonMessage, type RejectReason, type Verdict } from "../reasons";
import { verifySignature } from "../signature";
import { serverFace, type ServerFace } from "@/lib/face/node/server-face";
import {
  checkDevice,
  checkFace,
  checkFramesArePerson,
  checkSignature,
  enforceRateLimits,
  keepsCrop,
  parseSubmission,
  Rejected,
  takeChallenge,
  type Evidence,
} from "./pipeline";
import type { RequestMeta } from "./request-meta";

export type BeginResult = { status: "ready"; challenge: IssuedChallenge } | { status: "rejected"; reason: RejectReason; message: string };

const rejectedBegin = (reason: RejectReason): BeginResult => ({ status: "rejected", reason, message: reasonMessage(reason) });

/** A challenge whose steps are drawn from the organisation's liveness step pool (settings `livenessSteps`). */
async function issue(org: Organisation | null, userId: string | null, deviceId: string, purpose: "check-in" | "enrol"): Promise<IssuedChallenge> {
  if (!org) throw new Rejected("challenge-unknown", "organisation gone");
  const ch = await createChallenge({
    orgId: org.id,
    userId,
    deviceId,
    purpose,
    nonce: newNonce(),
    steps: pickSteps(checkinOptions.stepsPerChallenge, undefined, settingsOf(org).livenessSteps),
    ttlMs: checkinOptions.challengeTtlMs,
  });
  return { challengeId: ch.id, nonce: ch.nonce, steps: ch.steps as IssuedChallenge["steps"], expiresAt: ch.expiresAt.toISOString(), deviceId };
}

const punchRefused = (message: string) => new AppError("bad-input", message, { punch: [message] });

/**
 * Refuses (field error) a punch that is not a valid next one for the person now, or that falls in their approved
 * pay period (conflict); reads only. The same punch again within the dedupe window passes: after the capture it is
 * answered as unchanged (decidePunch).
 */
async function assertPunchAllowed(org: Organisation, userId: string, punch: PunchKind): Promise<void> {
  const now = new Date();
  await assertPunchUnlocked(org.id, userId, now);
  const { todays } = await punchStatus(org.id, userId, now);
  const decided = decidePunch(todays, punch, now, settingsOf(org).dedupeMinutes, (d) => formatLocalTime(d, org.timezone));
  if (decided.outcome === "invalid") throw punchRefused(decided.message);
}

/**
 * A challenge for the signed-in person on their own laptop. A check-in names the punch the person chose: one
 * that is not valid for where they stand is refused here, before the capture (and again when it is recorded).
 */
export async function beginCheckin(user: User, orgId: string, deviceId: string, purpose: "check-in" | "enrol" = "check-in", punch?: PunchKind): Promise<BeginResult> {
  try {
    // The organisation's row comes with the device (one statement); the challenge's steps follow its settings.
    const { device, org } = await getDeviceAndOrganisation(orgId, deviceId);
    const approved = checkDevice(device, { kind: "personal", userId: user.id });
    const rl = await hitRateLimits(orgId, [{ name: "beginUser", subject: user.id }]);
    if (!rl.allowed) return rejectedBegin("rate-limited");
    if (purpose === "check-in") {
      if (!punch) throw punchRefused(PUNCH_REQUIRED);
      if (org) await assertPunchAllowed(org, user.id, punch);
    }
    return { status: "ready", challenge: await issue(org, user.id, approved.id, purpose) };
  } catch (e) {
    if (e instanceof Rejected) return rejectedBegin(e.reason);
    throw e;
  }
}

/** How far a kiosk's clock may be from ours (ms). */
const KIOSK_CLOCK_SKEW_MS = 120_000;
/** How long an identified person has to choose at the kiosk before the scan is forgotten (ms). */
export const KIOSK_CHOICE_TTL_MS = 60_000;
export const KIOSK_SCAN_EXPIRED = "This scan has expired or was already answered. Scan again.";


export async function beginKioskCheckin(req: KioskBegin, meta: RequestMeta): Promise<BeginResult> {
  try {
    const device = checkDevice(await getKiosk(req.deviceId), { kind: "kiosk" });
    if (Math.abs(Date.now() - req.ts) > KIOSK_CLOCK_SKEW_MS) return rejectedBegin("challenge-expired");
    if (!(await verifySignature(device.publicKeyJwk, kioskBeginBytes(req.deviceId, req.ts), req.signature))) return rejectedBegin("bad-signature");
    const rl = await hitRateLimits(device.orgId, [
      { name: "kioskDevice", subject: device.id },
      ...(meta.ip ? [{ name: "checkinIp" as const, subject: meta.ip }] : []),
    ]);
    if (!rl.allowed) return rejectedBegin("rate-limited");
    return { status: "ready", challenge: await issue(await getOrganisation(device.orgId), null, device.id, "check-in") };
  } catch (e) {
    if (e instanceof Rejected) return rejectedBegin(e.reason);
    throw e;
  }
}


async function keepCrop(orgId: string, bytes: Uint8Array | undefined): Promise<string | null> {
  if (!bytes) return null;
  const key = newObjectKey(orgId, "checkins");
  await objectStore().put(key, bytes, "image/jpeg");
  return key;
}

/**
 * Runs `record` with a keeper of the punch's photo (recordPunch / recordKioskPunch call it inside their transaction,
 * once the punch is recorded). If the record then fails or is refused — the day in an approved pay period, a
 * database error — the photo it stored is deleted before the error goes on: a refused punch keeps no face image.
 */
async function withCropKeeper<T>(orgId: string, record: (keep: (bytes: Uint8Array | undefined) => Promise<string | null>) => Promise<T>): Promise<T> {
  const kept: string[] = [];
  const keep = async (bytes: Uint8Array | undefined) => {
    const key = await keepCrop(orgId, bytes);
    if (key) kept.push(key);
    return key;
  };
  try {
    return await record(keep);
  } catch (e) {
    if (kept.length > 0)
      await objectStore()
        .delete(kept)
        .catch(() => console.error(`could not delete the photo of a refused punch: ${kept.join(", ")}`));
    throw e;
  }
}

export interface CompleteOptions {
  face?: ServerFace;
  /** Called after each stage with its name (the benchmark's per-stage breakdown). */
  trace?: (stage: string) => void;
}

interface Recorder {
  orgId: string | null;
  userId: string | null;
  deviceId: string | null;
  ev: Evidence;
  meta: RequestMeta;
}

async function answerRejection(r: Recorder, e: Rejected): Promise<Verdict> {
  let eventId: string | undefined;
  if (r.orgId) {
    const blobKey = keepsCrop.has(e.reason) ? await keepCrop(r.orgId, r.ev.cropBytes).catch(() => null) : null;
    const { cropBytes: _, ...evidence } = r.ev;
    eventId = await recordRejection({ ...evidence, orgId: r.orgId, userId: r.userId, deviceId: r.deviceId, blobKey, reason: e.reason, ip: r.meta.ip, userAgent: r.meta.userAgent });
  }
  return { status: "rejected", reason: e.reason, message: reasonMessage(e.reason), eventId };
}

/** The verdict for a recorded or unchanged punch, in the organisation's local time. */
function punchVerdict(out: Exclude<PunchOutcome, { outcome: "invalid" }>, clock: OrgClock, name?: string): Verdict {
  const kind = out.event.kind!;
  const time = formatTime(out.event.at, clock);
  const done = punchDoneLabels[kind];
  const base = { eventId: out.event.id, kind, at: out.event.at.toISOString(), name };
  return out.outcome === "recorded"
    ? { status: "accepted", ...base, message: `${done} at ${time}.` }
    : { status: "unchanged", ...base, message: `${done} at ${time} already — nothing new was recorded.` };
}

/** Records the punch a verified person chose on their laptop; the crop is kept only with a new event. */
async function answerPunch(org: Organisation, userId: string, punch: PunchKind, r: Recorder, name?: string): Promise<Verdict> {
  const { cropBytes, ...evidence } = r.ev;
  const out = await withCropKeeper(org.id, (keep) =>
    recordPunch(org, userId, punch, { ...evidence, deviceId: r.deviceId, ip: r.meta.ip, userAgent: r.meta.userAgent }, new Date(), () => keep(cropBytes)),
  );
  if (out.outcome === "invalid") throw punchRefused(out.message);
  return punchVerdict(out, orgClock(org), name);
}

/**
 * completeCheckInAction for a signed-in person on their own laptop. The session, role and organisation were
 * checked by the action wrapper; `user` is the fresh database row.
 */
export async function completeCheckin(user: User, orgId: string, sub: Submission, meta: RequestMeta, opts: CompleteOptions = {}): Promise<Verdict> {
  const face = opts.face ?? (await serverFace());
  const mark = opts.trace ?? (() => {});
  const r: Recorder = { orgId, userId: user.id, deviceId: null, ev: {}, meta };
  try {
    await enforceRateLimits(orgId, [{ name: "checkinUser", subject: user.id }, ...(meta.ip ? [{ name: "checkinIp" as const, subject: meta.ip }] : [])]);
    mark("rate-limits");
    const { raw, head } = parseSubmission(sub, "check-in");
    mark("parse");
    // The organisation's row comes with the device (one statement); its settings are first used after the challenge.
    const { device, org } = await getDeviceAndOrganisation(orgId, head.deviceId);
    if (device) r.deviceId = device.id;
    checkDevice(device, { kind: "personal", userId: user.id });
    await enforceRateLimits(orgId, [{ name: "checkinDevice", subject: device!.id }]);
    mark("device");
    await checkSignature(device!, sub);
    mark("signature");
    if (!org) throw new Rejected("challenge-unknown", "organisation gone");
    // The punch the person chose is signed with the capture; one that is not valid now is refused before the
    // challenge is used (a field error; nothing recorded), and decided again when it is written.
    const punch = head.punch;
    if (!punch) throw punchRefused(PUNCH_REQUIRED);
    await assertPunchAllowed(org, user.id, punch);
    mark("punch");
    const challenge = await takeChallenge(orgId, head, { userId: user.id, deviceId: device!.id });
    mark("challenge");
    const settings = settingsOf(org);
    const { probe, frameEmbeddings } = await checkFace(raw, challenge, settings, face, r.ev, undefined, mark);
    if (user.enrolment === "held") throw new Rejected("enrolment-held");
    if (user.enrolment !== "enrolled") throw new Rejected("not-enrolled");
    const [scores, gallery] = await Promise.all([matchClaim(orgId, EMBEDDING_MODEL_ID, probe, user.id), galleryCounts(orgId, EMBEDDING_MODEL_ID)]);
    const thresholds = sizedThresholds(gallery.people, settings).verify;
    const decision = decideVerification(scores, thresholds);
    r.ev.matching = matchingRecord(thresholds, gallery.people);
    r.ev.score = decision.score;
    r.ev.margin = decision.margin;
    mark("match");
    if (!decision.accepted) throw new Rejected(decision.reason);
    checkFramesArePerson(frameEmbeddings, (await templatesOfUser(orgId, user.id, EMBEDDING_MODEL_ID)).map((t) => t.embedding), r.ev);
    const verdict = await answerPunch(org, user.id, punch, r, user.name);
    mark("record");
    return verdict;
  } catch (e) {
    if (e instanceof Rejected) return answerRejection(r, e);
    throw e;
  }
}

/**
 * completeCheckInAction at a kiosk: no session; the kiosk's registration gives the organisation and its signature
 * authenticates the request. The person is identified 1:N within the organisation; nothing is recorded yet: the
 * answer names them, says where they stand and which punches they may choose (punchKioskCheckin records it).
 */
export async function completeKioskCheckin(sub: Submission, meta: RequestMeta, opts: CompleteOptions = {}): Promise<Verdict> {
  const face = opts.face ?? (await serverFace());
  const r: Recorder = { orgId: null, userId: null, deviceId: null, ev: {}, meta };
  try {
    const { raw, head } = parseSubmission(sub, "check-in");
    const device = await getKiosk(head.deviceId);
    if (device) {
      r.orgId = device.orgId;
      r.deviceId = device.id;
    }
    checkDevice(device, { kind: "kiosk" });
    const orgId = device!.orgId;
    await enforceRateLimits(orgId, [{ name: "kioskDevice", subject: device!.id }, ...(meta.ip ? [{ name: "checkinIp" as const, subject: meta.ip }] : [])]);
    await checkSignature(device!, sub);
    const challenge = await takeChallenge(orgId, head, { userId: null, deviceId: device!.id });
    const org = await getOrganisation(orgId);
    if (!org) throw new Rejected("challenge-unknown", "organisation gone");
    const settings = settingsOf(org);
    const { probe, frameEmbeddings } = await checkFace(raw, challenge, settings, face, r.ev);
    const [candidates, gallery] = await Promise.all([nearestPeople(orgId, EMBEDDING_MODEL_ID, probe, { people: 2 }), galleryCounts(orgId, EMBEDDING_MODEL_ID)]);
    const thresholds = sizedThresholds(gallery.people, settings).kiosk;
    const decision = decideIdentification(candidates, thresholds);
    r.ev.matching = matchingRecord(thresholds, gallery.people);
    r.ev.score = decision.score;
    r.ev.margin = decision.margin;
    if (!decision.accepted) throw new Rejected(decision.reason);
    const person = await getMember(orgId, decision.userId);
    if (!person || person.status !== "active") throw new Rejected("unknown-person", "not an active member");
    r.userId = person.id;
    if (person.enrolment !== "enrolled") throw new Rejected("enrolment-held");
    checkFramesArePerson(frameEmbeddings, (await templatesOfUser(orgId, person.id, EMBEDDING_MODEL_ID)).map((t) => t.embedding), r.ev);
    // No punch of theirs can be recorded in an approved pay period: refused now, before the scan (and its photo) is kept.
    const now = new Date();
    await assertPunchUnlocked(orgId, person.id, now);
    const status = await punchStatus(orgId, person.id, now);
    const { cropBytes, ...evidence } = r.ev;
    const idn = await saveIdentification(
      orgId,
      device!.id,
      person.id,
      { ...evidence, ip: meta.ip, userAgent: meta.userAgent },
      cropBytes ? bytesToBase64(cropBytes) : null,
      KIOSK_CHOICE_TTL_MS,
    );
    return {
      status: "identified",
      identificationId: idn.id,
      name: person.name,
      statusText: status.text,
      allowed: status.allowed,
      expiresAt: idn.expiresAt.toISOString(),
      choiceMs: KIOSK_CHOICE_TTL_MS,
      message: `${person.name}: ${status.text}.`,
    };
  } catch (e) {
    if (e instanceof Rejected) return answerRejection(r, e);
    throw e;
  }
}

/**
 * The punch a person identified at a kiosk chose (signed by the kiosk: kioskPunchBytes). The identification must be
 * this kiosk's and unexpired; it answers once. An invalid choice is a field error and records nothing (the person
 * may still choose a valid one); the same punch again within the dedupe window is answered as unchanged.
 */
export async function punchKioskCheckin(req: KioskPunch, meta: RequestMeta): Promise<Verdict> {
  const rejected = (reason: RejectReason): Verdict => ({ status: "rejected", reason, message: reasonMessage(reason) });
  try {
    const device = checkDevice(await getKiosk(req.deviceId), { kind: "kiosk" });
    if (Math.abs(Date.now() - req.ts) > KIOSK_CLOCK_SKEW_MS) return rejected("challenge-expired");
    if (!(await verifySignature(device.publicKeyJwk, kioskPunchBytes(req.deviceId, req.identificationId, req.punch, req.ts), req.signature)))
      return rejected("bad-signature");
    await enforceRateLimits(device.orgId, [{ name: "kioskDevice", subject: device.id }, ...(meta.ip ? [{ name: "checkinIp" as const, subject: meta.ip }] : [])]);
    const org = await getOrganisation(device.orgId);
    if (!org) return rejected("device-unknown");
    const out = await withCropKeeper(org.id, (keep) => recordKioskPunch(org, device.id, req.identificationId, req.punch, (crop) => keep(base64ToBytes(crop) ?? undefined)));
    if (out.outcome === "expired") throw new AppError("bad-input", KIOSK_SCAN_EXPIRED, { identificationId: [KIOSK_SCAN_EXPIRED] });
    if (out.outcome === "invalid") throw punchRefused(out.message);
    const person = await getMember(org.id, out.userId);
    return punchVerdict(out, orgClock(org), person?.name);
  } catch (e) {
    if (e instanceof Rejected) return rejected(e.reason);
    throw e;
  }
}
