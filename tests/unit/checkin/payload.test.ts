import { describe, expect, it } from "vitest";
import { canonicalJson } from "@/lib/checkin/canonical";
import { encodeEmbedding } from "@/lib/checkin/encoding";
import { buildPayload, checkPayloadShape, type PayloadInput } from "@/lib/checkin/payload";
import { EMBEDDING_MODEL_ID } from "@/lib/face/models";

const jpeg = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i === 0 ? 0xff : i === 1 ? 0xd8 : i === n - 2 ? 0xff : i === n - 1 ? 0xd9 : 7));
// A deterministic unit vector (shape tests only: the integration tests use real embeddings).
const unit = Float32Array.from({ length: 128 }, (_, i) => Math.cos(i * 0.7));
const norm = Math.hypot(...unit);
unit.forEach((x, i) => (unit[i] = x / norm));

const input: PayloadInput = {
  purpose: "check-in",
  challengeId: "0190f5d2-8a53-7c4e-9b1a-2f3c4d5e6f70",
  nonce: "A".repeat(43),
  deviceId: "0190f5d2-8a53-7c4e-9b1a-2f3c4d5e6f71",
  modelId: EMBEDDING_MODEL_ID,
  embedding: unit,
  alignedJpeg: jpeg(4000),
  contextJpeg: jpeg(15000),
  faceBox: { x: 67.2, y: 62.72, width: 89.6, height: 103.04 },
  antispoofScore: 0.93,
  transcript: {
    steps: [{ step: "blink", passed: true, startedMs: 500, endedMs: 1800, value: 1 }],
    antispoofScores: [0.9, 0.95],
    frames: 60,
    durationMs: 3000,
    bestFrame: { yaw: 1, pitch: 2 },
    faceMotion: 0.01,
  },
  provider: "wasm",
  timings: { embed: 10.44 },
};

describe("the chosen punch in the payload", () => {
  it("is signed with the rest: canonical JSON carries it, the shape check keeps it", () => {
    const text = canonicalJson(buildPayload({ ...input, punch: "break-start" }));
    expect(text).toContain('"punch":"break-start"');
    const r = checkPayloadShape(JSON.parse(text));
    expect(r.ok && r.value.payload.punch).toBe("break-start");
    // Without a choice (a kiosk's capture) there is no key at all.
    expect(canonicalJson(buildPayload(input))).not.toContain('"punch"');
  });

  it("refuses an unknown punch and a punch on an enrolment capture", () => {
    const unknown = checkPayloadShape({ ...buildPayload(input), punch: "lunch" });
    expect(unknown).toMatchObject({ ok: false, reason: "malformed-payload" });
    const enrol = checkPayloadShape({ ...buildPayload({ ...input, purpose: "enrol", pose: "frontal", quality: 0.9 }), punch: "in" });
    expect(enrol).toMatchObject({ ok: false, reason: "malformed-payload", detail: "an enrolment capture is not a punch" });
  });
});

describe("payload shape", () => {
  it("accepts a well-formed payload after a canonical round trip", () => {
    const p = JSON.parse(canonicalJson(buildPayload(input)));
    const r = checkPayloadShape(p);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(Array.from(r.value.embedding)).toEqual(Array.from(unit));
      expect(r.value.alignedJpeg.length).toBe(4000);
    }
  });

  it("gives each defect its own reason", () => {
    const base = buildPayload(input);
    const cases: [Record<string, unknown>, string][] = [
      [{ modelId: "other" }, "unknown-model"],
      [{ embedding: encodeEmbedding(unit.subarray(0, 64)) }, "embedding-dimension"],
      [{ embedding: encodeEmbedding(Float32Array.from(unit, (x, i) => (i === 3 ? Number.NaN : x))) }, "embedding-not-finite"],
      [{ embedding: encodeEmbedding(Float32Array.from(unit, (x) => x * 1.002)) }, "embedding-not-normalised"],
      [{ alignedJpeg: Buffer.from(jpeg(60_000)).toString("base64") }, "field-too-large"],
      [{ contextJpeg: Buffer.from(new Uint8Array(100)).toString("base64") }, "bad-crop"],
      [{ extra: 1 }, "malformed-payload"],
      [{ timings: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`t${i}`, 1])) }, "malformed-payload"],
      [{ transcript: { ...input.transcript, antispoofScores: new Array(700).fill(0.9) } }, "field-too-large"],
      [{ purpose: "enrol" }, "malformed-payload"],
    ];
    for (const [patch, reason] of cases) {
      const r = checkPayloadShape({ ...base, ...patch });
      expect(r.ok, JSON.stringify(Object.keys(patch))).toBe(false);
      if (!r.ok) expect(r.reason, Object.keys(patch).join()).toBe(reason);
    }
  });

  it("accepts norms within ±1e-3 of 1", () => {
    const r = checkPayloadShape({ ...buildPayload(input), embedding: encodeEmbedding(Float32Array.from(unit, (x) => x * 1.0009)) });
    expect(r.ok).toBe(true);
  });
});
