// Checks a server-action request before Next.js decodes it (run by proxy.ts for requests with a Next-Action header).
//
// Next answers 500 to every body it cannot take: one over `serverActions.bodySizeLimit` ("Body exceeded 1mb
// limit"), one that is not JSON, one nested so deep that React's reviver overflows the stack, a reference to a
// part that is not there. Those are the client's mistakes (or an attack), not the server's, so they are answered
// here with a 4xx and a message, and the action never runs. What passes is exactly what React's own client sends:
// JSON rows whose strings starting with "$" are the scalar encodings React uses (or, in a multipart body, references
// to rows and files present in the same body).
import { errorMessages } from "../errors"; // relative: next.config.ts imports this file

/** Largest server-action body (bytes): next.config.ts gives Next the same limit. */
export const ACTION_BODY_LIMIT = 1024 * 1024;
/** Deepest nesting of arrays and objects in one row (our largest schema nests 4 deep). */
export const MAX_ACTION_DEPTH = 32;
/** Most rows in a multipart reply (a form with its fields is a handful). */
export const MAX_ACTION_ROWS = 256;

export type ActionRequestVerdict = { ok: true } | { ok: false; status: 400 | 413; error: string };

const bad = (error: string): ActionRequestVerdict => ({ ok: false, status: 400, error });
const tooLarge: ActionRequestVerdict = { ok: false, status: 413, error: errorMessages["too-large"] };

/** Reads at most `limit + 1` bytes of a body; null when it is longer than `limit`. */
export async function readBounded(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array | null> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

// React's reply encoding (react-server-dom's ReactFlightReplyServer): "$$…" is an escaped "$", these are scalars,
// and the rest ("$1", "$K2", "$Q3", "$B4", …) refer to another row or file of a multipart body.
const SCALAR_REF = /^\$(?:\$|undefined$|NaN$|Infinity$|-Infinity$|-0$|D|n-?\d+$)/;
const ROW_REF = /^\$[A-Za-z@]?([0-9a-f]+)(?::|$)/;

/**
 * Nesting depth and "$" references of one parsed row, walked without recursion. `rows` is the set of row and file
 * ids present (null for a plain-text body, which has no other rows to refer to).
 */
export function checkRow(value: unknown, rows: ReadonlySet<string> | null | "any", maxDepth = MAX_ACTION_DEPTH): string | null {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v === "string") {
      if (!v.startsWith("$") || SCALAR_REF.test(v) || rows === "any") continue;
      // A FormData argument ("$K<row>"): its entries travel as "_<row>_<field>", and an empty form (a sign-out
      // button) sends none, so the row need not be present.
      if (/^\$K[0-9a-f]+$/.test(v)) continue;
      const ref = ROW_REF.exec(v);
      if (!rows || !ref || !rows.has(String(parseInt(ref[1]!, 16)))) return "The request refers to data it does not contain.";
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    if (depth > maxDepth) return `The request is nested too deeply (more than ${maxDepth} levels).`;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return null;
}

function parseRow(text: string, rows: ReadonlySet<string> | null | "any"): string | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return "The request body is not valid JSON.";
  }
  return checkRow(value, rows);
}

/**
 * The verdict on a server-action request: its declared and actual size, then its rows. Reads the body (a clone:
 * Next replays the original to the action).
 */
export async function checkActionRequest(req: Request): Promise<ActionRequestVerdict> {
  if (req.method !== "POST") return { ok: true };
  const declared = req.headers.get("content-length");
  if (declared !== null && !(Number(declared) <= ACTION_BODY_LIMIT)) return tooLarge;
  const bytes = await readBounded(req.body, ACTION_BODY_LIMIT);
  if (!bytes) return tooLarge;
  const type = req.headers.get("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      form = await new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { "content-type": type } }).formData();
    } catch {
      return bad("The request body is not valid form data.");
    }
    const keys = [...new Set(form.keys())];
    if (keys.length > MAX_ACTION_ROWS) return bad(`The request has too many parts (more than ${MAX_ACTION_ROWS}).`);
    // A row id is a number; a FormData argument's entries travel as "_<row>_<field>", files under their row id.
    const rows = new Set(keys.map((k) => /^_?(\d+)(?:_|$)/.exec(k)?.[1]).filter((k): k is string => k !== undefined));
    for (const key of keys) {
      // A row, or the bound arguments of a form posted without JavaScript ("$ACTION_<n>:<row>", whose references
      // are prefixed: only their depth is checked). Other keys are form fields.
      const row = /^\d+$/.test(key);
      if (!row && !/^\$ACTION_\d+:\d+$/.test(key)) continue;
      const v = form.get(key);
      if (typeof v !== "string") continue; // a file (Blob argument)
      const problem = parseRow(v, row ? rows : "any");
      if (problem) return bad(problem);
    }
    return { ok: true };
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return bad("The request body is not UTF-8 text.");
  }
  const problem = parseRow(text, null);
  return problem ? bad(problem) : { ok: true };
}
