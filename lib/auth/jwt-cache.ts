// Auth.js's JWT decode, memoised per token. Every session read (each server action, page and proxy request)
// decrypts the session cookie: key derivation (HKDF) + JWE decryption, about 2 ms of CPU each (measured with
// `npm run bench:server`, where two such reads per check-in showed in the server's profile). A token that decrypted
// once is the same bytes under the same secret, so its payload is remembered; its expiry is checked again on
// every use exactly as jose checks it on decryption (exp with Auth.js's 15 s clock tolerance), so an expired
// token is refused just as before. Edge-safe (no Node imports): the proxy uses it too.
import { decode, type JWT, type JWTDecodeParams } from "next-auth/jwt";

/** Auth.js decodes with a 15 s clock tolerance (seconds). */
const CLOCK_TOLERANCE_S = 15;
/** Most tokens remembered (one per signed-in browser; the oldest goes first). */
const MAX_TOKENS = 10_000;

const decoded = new Map<string, JWT>();

const unexpired = (p: JWT, nowS = Math.floor(Date.now() / 1000)) => typeof p.exp === "number" && p.exp > nowS - CLOCK_TOLERANCE_S;

export async function memoisedDecode(params: JWTDecodeParams): Promise<JWT | null> {
  if (!params.token) return null;
  // The same bytes under the same secret(s) and salt (the cookie name) decrypt to the same payload.
  const secrets = Array.isArray(params.secret) ? params.secret : [params.secret];
  const key = `${secrets.join("\u0001")}\u0000${params.salt}\u0000${params.token}`;
  const hit = decoded.get(key);
  if (hit) {
    if (unexpired(hit)) return { ...hit };
    decoded.delete(key);
  }
  const payload = await decode(params);
  if (payload && unexpired(payload)) {
    if (decoded.size >= MAX_TOKENS) decoded.delete(decoded.keys().next().value!);
    decoded.set(key, payload);
    return { ...payload };
  }
  return payload;
}

/** For tests: forget every remembered token. */
export function forgetDecodedTokens(): void {
  decoded.clear();
}
