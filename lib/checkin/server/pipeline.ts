// The ordered checks shared by check-in (personal and kiosk) and enrolment captures (docs/check-in-protocol.md):
//   rate limits → size → parse → device → signature → challenge (consumed atomically) → shape → liveness → strict.
// Each step either passes or throws `Rejected` with a typed reason; the callers record and answer it.
import "server-only";
import { ServiceUnavailable } from "@/lib/errors";
import { captureYawDeg } from "@/lib/face/best-frame";
import { evaluateLiveness, type LivenessStep } from "@/lib/face/core/liveness-rules";
import { defaultServerLivenessOptions, evaluateServerLiveness, lowestTemplateCosine } from "@/lib/face/core/server-liveness";
import { jpegSize } from "@/lib/face/node/jpeg";
import { cosine } from "@/lib/face/core/similarity";
import { consumeBoundChallenge, getChallenge } from "@/lib/db/queries/challenges";
import { hitRateLimits, type LimitHit } from "@/lib/db/queries/rate-limits";
import type { EventEvidence } from "@/lib/db/queries/attendance-events";
import type { Challenge, Device } from "@/lib/db/schema";
import type { Submission } from "@/lib/validations/checkin";
import type { OrgSettings } from "@/lib/validations/settings";
import { parseCanonicalJson } from "../canonical";
import { checkinOptions, type CheckinOptions } from "../options";
import { checkPayloadShape, payloadHeadSchema, type CheckedPayload, type PayloadHead } from "../payload";
import { evidenceProblem, type EvidenceFrameInput } from "../evidence";
import type { RejectReason } from "../reasons";
import { verifySignature } from "../signature";
import type { BurstMeasurements, CropMeasurements, ServerFace } from "@/lib/face/node/server-face";

export class Rejected extends Error {
  constructor(
    readonly reason: RejectReason,
    readonly detail: string = reason,
  ) {
    super(reason);
    this.name = "Rejected";
  }
}


/** Evidence gathered along the way, written with the event whatever the outcome. */
export type Evidence = Omit<EventEvidence, "orgId" | "userId" | "deviceId"> & { cropBytes?: Uint8Array };

export async function enforceRateLimits(orgId: string | null, hits: LimitHit[]): Promise<void> {
  const r = await hitRateLimits(orgId, hits);
  if (!r.allowed) throw new Rejected("rate-limited", `limit reached: ${r.exceeded.join(", ")}`);
}

/** Size limit before parsing, then canonical JSON and the fields needed to find the device and challenge. */
export function parseSubmission(sub: Submission, purpose: "check-in" | "enrol", o: CheckinOptions = checkinOptions): { raw: unknown; head: PayloadHead } {
  if (sub.payload.length > o.maxPayloadChars) throw new Rejected("payload-too-large", `${sub.payload.length} characters`);
  const raw = parseCanonicalJson(sub.payload);
  if (raw === null || typeof raw !== "object") throw new Rejected("malformed-payload", "not canonical JSON");
  const head = payloadHeadSchema.safeParse({
    purpose: (raw as Record<string, unknown>).purpose,
    deviceId: (raw as Record<string, unknown>).deviceId,
    challengeId: (raw as Record<string, unknown>).challengeId,
    nonce: (raw as Record<string, unknown>).nonce,
    punch: (raw as Record<string, unknown>).punch,
  });
  if (!head.success) throw new Rejected("malformed-payload", "missing purpose, device, challenge or nonce, or an unknown punch");
  if (head.data.purpose !== purpose) throw new Rejected("malformed-payload", `purpose ${head.data.purpose} sent to ${purpose}`);
  return { raw, head: head.data };
}

/** The device must be registered, approved, not revoked, and (personal) belong to the caller or (kiosk) be a kiosk. */
export function checkDevice(device: Device | null, expect: { kind: "personal"; userId: string } | { kind: "kiosk" }): Device {
  if (!device) throw new Rejected("device-unknown");
  if (device.revokedAt) throw new Rejected("device-revoked");
  if (!device.approvedAt) throw new Rejected("device-not-approved");
  if (expect.kind === "personal" && (device.kind !== "personal" || device.userId !== expect.userId)) throw new Rejected("device-not-yours");
  if (expect.kind === "kiosk" && device.kind !== "kiosk") throw new Rejected("device-not-yours", "not a kiosk");
  return device;
}

export async function checkSignature(device: Device, sub: Submission): Promise<void> {
  const ok = await verifySignature(device.publicKeyJwk, new TextEncoder().encode(sub.payload), sub.signature);
  if (!ok) throw new Rejected("bad-signature");
}

/**
 * The challenge must exist in this organisation, be bound to this person (or none, at a kiosk), device, purpose
 * and nonce, and be unused and unexpired: consumed by one conditional UPDATE that checks all of it, so exactly one
 * submission wins and a mismatched one consumes nothing. Only a refused submission reads the row again, to give
 * the reason (in that order: unknown, mismatch, used, expired).
 */
export async function takeChallenge(orgId: string, head: PayloadHead, bound: { userId: string | null; deviceId: string }): Promise<Challenge> {
  const won = await consumeBoundChallenge(orgId, head.challengeId, { ...bound, purpose: head.purpose, nonce: head.nonce });
  if (won) return won;
  const ch = await getChallenge(orgId, head.challengeId);
  if (!ch) throw new Rejected("challenge-unknown");
  if (ch.userId !== bound.userId || ch.deviceId !== bound.deviceId || ch.purpose !== head.purpose || ch.nonce !== head.nonce)
    throw new Rejected("challenge-mismatch");
  throw ch.consumedAt ? new Rejected("challenge-used") : new Rejected("challenge-expired");
}

export interface FaceCheck {
  checked: CheckedPayload;
  /** The embedding to match: the server's own embedding of the aligned crop. */
  probe: Float32Array;
  /** The server's yaw of the photographed face (context crop), degrees: an enrolment capture's pose. */
  yaw: number;
  /** The server's embedding of every evidence frame (checkFramesArePerson, once the person is known). */
  frameEmbeddings: ArrayLike<number>[];
}

/** Shape → liveness (the same rule table as the browser, on the signed transcript) → strict re-embedding. */
export async function checkFace(
  raw: unknown,
  challenge: Challenge,
  settings: OrgSettings,
  face: ServerFace,
  ev: Evidence,
  o: CheckinOptions = checkinOptions,
  mark: (stage: string) => void = () => {},
): Promise<FaceCheck> {
  const shape = checkPayloadShape(raw, o);
  if (!shape.ok) throw new Rejected(shape.reason, shape.detail);
  const checked = shape.value;
  const p = checked.payload;
  ev.cropBytes = checked.contextJpeg;
  ev.antispoof = p.antispoofScore;

  // Enrolment's side captures take their photo slightly turned (lib/face/best-frame.ts); the pose is signed.
  const verdict = evaluateLiveness(p.transcript, challenge.steps, { minAntispoofScore: settings.antispoofThreshold, captureYawDeg: captureYawDeg(p.pose) });
  ev.liveness = {
    passed: verdict.passed,
    steps: challenge.steps,
    failed: verdict.rules.filter((r) => r.status === "fail").map((r) => r.name),
    clientAntispoof: p.antispoofScore,
    provider: p.provider,
  };
  mark("shape+liveness");
  if (!verdict.passed) throw new Rejected("liveness-failed", (ev.liveness.failed as string[]).join(", "));

  // The server's own decision, from the frames (issue 14): required of every check-in and enrolment capture.
  const burst = await checkEvidence(checked, challenge, face, ev, mark);

  // Always strict (issue 14): the server embeds what it checks; the claimed embedding must match its re-embedding.
  let measured: CropMeasurements;
  try {
    measured = await face.measureCrops(checked.alignedJpeg, checked.contextJpeg, p.faceBox);
  } catch (e) {
    if (e instanceof ServiceUnavailable) throw e; // the models' fault: answered as unavailable, never recorded
    throw new Rejected("bad-crop", e instanceof Error ? e.message : "crop unreadable");
  }
  mark("strict-models");
  const server = measured.embedding;
  const spoof = measured.antispoof;
  const c = cosine(server, checked.embedding);
  ev.strictCosine = c;
  if (!(c >= o.strictMinCosine)) throw new Rejected("crop-mismatch", `cosine ${c.toFixed(4)}`);
  ev.antispoof = spoof;
  if (!(spoof >= settings.antispoofThreshold)) throw new Rejected("spoof-suspected", `score ${spoof.toFixed(3)}`);
  return { checked, probe: server, yaw: burst.contextYaw, frameEmbeddings: burst.frames.map((f) => f.embedding) };
}

/**
 * The evidence burst, decided on the server from its own measurements (lib/face/core/server-liveness.ts), never
 * from the transcript: the checks before decoding (each bad input its own reason), then every frame measured, the
 * challenge's steps in order, one person on every frame — and that person is the one in the context crop (anti-spoof
 * input, audit photo) and in the embedding that gets matched (the claim, which strict mode then ties to the server's
 * re-embedding of the aligned crop).
 */
export async function checkEvidence(
  checked: CheckedPayload,
  challenge: Challenge,
  face: ServerFace,
  ev: Evidence,
  mark: (stage: string) => void = () => {},
  now: Date = new Date(),
): Promise<BurstMeasurements> {
  const frames = checked.frames ?? [];
  if (frames.length === 0) throw new Rejected("frames-missing", "no evidence burst in the payload");
  const inputs: EvidenceFrameInput[] = [];
  for (const [i, f] of frames.entries()) {
    let size: { width: number; height: number };
    try {
      size = jpegSize(f.jpeg);
    } catch (e) {
      throw new Rejected("frame-unreadable", `frame ${i}: ${e instanceof Error ? e.message : "unreadable"}`);
    }
    inputs.push({ jpeg: f.jpeg, tMs: f.tMs, ...size });
  }
  const issued = challenge.createdAt.getTime();
  const problem = evidenceProblem(inputs, { lifetimeMs: challenge.expiresAt.getTime() - issued, elapsedMs: now.getTime() - issued });
  if (problem) throw new Rejected(problem.reason, problem.detail);
  let m: BurstMeasurements;
  try {
    m = await face.measureBurst(
      frames.map((f) => f.jpeg),
      checked.contextJpeg,
      checked.payload.faceBox,
    );
  } catch (e) {
    if (e instanceof ServiceUnavailable) throw e; // the models' fault: answered as unavailable, never recorded
    const msg = e instanceof Error ? e.message : "unreadable";
    throw new Rejected(/^frame \d+:/.test(msg) ? "frame-unreadable" : "bad-crop", msg);
  }
  mark("evidence-models");
  const verdict = evaluateServerLiveness(m.frames, challenge.steps as LivenessStep[]);
  const failed = verdict.rules.filter((r) => r.status === "fail").map((r) => r.name);
  // The matched face and the photographed face belong to the burst's person.
  const bind = (name: string, e: ArrayLike<number>) => {
    const lowest = Math.min(...m.frames.map((f) => cosine(f.embedding, e)));
    if (!(lowest >= defaultServerLivenessOptions.minPairCosine)) failed.push(name);
    return lowest;
  };
  const contextCos = bind("context-face", m.contextEmbedding);
  const claimCos = bind("claimed-face", checked.embedding);
  ev.liveness = {
    ...ev.liveness,
    server: {
      passed: failed.length === 0,
      failed,
      frames: m.frames.length,
      frameAntispoof: verdict.rules.find((r) => r.name === "antispoof")?.value ?? null,
      contextCosine: contextCos,
      claimCosine: claimCos,
      contextYaw: Math.round(m.contextYaw * 10) / 10,
    },
  };
  if (failed.some((f: string) => f === "same-person" || f === "context-face" || f === "claimed-face")) throw new Rejected("face-mismatch", failed.join(", "));
  // Anti-spoofing alone: spoof-suspected; with any movement rule: liveness-failed (the detail lists both).
  if (failed.length === 1 && failed[0] === "antispoof") throw new Rejected("spoof-suspected", `frames: ${String(verdict.rules.find((r) => r.name === "antispoof")?.value)}`);
  if (failed.length) throw new Rejected("liveness-failed", failed.join(", "));
  return m;
}

/**
 * Once the person is known (matched 1:1, or identified 1:N): every frame of the burst is them — each frame's best
 * cosine with their templates ≥ minPairCosine (the same floor as two frames of one person). Else face-mismatch.
 */
export function checkFramesArePerson(frameEmbeddings: readonly ArrayLike<number>[], templates: readonly ArrayLike<number>[], ev: Evidence): void {
  const lowest = lowestTemplateCosine(frameEmbeddings, templates);
  const server = (ev.liveness?.server ?? {}) as Record<string, unknown>;
  ev.liveness = { ...ev.liveness, server: { ...server, templateCosine: Number.isFinite(lowest) ? Math.round(lowest * 1000) / 1000 : null } };
  if (!(lowest >= defaultServerLivenessOptions.minPairCosine)) throw new Rejected("face-mismatch", `frame-identity: lowest frame-to-template cosine ${lowest.toFixed(3)}`);
}

/** Reasons after which the crop is kept as evidence for the admin's review (the face was real data by then). */
export const keepsCrop: ReadonlySet<RejectReason> = new Set<RejectReason>([
  "liveness-failed",
  "spoof-suspected",
  "crop-mismatch",
  "no-match",
  "ambiguous-match",
  "unknown-person",
  "enrolment-held",
  "not-enrolled",
]);
