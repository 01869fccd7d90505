import { describe, expect, it } from "vitest";
import { exportPublicJwk, generateDeviceKeyPair, keyFingerprint, publicJwkSchema, signBytes, verifySignature } from "@/lib/checkin/signature";
import { base64ToBytes, bytesToBase64url } from "@/lib/checkin/encoding";

const data = new TextEncoder().encode('{"a":1}');

describe("device signatures (ECDSA P-256, P1363)", () => {
  it("verifies a signature made with the device key, and nothing else", async () => {
    const keys = await generateDeviceKeyPair();
    const jwk = await exportPublicJwk(keys.publicKey);
    const sig = await signBytes(keys.privateKey, data);
    expect(sig).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(await verifySignature(jwk, data, sig)).toBe(true);
    expect(await verifySignature(jwk, new TextEncoder().encode('{"a":2}'), sig)).toBe(false);
    const other = await exportPublicJwk((await generateDeviceKeyPair()).publicKey);
    expect(await verifySignature(other, data, sig)).toBe(false);
    const flipped = base64ToBytes(sig)!;
    flipped[10] = flipped[10]! ^ 1;
    expect(await verifySignature(jwk, data, bytesToBase64url(flipped))).toBe(false);
  });

  it("keeps the private key non-extractable", async () => {
    const keys = await generateDeviceKeyPair();
    expect(keys.privateKey.extractable).toBe(false);
    await expect(crypto.subtle.exportKey("jwk", keys.privateKey)).rejects.toThrow();
  });

  it("refuses DER signatures, malformed keys and private JWKs without throwing", async () => {
    const keys = await generateDeviceKeyPair();
    const jwk = await exportPublicJwk(keys.publicKey);
    const sig = await signBytes(keys.privateKey, data);
    expect(await verifySignature(jwk, data, sig.slice(0, 80))).toBe(false);
    expect(await verifySignature({ ...jwk, x: jwk.y, y: jwk.x }, data, sig)).toBe(false); // not a point on the curve
    expect(await verifySignature({ ...jwk, crv: "P-384" }, data, sig)).toBe(false);
    expect(await verifySignature(null, data, sig)).toBe(false);
    expect(publicJwkSchema.safeParse({ ...jwk, d: "A".repeat(43) }).success).toBe(false);
  });

  it("fingerprints a key stably", async () => {
    const jwk = await exportPublicJwk((await generateDeviceKeyPair()).publicKey);
    const f = await keyFingerprint(jwk);
    expect(f).toMatch(/^([0-9a-f]{2}:){7}[0-9a-f]{2}$/);
    expect(await keyFingerprint({ ...jwk })).toBe(f);
  });
});
