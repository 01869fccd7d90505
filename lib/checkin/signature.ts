// Device signatures: ECDSA P-256 with SHA-256 over the canonical payload bytes, in WebCrypto's format
// (IEEE P1363: r || s, 32 bytes each, base64url). Runs unchanged in browsers and in Node (globalThis.crypto).
import { z } from "zod";
import { base64ToBytes, bytesToBase64url } from "./encoding";

export const ECDSA_P256 = { name: "ECDSA", namedCurve: "P-256" } as const;
export const ECDSA_SHA256 = { name: "ECDSA", hash: "SHA-256" } as const;

/** A P-256 public key as JWK: exactly the public members (a private "d" is refused). */
export const publicJwkSchema = z
  .object({
    kty: z.literal("EC"),
    crv: z.literal("P-256"),
    x: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "x must be 32 bytes, base64url"),
    y: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "y must be 32 bytes, base64url"),
    ext: z.boolean().optional(),
    key_ops: z.array(z.string().max(16)).max(4).optional(),
  })
  .strict();
export type PublicJwk = z.infer<typeof publicJwkSchema>;

/** Only the members that define the key (what we store). */
export function normalisePublicJwk(jwk: PublicJwk): PublicJwk {
  return { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y };
}

/** A base64url P1363 signature is 64 bytes → 86 characters. */
export const SIGNATURE_RE = /^[A-Za-z0-9_-]{86}$/;

const keyCache = new Map<string, Promise<CryptoKey>>();

/** Imports (and caches, per key) a verification key. Rejects a JWK that is not a valid P-256 point. */
export function importVerifyKey(jwk: PublicJwk): Promise<CryptoKey> {
  const id = `${jwk.x}.${jwk.y}`;
  let k = keyCache.get(id);
  if (!k) {
    k = globalThis.crypto.subtle.importKey("jwk", normalisePublicJwk(jwk), ECDSA_P256, false, ["verify"]);
    k.catch(() => keyCache.delete(id));
    if (keyCache.size > 10_000) keyCache.clear();
    keyCache.set(id, k);
  }
  return k;
}

/**
 * True only when `signature` (base64url P1363) is a valid ECDSA P-256/SHA-256 signature of `data` under `jwk`.
 * Never throws: a malformed key or signature is simply not valid.
 */
export async function verifySignature(jwk: unknown, data: Uint8Array, signature: string): Promise<boolean> {
  const parsed = publicJwkSchema.safeParse(jwk);
  if (!parsed.success || !SIGNATURE_RE.test(signature)) return false;
  const sig = base64ToBytes(signature);
  if (!sig || sig.length !== 64) return false;
  try {
    const key = await importVerifyKey(parsed.data);
    return await globalThis.crypto.subtle.verify(ECDSA_SHA256, key, sig as BufferSource, data as BufferSource);
  } catch {
    return false;
  }
}

/** Signs bytes with a private key (the browser's device key, or a test's) → base64url P1363. */
export async function signBytes(privateKey: CryptoKey, data: Uint8Array): Promise<string> {
  const sig = await globalThis.crypto.subtle.sign(ECDSA_SHA256, privateKey, data as BufferSource);
  return bytesToBase64url(new Uint8Array(sig));
}

/** A new device key pair; the private key is non-extractable (it can sign, never be read). */
export async function generateDeviceKeyPair(): Promise<CryptoKeyPair> {
  return globalThis.crypto.subtle.generateKey(ECDSA_P256, false, ["sign", "verify"]);
}

/** The public half of a key pair as the JWK the server stores. */
export async function exportPublicJwk(publicKey: CryptoKey): Promise<PublicJwk> {
  const jwk = await globalThis.crypto.subtle.exportKey("jwk", publicKey);
  return publicJwkSchema.parse({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y });
}

/** A short, stable fingerprint of a public key for admins to compare (SHA-256 of x||y, first 8 bytes, hex). */
export async function keyFingerprint(jwk: PublicJwk): Promise<string> {
  const x = base64ToBytes(jwk.x) ?? new Uint8Array();
  const y = base64ToBytes(jwk.y) ?? new Uint8Array();
  const both = new Uint8Array(x.length + y.length);
  both.set(x);
  both.set(y, x.length);
  const h = new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", both));
  return Array.from(h.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join(":");
}
