// What Vercel's CDN compresses, and how the deployment checks stand in for it (scripts/verify-deploy.ts serves with
// it; tests/bench/checkin.bench.ts counts what it would send): brotli for the MIME types Vercel documents as
// compressible (https://vercel.com/docs/compression: JavaScript, JSON, CSS, HTML, text, SVG, WebAssembly), at
// quality 4 — Vercel does not document its level and 4 is a cheap on-the-fly one, so figures are on the high side.
// Everything else (the models: pre-compressed .gz files; images) travels as it is.
import { brotliCompressSync, constants } from "node:zlib";

export const VERCEL_COMPRESSES = /^(text\/|application\/(javascript|json|wasm|xml|manifest\+json)|image\/svg\+xml)/;

/** Brotli as the stand-in CDN sends it. */
export function cdnBrotli(body: Uint8Array): Buffer {
  return brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } });
}

/** Bytes the CDN would put on the wire for a body of this type to a browser that accepts brotli. */
export function cdnWireBytes(contentType: string, body: Uint8Array): number {
  return VERCEL_COMPRESSES.test(contentType) ? cdnBrotli(body).length : body.length;
}
