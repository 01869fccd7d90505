// The signed check-in / enrolment payload: its type, its limits and the server's shape check.
// Pure (no IO): the browser builds payloads with `buildPayload`, the server checks them with `checkPayloadShape`.
import { z } from "zod";
import { transcriptProblem, type LivenessTranscript } from "@/lib/face/core/liveness-rules";
import { l2norm } from "@/lib/face/core/similarity";
import { EMBEDDING_MODEL_ID } from "@/lib/face/models";
import { NONCE_RE } from "./challenge";
import { evidenceLimits } from "./evidence";
import { BASE64_RE, base64ToBytes, decodeEmbedding, encodeEmbedding, bytesToBase64 } from "./encoding";
import { base64Chars, checkinOptions, type CheckinOptions } from "./options";
import type { RejectReason } from "./reasons";
import { poses, type Pose } from "@/lib/face/core/types";
import { punchKinds, type PunchKind } from "@/lib/attendance/punches";

export const PAYLOAD_VERSION = 1;
export { poses, type Pose };

export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the device signs. Binary fields are base64 (see encoding.ts); the whole is sent as canonical JSON. */
export interface CheckinPayload {
  v: typeof PAYLOAD_VERSION;
  purpose: "check-in" | "enrol";
  challengeId: string;
  nonce: string;
  deviceId: string;
  modelId: string;
  /** 128 float32, little-endian, base64. */
  embedding: string;
  /** Aligned 112x112 face crop, JPEG, base64. */
  alignedJpeg: string;
  /** Context crop (face box x4, ~224 px), JPEG, base64: what anti-spoofing needs and the audit photo. */
  contextJpeg: string;
  /** The face box inside the context crop (pixels). */
  faceBox: FaceBox;
  /** The browser's aggregated anti-spoof real score (0..1). */
  antispoofScore: number;
  transcript: LivenessTranscript;
  /** Enrolment only: which pose this capture is. */
  pose?: Pose;
  /**
   * Check-in on a person's own laptop: the punch they chose before the capture (check in, start / end a break,
   * check out). Signed with the rest, so the server records exactly what the person asked for. A kiosk's capture
   * carries none: the kiosk asks after identifying the person (lib/checkin/kiosk-begin.ts, kioskPunchBytes).
   */
  punch?: PunchKind;
  /** Capture quality 0..1 as the browser measured it (informational: the server measures its own). */
  quality?: number;
  /** Execution provider that ran the embedding model in the browser (webgpu | wasm). */
  provider: string;
  /** Per-stage browser timings (ms). */
  timings: Record<string, number>;
  /**
   * The evidence burst (lib/checkin/evidence.ts): face crops from the challenge, JPEG base64, with their capture
   * times (ms since the browser received the challenge). The server decides liveness and identity from them
   * (lib/face/core/server-liveness.ts). Required: a payload without them is refused as frames-missing once its
   * challenge is consumed (optional here only so that it gets that reason, not malformed-payload).
   */
  frames?: EvidenceFrame[];
}

export interface EvidenceFrame {
  jpeg: string;
  tMs: number;
}

const finite = z.number().refine(Number.isFinite, "must be finite");
const ms = finite.min(0).max(600_000);

/**
 * The fields read before the signature is checked, to find the device and the challenge (the server's
 * parseSubmission); the punch's validity for the person is decided by the caller.
 */
export const payloadHeadSchema = z.object({
  purpose: z.enum(["check-in", "enrol"]),
  punch: z.enum(punchKinds).optional(),
  deviceId: z.uuid(),
  challengeId: z.uuid(),
  nonce: z.string().regex(NONCE_RE),
});
export type PayloadHead = z.infer<typeof payloadHeadSchema>;

/** Structural schema with a size limit on every field; the semantic checks follow in checkPayloadShape. */
export function payloadSchema(o: CheckinOptions = checkinOptions) {
  const b64 = (maxBytes: number) => z.string().max(base64Chars(maxBytes)).regex(BASE64_RE, "must be base64");
  return z
    .object({
      v: z.literal(PAYLOAD_VERSION),
      purpose: z.enum(["check-in", "enrol"]),
      challengeId: z.uuid(),
      nonce: z.string().regex(NONCE_RE),
      deviceId: z.uuid(),
      modelId: z.string().min(1).max(64),
      // Generous, so a wrong dimension is reported as such; the exact length is checked below.
      embedding: b64(o.embeddingDim * 4 * 16),
      alignedJpeg: b64(o.maxAlignedJpegBytes),
      contextJpeg: b64(o.maxContextJpegBytes),
      faceBox: z.object({ x: finite.min(-4096).max(4096), y: finite.min(-4096).max(4096), width: finite.gt(0).max(4096), height: finite.gt(0).max(4096) }).strict(),
      antispoofScore: finite.min(0).max(1),
      transcript: z
        .object({
          steps: z
            .array(
              z.object({ step: z.string().max(16), passed: z.boolean(), startedMs: ms, endedMs: ms, value: finite.min(-1e6).max(1e6) }).strict(),
            )
            .max(5),
          antispoofScores: z.array(finite.min(0).max(1)).max(600),
          frames: z.number().int().min(0).max(100_000),
          durationMs: ms,
          bestFrame: z.object({ yaw: finite.min(-180).max(180), pitch: finite.min(-180).max(180) }).strict().optional(),
          faceMotion: finite.min(0).max(1000).optional(),
        })
        .strict(),
      pose: z.enum(poses).optional(),
      punch: z.enum(punchKinds).optional(),
      quality: finite.min(0).max(1).optional(),
      provider: z.string().max(32),
      timings: z.record(z.string().max(32), ms).refine((t) => Object.keys(t).length <= o.maxTimings, `at most ${o.maxTimings} timings`),
      // Generous bounds: too many frames, oversized frames and times outside the challenge get their own reasons
      // from evidenceProblem (lib/checkin/evidence.ts), after the challenge is consumed.
      frames: z
        .array(z.object({ jpeg: b64(2 * evidenceLimits.maxFrameBytes), tMs: finite.min(-600_000).max(600_000) }).strict())
        .max(4 * evidenceLimits.maxFrames)
        .optional(),
    })
    .strict();
}

/**
 * One schema per options object: zod builds (and compiles) a schema's parser on its first use, so building the
 * schema for every check-in repeated that work each time.
 */
const schemas = new WeakMap<CheckinOptions, ReturnType<typeof payloadSchema>>();
function schemaFor(o: CheckinOptions) {
  let s = schemas.get(o);
  if (!s) schemas.set(o, (s = payloadSchema(o)));
  return s;
}

export interface CheckedPayload {
  payload: CheckinPayload;
  embedding: Float32Array;
  alignedJpeg: Uint8Array;
  contextJpeg: Uint8Array;
  /** The evidence burst's frames, decoded from base64 (not yet checked: evidenceProblem). */
  frames?: { jpeg: Uint8Array; tMs: number }[];
}

export type ShapeResult = { ok: true; value: CheckedPayload } | { ok: false; reason: RejectReason; detail: string };

const isJpeg = (b: Uint8Array) => b.length > 4 && b[0] === 0xff && b[1] === 0xd8 && b[b.length - 2] === 0xff && b[b.length - 1] === 0xd9;

/**
 * The shape check of issue 5 step 5, on an already-parsed payload: model id current, 128 finite floats of
 * unit norm (±1e-3), JPEG crops within their byte limits, every field bounded, the transcript well formed.
 */
export function checkPayloadShape(raw: unknown, o: CheckinOptions = checkinOptions, currentModelId = EMBEDDING_MODEL_ID): ShapeResult {
  const parsed = schemaFor(o).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join(".") ?? "";
    const tooBig = issue?.code === "too_big";
    return { ok: false, reason: tooBig ? "field-too-large" : "malformed-payload", detail: `${where}: ${issue?.message ?? "invalid"}` };
  }
  const p = parsed.data as CheckinPayload;
  if (p.modelId !== currentModelId) return { ok: false, reason: "unknown-model", detail: "model id is not the current one" };
  const embedding = decodeEmbedding(p.embedding);
  if (!embedding || embedding.length !== o.embeddingDim)
    return { ok: false, reason: "embedding-dimension", detail: `embedding has ${embedding?.length ?? "no"} values, expected ${o.embeddingDim}` };
  if (!embedding.every(Number.isFinite)) return { ok: false, reason: "embedding-not-finite", detail: "embedding holds NaN or Infinity" };
  const norm = l2norm(embedding);
  if (Math.abs(norm - 1) > o.normTolerance) return { ok: false, reason: "embedding-not-normalised", detail: `norm ${norm.toFixed(4)}` };
  const tp = transcriptProblem(p.transcript);
  if (tp) return { ok: false, reason: "malformed-payload", detail: `transcript: ${tp}` };
  const alignedJpeg = base64ToBytes(p.alignedJpeg);
  const contextJpeg = base64ToBytes(p.contextJpeg);
  if (!alignedJpeg || alignedJpeg.length > o.maxAlignedJpegBytes) return { ok: false, reason: "field-too-large", detail: "alignedJpeg" };
  if (!contextJpeg || contextJpeg.length > o.maxContextJpegBytes) return { ok: false, reason: "field-too-large", detail: "contextJpeg" };
  if (!isJpeg(alignedJpeg) || !isJpeg(contextJpeg)) return { ok: false, reason: "bad-crop", detail: "crop is not a JPEG" };
  if (p.purpose === "enrol" && p.pose === undefined) return { ok: false, reason: "malformed-payload", detail: "an enrolment capture needs its pose" };
  if (p.purpose === "enrol" && p.punch !== undefined) return { ok: false, reason: "malformed-payload", detail: "an enrolment capture is not a punch" };
  let frames: CheckedPayload["frames"];
  if (p.frames) {
    frames = [];
    for (const [i, f] of p.frames.entries()) {
      const jpeg = base64ToBytes(f.jpeg);
      if (!jpeg) return { ok: false, reason: "malformed-payload", detail: `frames.${i}.jpeg is not base64` };
      frames.push({ jpeg, tMs: f.tMs });
    }
  }
  return { ok: true, value: { payload: p, embedding, alignedJpeg, contextJpeg, ...(frames ? { frames } : {}) } };
}

/** What the browser has after a capture (FaceCapture's result) plus the challenge it answers. */
export interface PayloadInput {
  purpose: "check-in" | "enrol";
  challengeId: string;
  nonce: string;
  deviceId: string;
  modelId: string;
  embedding: ArrayLike<number>;
  alignedJpeg: Uint8Array;
  contextJpeg: Uint8Array;
  faceBox: FaceBox;
  antispoofScore: number;
  transcript: LivenessTranscript;
  pose?: Pose;
  /** Laptop check-in: the punch the person chose. */
  punch?: PunchKind;
  quality?: number;
  provider: string;
  timings: Record<string, number>;
  /** The evidence burst (JPEG crops with capture times), when the browser sends one. */
  frames?: { jpeg: Uint8Array; tMs: number }[];
}

/** Builds the payload object (encode binaries, drop undefined). Serialise it with canonicalJson and sign that. */
export function buildPayload(i: PayloadInput): CheckinPayload {
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    v: PAYLOAD_VERSION,
    purpose: i.purpose,
    challengeId: i.challengeId,
    nonce: i.nonce,
    deviceId: i.deviceId,
    modelId: i.modelId,
    embedding: encodeEmbedding(i.embedding),
    alignedJpeg: bytesToBase64(i.alignedJpeg),
    contextJpeg: bytesToBase64(i.contextJpeg),
    faceBox: { x: round(i.faceBox.x), y: round(i.faceBox.y), width: round(i.faceBox.width), height: round(i.faceBox.height) },
    antispoofScore: i.antispoofScore,
    transcript: i.transcript,
    ...(i.pose ? { pose: i.pose } : {}),
    ...(i.punch ? { punch: i.punch } : {}),
    ...(i.quality !== undefined ? { quality: i.quality } : {}),
    provider: i.provider.slice(0, 32),
    timings: Object.fromEntries(Object.entries(i.timings).slice(0, checkinOptions.maxTimings).map(([k, v]) => [k.slice(0, 32), Math.max(0, Math.round(v * 10) / 10)])),
    ...(i.frames ? { frames: i.frames.map((f) => ({ jpeg: bytesToBase64(f.jpeg), tMs: Math.round(f.tMs) })) } : {}),
  };
}
