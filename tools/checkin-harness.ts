// Shared set-up for check-in integration tests and bench:server: real WebCrypto device keys, signed submissions,
// the settings of organisations whose people are LFW photos (the rows themselves: tools/builders.ts). Tests mock
// the session with tests/support/session.ts, and next/headers and next/cache themselves (vi.mock is hoisted per
// file): see tests/integration/checkin-*.test.ts.
import { canonicalJson } from "@/lib/checkin/canonical";
import { buildPayload, type CheckinPayload, type Pose } from "@/lib/checkin/payload";
import { exportPublicJwk, signBytes } from "@/lib/checkin/signature";
import type { IssuedChallenge } from "@/lib/checkin/challenge";
import type { PunchKind } from "@/lib/attendance/punches";
import type { LivenessTranscript } from "@/lib/face/core/liveness-rules";
import { EMBEDDING_MODEL_ID } from "@/lib/face/models";
import type { OrgSettings } from "@/lib/validations/settings";
import type { FaceSample } from "./faces";
import { TURN_STEPS } from "./lfw-bursts";

/**
 * Settings for an organisation whose people check in with LFW photos, then `settings`: the step pool is the two
 * turns (TURN_STEPS), as the people's evidence bursts are photos (tools/lfw-bursts.ts), which cannot blink.
 */
export function turnStepsOnly(settings: Partial<OrgSettings> = {}): Partial<OrgSettings> {
  return { livenessSteps: [...TURN_STEPS], ...settings };
}

export interface TestDevice {
  id: string;
  keys: CryptoKeyPair;
}

/** A fresh non-extractable ECDSA P-256 key pair, as the browser makes it. */
export async function deviceKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
}

export async function publicJwk(keys: CryptoKeyPair) {
  return exportPublicJwk(keys.publicKey);
}

/** A transcript that passes the default liveness rules for the given steps (what a cooperative person produces). */
export function liveTranscript(steps: readonly string[], antispoof = 0.95): LivenessTranscript {
  let t = 800;
  const out = steps.map((step) => {
    const startedMs = t;
    const endedMs = t + 1500;
    t = endedMs + 300;
    return { step: step as LivenessTranscript["steps"][number]["step"], passed: true, startedMs, endedMs, value: step === "blink" ? 1 : step === "turn-left" ? 26 : -26 };
  });
  return {
    steps: out,
    antispoofScores: Array.from({ length: 24 }, (_, i) => Math.min(1, antispoof + ((i % 5) - 2) * 0.01)),
    frames: Math.round(((t + 500) / 1000) * 20),
    durationMs: t + 500,
    bestFrame: { yaw: 2.5, pitch: -1.5 },
    faceMotion: 0.012,
  };
}

export interface PayloadOptions {
  /** The evidence burst; by default the sample's own burst for the challenge's steps (FaceSample.bursts). */
  frames?: { jpeg: Uint8Array; tMs: number }[] | null;
  purpose?: "check-in" | "enrol";
  pose?: Pose;
  /** The punch chosen on a laptop (none for enrolment and at a kiosk). */
  punch?: PunchKind;
  quality?: number;
  transcript?: LivenessTranscript;
  modelId?: string;
}

export function payloadFor(ch: IssuedChallenge, sample: FaceSample, o: PayloadOptions = {}): CheckinPayload {
  const frames = o.frames === null ? undefined : (o.frames ?? sample.bursts?.[ch.steps.join(",")]);
  return buildPayload({
    purpose: o.purpose ?? "check-in",
    challengeId: ch.challengeId,
    nonce: ch.nonce,
    deviceId: ch.deviceId,
    modelId: o.modelId ?? EMBEDDING_MODEL_ID,
    embedding: sample.embedding,
    alignedJpeg: sample.alignedJpeg,
    contextJpeg: sample.contextJpeg,
    faceBox: sample.faceBox,
    antispoofScore: 0.95,
    transcript: o.transcript ?? liveTranscript(ch.steps),
    pose: o.pose,
    punch: o.punch,
    quality: o.quality,
    provider: "wasm",
    timings: { detect: 19.2, embed: 10.4, antispoof: 8.1 },
    ...(frames ? { frames } : {}),
  });
}

/** Canonical text + signature with the device's private key. */
export async function sign(keys: CryptoKeyPair, payload: unknown): Promise<{ payload: string; signature: string }> {
  const text = canonicalJson(payload);
  return { payload: text, signature: await signBytes(keys.privateKey, new TextEncoder().encode(text)) };
}

/** Signs an arbitrary text as is (to test non-canonical or oversized payloads). */
export async function signText(keys: CryptoKeyPair, text: string): Promise<{ payload: string; signature: string }> {
  return { payload: text, signature: await signBytes(keys.privateKey, new TextEncoder().encode(text)) };
}

