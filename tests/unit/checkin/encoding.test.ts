import { describe, expect, it } from "vitest";
import { base64DecodedLength, base64ToBytes, bytesToBase64, bytesToBase64url, decodeEmbedding, encodeEmbedding } from "@/lib/checkin/encoding";

describe("base64", () => {
  it("matches Node's encoder for every length and byte", () => {
    for (let n = 0; n < 70; n++) {
      const b = new Uint8Array(n).map((_, i) => (i * 37 + n * 11) & 0xff);
      expect(bytesToBase64(b)).toBe(Buffer.from(b).toString("base64"));
      expect(bytesToBase64url(b)).toBe(Buffer.from(b).toString("base64url"));
      expect(Array.from(base64ToBytes(bytesToBase64(b))!)).toEqual(Array.from(b));
      expect(Array.from(base64ToBytes(bytesToBase64url(b))!)).toEqual(Array.from(b));
      expect(base64DecodedLength(bytesToBase64(b))).toBe(n);
    }
  });

  it("rejects invalid text", () => {
    expect(base64ToBytes("ab$c")).toBeNull();
    expect(base64ToBytes("abcde")).toBeNull();
    expect(base64ToBytes("é")).toBeNull();
  });
});

describe("embedding encoding", () => {
  it("round-trips float32 values bit for bit, NaN and Infinity included", () => {
    const v = new Float32Array([0.1, -0.25, 1e-30, Number.NaN, Number.POSITIVE_INFINITY, -0]);
    const back = decodeEmbedding(encodeEmbedding(v))!;
    expect(back.length).toBe(6);
    expect(new Uint8Array(back.buffer)).toEqual(new Uint8Array(v.buffer));
  });

  it("is 684 base64 characters for 128 floats, and refuses a ragged byte count", () => {
    expect(encodeEmbedding(new Float32Array(128))).toHaveLength(684);
    expect(decodeEmbedding(bytesToBase64(new Uint8Array(7)))).toBeNull();
  });
});
