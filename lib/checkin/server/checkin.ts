// Check-in on the server: beginCheckin issues a challenge; completeCheckin runs the ordered checks and
// records the outcome. Personal laptops verify 1:1 (with a 1:N margin); kiosks identify 1:N.
import { punchDoneLabels } from "@/lib/attendance/punches";
import "server-only";
import { z } from "zod";
import { recordAcceptance, recordRejection } from "@/lib/db/queries/attendance-events";
import { createChallenge } from "@/lib/db/queries/challenges";
import { getDeviceAndOrganisation, getKiosk } from "@/lib/db/queries/devices";
import { getOrganisation, settingsOf } from "@/lib/db/queries/organisations";
import { hitRateLimits } from "@/lib/db/queries/rate-limits";
import { galleryCounts, matchClaim, nearestPeople } from "@/lib/db/queries/templates";
import { getMember } from "@/lib/db/queries/users";
import type { Organisation, User } from "@/lib/db/schema";
import { EMBEDDING_MODEL_ID } from "@/lib/face/models";
import { newObjectKey, objectStore } from "@/lib/storage";
import { kioskBeginBytes } from "../kiosk-begin";
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
  checkSignature,
  enforceRateLimits,
  keepsCrop,
  parseSubmission,
  Rejected,
  takeChallenge,
  type Evidence,
  type Submission,
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

/** A challenge for the signed-in person on their own approved laptop. */
export async function beginCheckin(user: User, orgId: string, deviceId: string, purpose: "check-in" | "enrol" = "check-in"): Promise<BeginResult> {
  try {
    // The organisation's row comes with the device (one statement); the challenge's steps follow its settings.
    const { device, org } = await getDeviceAndOrganisation(orgId, deviceId);
    const approved = checkDevice(device, { kind: "personal", userId: user.id });
    const rl = await hitRateLimits(orgId, [{ name: "beginUser", subject: user.id }]);
    if (!rl.allowed) return rejectedBegin("rate-limited");
    return { status: "ready", challenge: await issue(org, user.id, approved.id, purpose) };
  } catch (e) {
    if (e instanceof Rejected) return rejectedBegin(e.reason);
    throw e;
  }
}

/** What a kiosk signs to ask for a challenge (it has no session: its key is its credential). */
export const kioskBeginSchema = z.object({ deviceId: z.uuid(), ts: z.number().int(), signature: z.string().max(256) });
export type KioskBegin = z.infer<typeof kioskBeginSchema>;
/** How far a kiosk's clock may be from ours (ms). */
const KIOSK_CLOCK_SKEW_MS = 120_000;

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

/** One formatter per time zone (building an Intl.DateTimeFormat costs far more than formatting with it). */
const clockFormats = new Map<string, Intl.DateTimeFormat>();
function clockTime(at: Date, timeZone: string): string {
  let f = clockFormats.get(timeZone);
  if (!f) clockFormats.set(timeZone, (f = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" })));
  return f.format(at);
}

async function keepCrop(orgId: string, bytes: Uint8Array | undefined): Promise<string | null> {
  if (!bytes) return null;
  const key = newObjectKey(orgId, "checkins");
  await objectStore().put(key, bytes, "image/jpeg");
  return key;
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

async function answerAcceptance(org: Organisation, userId: string, r: Recorder, name?: string): Promise<Verdict> {
  const blobKey = await keepCrop(org.id, r.ev.cropBytes);
  const { cropBytes: _, ...evidence } = r.ev;
  const { event, duplicate } = await recordAcceptance(org, userId, { ...evidence, deviceId: r.deviceId, blobKey, ip: r.meta.ip, userAgent: r.meta.userAgent });
  if (duplicate && blobKey) await objectStore().delete([blobKey]).catch(() => {});
  const kind = event.kind ?? "in";
  const time = clockTime(event.at, org.timezone);
  const verb = punchDoneLabels[kind];
  return {
    status: "accepted",
    eventId: event.id,
    kind,
    at: event.at.toISOString(),
    duplicate,
    name,
    message: duplicate ? `Already ${verb.toLowerCase()} at ${time}.` : `${verb} at ${time}.`,
  };
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
    const challenge = await takeChallenge(orgId, head, { userId: user.id, deviceId: device!.id });
    mark("challenge");
    if (!org) throw new Rejected("challenge-unknown", "organisation gone");
    const settings = settingsOf(org);
    const { probe } = await checkFace(raw, challenge, settings, face, r.ev, undefined, mark);
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
    const verdict = await answerAcceptance(org, user.id, r, user.name);
    mark("record");
    return verdict;
  } catch (e) {
    if (e instanceof Rejected) return answerRejection(r, e);
    throw e;
  }
}

/**
 * completeCheckInAction at a kiosk: no session; the kiosk's registration gives the organisation and its signature
 * authenticates the request. The person is identified 1:N within the organisation.
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
    const { probe } = await checkFace(raw, challenge, settings, face, r.ev);
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
    return await answerAcceptance(org, person.id, r, person.name);
  } catch (e) {
    if (e instanceof Rejected) return answerRejection(r, e);
    throw e;
  }
}
