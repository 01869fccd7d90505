// Shared set-up for check-in integration tests and bench:server: organisations and people in the app's db(),
// real WebCrypto device keys, signed submissions. The test file itself mocks the session, next/headers and
// next/cache (vi.mock is hoisted per file): see tests/integration/checkin-*.test.ts.
import { db } from "@/lib/db/client";
import { users, organisations, type User } from "@/lib/db/schema";
import { canonicalJson } from "@/lib/checkin/canonical";
import { buildPayload, type CheckinPayload, type Pose } from "@/lib/checkin/payload";
import { exportPublicJwk, signBytes } from "@/lib/checkin/signature";
import type { IssuedChallenge } from "@/lib/checkin/challenge";
import type { PunchKind } from "@/lib/attendance/punches";
import type { LivenessTranscript } from "@/lib/face/core/liveness-rules";
import { EMBEDDING_MODEL_ID } from "@/lib/face/models";
import { defaultSettings } from "@/lib/validations/settings";
import type { FaceSample } from "./faces";

export interface SessionRef {
  current: { id: string; orgId: string; role: "owner" | "admin" | "employee" } | null;
  ip: string;
}

/** One per test file (the mocks read it through globalThis so vi.mock factories can reach it). */
export const sessionRef: SessionRef = ((globalThis as { __sessionRef?: SessionRef }).__sessionRef ??= { current: null, ip: "203.0.113.7" });

export function signInAs(u: Pick<User, "id" | "orgId" | "role">): void {
  sessionRef.current = { id: u.id, orgId: u.orgId, role: u.role };
}

let seq = 0;

/**
 * The step pool of the suites' organisations unless a test sets its own: the LFW people's bursts are photos
 * (tools/lfw-bursts.ts), which show turns but not blinks.
 */
export const TEST_LIVENESS_STEPS: ("turn-left" | "turn-right")[] = ["turn-left", "turn-right"];

export async function makeOrg(name: string, settings: Partial<typeof defaultSettings> = {}) {
  const d = await db();
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${++seq}`;
  const [org] = await d
    .insert(organisations)
    .values({ name, slug, timezone: "Europe/London", settings: { ...defaultSettings, livenessSteps: [...TEST_LIVENESS_STEPS], ...settings } })
    .returning();
  return org!;
}

export async function makeUser(orgId: string, name: string, role: User["role"] = "employee", enrolment: User["enrolment"] = "none"): Promise<User> {
  const d = await db();
  const [u] = await d
    .insert(users)
    .values({ orgId, name, email: `${name.toLowerCase().replace(/\W+/g, ".")}.${++seq}@example.test`, role, status: "active", enrolment })
    .returning();
  return u!;
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

