// ── HTTP ── Auth.js credentials sign-in, and server actions called as the browser calls them (Next-Action header,
// router state, React-encoded arguments, session cookie; the RSC response decoded for the return value).
import http from "node:http";
import zlib from "node:zlib";
import type { ActionResult } from "@/lib/auth/action";

function cookiesOf(res: Response): string[] {
  return res.headers.getSetCookie().map((c) => c.split(";")[0]!);
}

/** Signs `email` in through /api/auth/callback/credentials; returns the session cookie. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const jar = cookiesOf(csrfRes);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: jar.join("; "), Origin: base },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${base}/check-in` }),
  });
  const session = cookiesOf(res).find((c) => c.startsWith("authjs.session-token="));
  if (!session) throw new Error(`sign-in of ${email} failed: HTTP ${res.status} → ${res.headers.get("location")}`);
  return session;
}

/** The router state the browser sends from /check-in (FlightRouterState: segment, parallel routes, url, refresh, root layout). */
const ROUTER_STATE = encodeURIComponent(JSON.stringify(["", { children: ["check-in", { children: ["__PAGE__", {}, null, null] }, null, null] }, null, null, true]));

/** React's encodeReply for JSON-only arguments: strings starting with "$" are escaped as "$$". */
const encodeReply = (argsList: unknown[]) => JSON.stringify(argsList, (_k, v: unknown) => (typeof v === "string" && v.startsWith("$") ? `$${v}` : v));

/**
 * Decodes an RSC (Flight) response far enough to read the action's return value: rows `id:JSON` and `id:T<hex
 * length>,<text>`, other tagged rows (modules, hints) skipped; row 0 is `{a: "$@n", …}`, row n the value.
 */
export function decodeFlight(buf: Uint8Array): unknown {
  const rows = new Map<number, unknown>();
  const text = new TextDecoder();
  let i = 0;
  while (i < buf.length) {
    const colon = buf.indexOf(0x3a, i);
    if (colon < 0) break;
    const id = parseInt(text.decode(buf.subarray(i, colon)), 16);
    const tag = buf[colon + 1]!;
    if (tag === 0x54 /* T */) {
      const comma = buf.indexOf(0x2c, colon);
      const len = parseInt(text.decode(buf.subarray(colon + 2, comma)), 16);
      rows.set(id, text.decode(buf.subarray(comma + 1, comma + 1 + len)));
      i = comma + 1 + len;
      continue;
    }
    let end = buf.indexOf(0x0a, colon);
    if (end < 0) end = buf.length;
    const body = text.decode(buf.subarray(colon + 1, end));
    if (!/^[A-Z]/.test(body))
      try {
        rows.set(id, JSON.parse(body));
      } catch {
        // not a JSON row
      }
    i = end + 1;
  }
  const resolve = (v: unknown): unknown => {
    if (typeof v === "string" && v.startsWith("$")) {
      if (v.startsWith("$$")) return v.slice(1);
      if (v === "$undefined") return undefined;
      const ref = /^\$@?([0-9a-f]+)$/.exec(v);
      if (ref) return resolve(rows.get(parseInt(ref[1]!, 16)));
      return v;
    }
    if (Array.isArray(v)) return v.map(resolve);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
    return v;
  };
  const head = rows.get(0) as { a?: unknown } | undefined;
  if (!head || !("a" in head)) throw new Error("no action result in the RSC response");
  return resolve(head.a);
}

/**
 * One server-action call: the POST a browser's fetch makes (same headers, Accept-Encoding included, so the server
 * compresses as it would for a browser). Sent with node:http on a keep-alive agent rather than fetch: undici's
 * fetch costs the bench's process, which shares the CPUs with the server, noticeably more per request.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: Uint8Array }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", agent, headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        try {
          const raw = Buffer.concat(chunks);
          const enc = res.headers["content-encoding"];
          const out = enc === "gzip" ? zlib.gunzipSync(raw) : enc === "deflate" ? zlib.inflateSync(raw) : enc === "br" ? zlib.brotliDecompressSync(raw) : raw;
          resolve({ status: res.statusCode ?? 0, body: new Uint8Array(out.buffer, out.byteOffset, out.byteLength) });
        } catch (e) {
          reject(e);
        }
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Calls the server action `id` on /check-in at `base`; `onBytes` sees the response's size. */
export async function callAction<R>(base: string, id: string, cookie: string, input: unknown, onBytes?: (n: number) => void): Promise<ActionResult<R>> {
  const res = await post(
    `${base}/check-in`,
    {
      Accept: "text/x-component",
      "Accept-Encoding": "gzip, deflate, br",
      "Content-Type": "text/plain;charset=UTF-8",
      "Next-Action": id,
      "Next-Router-State-Tree": ROUTER_STATE,
      Origin: base,
      Cookie: cookie,
      "User-Agent": "clockface-bench",
    },
    encodeReply([input]),
  );
  const body = res.body;
  if (res.status < 200 || res.status >= 300) throw new Error(`action HTTP ${res.status}: ${new TextDecoder().decode(body.subarray(0, 300))}`);
  onBytes?.(body.length);
  return decodeFlight(body) as ActionResult<R>;
}
