/**
 * Canonical JSON: the exact bytes a device signs and the server verifies (JSON Canonicalization Scheme,
 * RFC 8785, restricted to what payloads contain).
 *
 *  - Objects: keys sorted by UTF-16 code units (JavaScript's default string order), no whitespace. Keys whose
 *    value is `undefined` are left out (as JSON.stringify does); every other value must be representable.
 *  - Arrays: in order; `undefined` inside an array is an error (JSON.stringify would turn it into null).
 *  - Numbers: finite only, written as ECMAScript's Number::toString (the shortest string that reads back to
 *    the same double, e.g. 0.1, 1e-7, 123456789012345680000); -0 is written 0. NaN and ±Infinity are errors.
 *  - Strings: as JSON.stringify writes them (lone surrogates escaped \udXXX).
 *  - true, false, null as themselves. Anything else (Date, typed arrays, Map, functions, bigint) is an error:
 *    binary data travels as base64 strings (see encoding.ts), so no float is ever re-formatted on the way.
 *
 * The server also requires what it receives to BE canonical (`isCanonicalJson`), so one payload has exactly
 * one byte string and a signature cannot be carried over to a differently-written but equal payload.
 */
export class CanonicalJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CanonicalJsonError";
  }
}

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function write(v: unknown, out: string[], depth: number): void {
  if (depth > 32) throw new CanonicalJsonError("nested too deeply");
  if (v === null) return void out.push("null");
  switch (typeof v) {
    case "boolean":
      out.push(v ? "true" : "false");
      return;
    case "number":
      if (!Number.isFinite(v)) throw new CanonicalJsonError("non-finite number");
      out.push(Object.is(v, -0) ? "0" : String(v));
      return;
    case "string":
      out.push(JSON.stringify(v));
      return;
    case "object": {
      if (Array.isArray(v)) {
        out.push("[");
        v.forEach((item, i) => {
          if (item === undefined) throw new CanonicalJsonError("undefined in an array");
          if (i > 0) out.push(",");
          write(item, out, depth + 1);
        });
        out.push("]");
        return;
      }
      if (!isPlainObject(v)) throw new CanonicalJsonError("not a plain object");
      const keys = Object.keys(v)
        .filter((k) => v[k] !== undefined)
        .sort();
      out.push("{");
      keys.forEach((k, i) => {
        if (i > 0) out.push(",");
        out.push(JSON.stringify(k), ":");
        write(v[k], out, depth + 1);
      });
      out.push("}");
      return;
    }
    default:
      throw new CanonicalJsonError(`cannot serialise a ${typeof v}`);
  }
}

/** The canonical JSON text of a value (throws CanonicalJsonError for what has no canonical form). */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, out, 0);
  return out.join("");
}

/** UTF-8 bytes of the canonical text: what is signed. */
export function canonicalBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}

/** Parses `text` and returns the value only when `text` is exactly its canonical form; null otherwise. */
export function parseCanonicalJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  try {
    return canonicalJson(value) === text ? value : null;
  } catch {
    return null;
  }
}
