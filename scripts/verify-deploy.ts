// npm run verify:deploy — the deployment check (issue 13): builds the app as Vercel does (`next build` with
// DATABASE_URL set, `output: "standalone"` + the `.nft.json` traces), checks what each function ships and prints its
// size, then runs the standalone output from a READ-ONLY copy as a non-root user (nobody, when run as root) with only
// a temp directory writable, on the Neon driver (DATABASE_URL → PGlite behind pglite-socket, tools/
// neon-local.ts), storage on the local driver in the temp directory; static files (public/, .next/static) come from
// a small front server standing in for the CDN, which gives them next.config's headers from the build's routes
// manifest, as Vercel does. Then the camera E2E (invite → enrol → check in → kiosk → correction → CSV) and a
// first-visit measurement run against it in Chromium.
// Nothing is copied by hand: the function directory is exactly what the build wrote.
//
// The front server compresses what Vercel's CDN compresses (its documented MIME list: JavaScript, JSON, CSS, HTML,
// text, SVG, WebAssembly) and nothing else: the models travel as the pre-compressed files the build ships
// (lib/face/assets.ts). Like Vercel's CDN it prefers brotli when the browser accepts it (Chromium does), at quality
// 4 — Vercel does not document its level and 4 is a cheap on-the-fly one, so the wire figure is on the high side —
// and it also counts what gzip (level 6) would have sent, the figure a host that only gzips would give.
//
// Last line: deploy_ok=1 function_mb=… cold_first_verdict_ms=… first_visit_mb=… first_visit_gzip_mb=… first_visit_wire_mb=…
// first_visit_mb: the bodies a first visit (sign in, run the face pipeline) receives, decoded; first_visit_wire_mb:
// the bytes that crossed the wire for them (brotli where negotiated); first_visit_gzip_mb: the same with gzip. When a step fails or is skipped, `verify:deploy NOT OK <step>: <why>`
// lines come first and the last line says deploy_ok=0 … failed=<steps>. A skipped camera E2E is a failure: the check
// needs it run. JSON in bench-results/verify-deploy.json. Ports 3220 (front), 3221 (function), 5420/5421
// (database); override with VERIFY_PORT_BASE / VERIFY_DB_PORT_BASE. VERIFY_SKIP_BUILD=1 reuses the last build.
import { execFileSync, execSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, cpSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { closeDatabase, openDatabase } from "@/lib/db/open";
import { cdnBrotli, VERCEL_COMPRESSES } from "@/tools/cdn-compression";
import { MODELS, SERVER_MODELS } from "@/lib/face/models";
import { startNeonLocal, type NeonLocal } from "../tools/neon-local";
import { staticHeaders, type RoutesManifest } from "./deploy/static-headers";
import { functionTraces, unmet, type TraceRequirement } from "./deploy/traces";

const root = path.resolve(import.meta.dirname, "..");
const dist = path.join(root, ".next");
const portBase = Number(process.env.VERIFY_PORT_BASE ?? 3220);
const dbPortBase = Number(process.env.VERIFY_DB_PORT_BASE ?? 5420);
const PORTS = { front: portBase, fn: portBase + 1, pg: dbPortBase, ws: dbPortBase + 1 };
const MAX_FUNCTION_MB = 150;
const FACE_ROUTES = ["/check-in", "/enrol", "/kiosk", "/api/health"];
const NOBODY = 65534;

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const log = (m: string) => console.log(`verify:deploy ${m}`);

const faceRequirements: TraceRequirement[] = [
  { what: "onnxruntime-node's binding (linux-x64)", pattern: /onnxruntime-node\/bin\/napi-v6\/linux\/x64\/onnxruntime_binding\.node$/, present: true },
  { what: "libonnxruntime.so.1 (linux-x64)", pattern: /onnxruntime-node\/bin\/napi-v6\/linux\/x64\/libonnxruntime\.so\.1$/, present: true },
  { what: "onnxruntime-web's Node WASM runtime (fallback)", pattern: /onnxruntime-web\/dist\/ort-wasm-simd-threaded\.wasm$/, present: true },
  { what: "the JPEG decoder's wasm", pattern: /@jsquash\/jpeg\/codec\/dec\/mozjpeg_dec\.wasm$/, present: true },
  // The server's own face mesh included (it measures the evidence burst; face-model readiness loads it too).
  ...[...Object.values(MODELS).filter((m) => m.runtime === "onnx"), ...Object.values(SERVER_MODELS)].map((m) => ({
    what: `model ${m.file}`,
    pattern: new RegExp(`/public/models/${m.file.replace(/\./g, "\\.")}$`),
    present: true,
  })),
];
const notFaceFunction: TraceRequirement[] = [
  { what: "onnxruntime (this route runs no face model)", pattern: /node_modules\/onnxruntime-(node|web)\//, present: false },
  { what: "the face models (this route runs none)", pattern: /\/public\/models\//, present: false },
];
const everyFunction: TraceRequirement[] = [
  { what: "PGlite (DATABASE_URL was set at build time)", pattern: /node_modules\/@electric-sql\/pglite/, present: false },
  { what: "another platform's onnxruntime binaries", pattern: /onnxruntime-node\/bin\/napi-v6\/(darwin|win32|linux\/arm64)\//, present: false },
];

function build(): void {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: `postgres://build@127.0.0.1:${PORTS.pg}/build` };
  log("building (next build, DATABASE_URL set, output standalone)…");
  execSync("npx next build", { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] });
}

function checkTraces() {
  const fns = functionTraces(dist);
  const problems: string[] = [];
  for (const fn of fns) {
    problems.push(...unmet(fn, everyFunction));
    if (FACE_ROUTES.includes(fn.route)) problems.push(...unmet(fn, faceRequirements));
    // Not (yet) a failure: next.config.ts explains why /admin/check-ins and /admin/enrolments ship the face runtime.
    else for (const w of unmet(fn, notFaceFunction)) console.warn(`verify:deploy NOTE ${w}`);
  }
  for (const r of FACE_ROUTES) if (!fns.some((f) => f.route === r)) problems.push(`${r}: no function in the build`);
  console.log("function                         MB (uncompressed)");
  for (const f of fns) console.log(`  ${f.route.padEnd(30)} ${mb(f.bytes).toFixed(1).padStart(6)}`);
  const largest = fns[0]!;
  if (mb(largest.bytes) >= MAX_FUNCTION_MB) problems.push(`${largest.route} is ${mb(largest.bytes)} MB (limit here ${MAX_FUNCTION_MB})`);
  return { fns, largest, problems };
}

/** A read-only copy of the standalone output and a writable run directory owned by the user the server runs as. */
function stage() {
  const tmp = mkdtempSync(path.join(tmpdir(), "clockface-deploy-"));
  chmodSync(tmp, 0o755);
  const app = path.join(tmp, "app");
  cpSync(path.join(dist, "standalone"), app, { recursive: true, verbatimSymlinks: true });
  execFileSync("chmod", ["-R", "a-w", app]);
  const run = path.join(tmp, "run");
  mkdirSync(run);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(run, NOBODY, NOBODY);
  return { tmp, app, run, asRoot };
}

const contentTypes: Record<string, string> = {
  ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json",
  ".onnx": "application/octet-stream", ".task": "application/octet-stream", ".data": "application/octet-stream", ".binarypb": "application/octet-stream",
  ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon", ".woff2": "font/woff2", ".txt": "text/plain", ".md": "text/markdown",
  ".gz": "application/gzip",
};

const compressed = new Map<string, Buffer>();
function encoded(file: string, encoding: "br" | "gzip"): Buffer {
  const key = `${encoding}:${file}`;
  let z = compressed.get(key);
  if (!z) {
    const raw = readFileSync(file);
    z = encoding === "br" ? cdnBrotli(raw) : gzipSync(raw, { level: 6 });
    compressed.set(key, z);
  }
  return z;
}

/** What the CDN stand-in sent since the last reset (the first-visit measurement reads it: the server's own count). */
interface Tally {
  /** One row per response: path, bytes on the wire (encoded body), bytes decoded by the HTTP layer, and the bytes
   * gzip would have put on the wire. */
  rows: { url: string; wire: number; decoded: number; gzip: number }[];
}

/**
 * The CDN stand-in: static files from the build, with the headers next.config gives that path
 * (scripts/deploy/static-headers.ts). It counts what it sends; GET /__verify/tally/reset starts a count and
 * GET /__verify/tally returns it (JSON).
 */
function frontServer(): http.Server {
  const headersFor = staticHeaders(JSON.parse(readFileSync(path.join(dist, "routes-manifest.json"), "utf8")) as RoutesManifest);
  let tally: Tally = { rows: [] };
  const count = (url: string, wire: number, decoded = wire, gzip = wire) => tally.rows.push({ url, wire, decoded, gzip });
  const staticFile = (p: string): string | null => {
    const clean = path.posix.normalize(decodeURIComponent(p));
    if (clean.includes("..")) return null;
    const f = clean.startsWith("/_next/static/") ? path.join(dist, "static", clean.slice("/_next/static/".length)) : path.join(root, "public", clean);
    return existsSync(f) && statSync(f).isFile() ? f : null;
  };
  const proxy = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const up = http.request({ host: "127.0.0.1", port: PORTS.fn, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      let n = 0;
      r.on("data", (d: Buffer) => (n += d.length));
      r.on("end", () => count(new URL(req.url ?? "/", "http://x").pathname, n));
      r.pipe(res);
    });
    up.on("error", () => (res.headersSent ? res.destroy() : (res.writeHead(502), res.end("function unreachable"))));
    if (req.method === "HEAD") up.end();
    else req.pipe(up);
  };
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/__verify/tally/reset") return (tally = { rows: [] }), res.writeHead(204).end();
    if (url.pathname === "/__verify/tally") return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(tally));
    const file = req.method === "GET" || req.method === "HEAD" ? staticFile(url.pathname) : null;
    if (!file) return proxy(req, res);
    // next.config's headers for this path (COOP/COEP, CSP, Cache-Control), as Vercel's CDN applies them to static files.
    const headers: http.OutgoingHttpHeaders = headersFor(url.pathname);
    if (url.pathname.startsWith("/_next/static/")) headers["cache-control"] = "public, max-age=31536000, immutable";
    headers["cache-control"] ??= "public, max-age=0, must-revalidate";
    const type = contentTypes[path.extname(file)] ?? "application/octet-stream";
    headers["content-type"] = type;
    const accepts = String(req.headers["accept-encoding"] ?? "");
    const encoding = !VERCEL_COMPRESSES.test(type) ? null : /\bbr\b/.test(accepts) ? "br" : /\bgzip\b/.test(accepts) ? "gzip" : null;
    if (encoding) {
      const z = encoded(file, encoding);
      res.writeHead(200, { ...headers, "content-encoding": encoding, "content-length": z.length, vary: "Accept-Encoding" });
      if (req.method !== "HEAD") count(url.pathname, z.length, statSync(file).size, encoded(file, "gzip").length);
      return res.end(req.method === "HEAD" ? undefined : z);
    }
    headers["content-length"] = statSync(file).size;
    res.writeHead(200, headers);
    if (req.method === "HEAD") return res.end();
    count(url.pathname, statSync(file).size);
    createReadStream(file).pipe(res);
  });
}

async function waitForHealth(url: string, server: ChildProcess, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (server.exitCode !== null) throw new Error(`the function exited with code ${server.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no healthy answer from ${url} in ${ms / 1000} s`);
}

interface PlaywrightReport {
  suites?: PlaywrightSuite[];
}
interface PlaywrightSuite {
  title: string;
  suites?: PlaywrightSuite[];
  specs?: { title: string; tests: { status: string; annotations: { type: string; description?: string }[]; results: { status: string }[] }[] }[];
}

/** Each test that did not pass, with why (a skip's own reason), from Playwright's JSON report. */
function notPassed(report: PlaywrightReport): string[] {
  const out: string[] = [];
  const walk = (s: PlaywrightSuite, prefix: string) => {
    for (const spec of s.specs ?? [])
      for (const t of spec.tests) {
        const status = t.results[t.results.length - 1]?.status ?? t.status;
        if (status === "passed") continue;
        const why = t.annotations.find((a) => a.type === "skip")?.description;
        out.push(`${prefix}${spec.title}: ${status}${why ? ` (${why})` : ""}`);
      }
    for (const c of s.suites ?? []) walk(c, prefix);
  };
  for (const s of report.suites ?? []) walk(s, `${s.title} › `);
  return out;
}

async function main() {
  const t0 = Date.now();
  const failures: { step: string; why: string }[] = [];
  const fail = (step: string, why: string) => {
    failures.push({ step, why });
    console.error(`verify:deploy NOT OK ${step}: ${why}`);
  };
  if (process.env.VERIFY_SKIP_BUILD !== "1") {
    try {
      build();
    } catch {
      fail("build", "next build failed (see its output above)");
    }
  }
  const traces = checkTraces();
  for (const p of traces.problems) fail("traces", p);

  const s = stage();
  let neon: NeonLocal | undefined;
  let server: ChildProcess | undefined;
  let front: http.Server | undefined;
  const serverLog: string[] = [];
  const figures: Record<string, unknown> = { functions: traces.fns.map((f) => ({ route: f.route, mb: mb(f.bytes) })) };
  let step = "database";
  try {
    neon = await startNeonLocal({ pg: PORTS.pg, ws: PORTS.ws });
    process.env.NEON_WS_PROXY = neon.proxy;
    // Deploy checklist step 2: migrations run from the repository (npm run db:migrate), not by the functions.
    await closeDatabase(await openDatabase({ url: neon.url, migrate: true }));
    step = "function start";
    front = frontServer();
    await new Promise<void>((r) => front!.listen(PORTS.front, "127.0.0.1", () => r()));

    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: s.run,
      TMPDIR: s.run,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(PORTS.fn),
      HOSTNAME: "127.0.0.1",
      DATABASE_URL: neon.url,
      NEON_WS_PROXY: neon.proxy,
      // One connection: PGlite is one Postgres session shared by every socket connection, so a statement name
      // prepared on one would already exist on the next (Neon gives each connection its own session).
      DATABASE_POOL_MAX: "1",
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      AUTH_TRUST_HOST: "true",
      // No Blob token here: the operator's explicit opt-in to local storage in a writable directory.
      CLOCKFACE_EMBEDDED_DIR: path.join(s.run, "data"),
      CLOCKFACE_DEMO: "1",
      CLOCKFACE_DEV_OUTBOX: "1",
      CLOCKFACE_CHECKIN_TRACE: "1",
    };
    const cmd = s.asRoot
      ? ["setpriv", `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", "--", process.execPath, "server.js"]
      : [process.execPath, "server.js"];
    log(`starting the function from ${s.app} (read-only) as ${s.asRoot ? "nobody" : "this user"}`);
    const spawnedAt = performance.now();
    server = spawn(cmd[0]!, cmd.slice(1), { cwd: s.app, env, stdio: ["ignore", "pipe", "pipe"] });
    for (const stream of [server.stdout!, server.stderr!])
      stream.on("data", (d: Buffer) => {
        for (const line of d.toString().split("\n").filter(Boolean)) {
          serverLog.push(line);
          console.log(`  [fn] ${line}`);
        }
      });
    await waitForHealth(`http://127.0.0.1:${PORTS.front}/api/health`, server, 180_000);
    figures.healthy_ms = Math.round(performance.now() - spawnedAt);

    step = "camera E2E";
    const firstVisitOut = path.join(s.tmp, "first-visit.json");
    const reportOut = path.join(s.tmp, "e2e-report.json");
    log("running the camera E2E and the first-visit measurement against it…");
    const e2e = spawn("npx", ["playwright", "test", "--reporter=list,json", "tests/e2e/checkin-camera.spec.ts", "tests/e2e/deploy-first-visit.spec.ts"], {
      cwd: root,
      env: {
        ...process.env,
        E2E_BASE_URL: `http://127.0.0.1:${PORTS.front}`,
        VERIFY_FIRST_VISIT_OUT: firstVisitOut,
        CLOCKFACE_E2E_REQUIRE: "1",
        PLAYWRIGHT_JSON_OUTPUT_NAME: reportOut,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    for (const stream of [e2e.stdout!, e2e.stderr!]) stream.on("data", (d: Buffer) => process.stdout.write(d));
    const code = await new Promise<number>((r) => e2e.on("exit", (c) => r(c ?? 1)));
    const report = existsSync(reportOut) ? (JSON.parse(readFileSync(reportOut, "utf8")) as PlaywrightReport) : undefined;
    if (!report) fail("camera E2E", `Playwright exited with ${code} and wrote no report`);
    else for (const t of notPassed(report)) fail(/first-visit/.test(t) ? "first visit" : "camera E2E", t);
    if (report && code !== 0 && !notPassed(report).length) fail("camera E2E", `Playwright exited with ${code}`);
    if (existsSync(firstVisitOut)) {
      const fv = JSON.parse(readFileSync(firstVisitOut, "utf8")) as { bytes: number; wireBytes: number; gzipBytes: number; responses: number; downloadedTwice: string[] };
      figures.first_visit = fv;
      for (const u of fv.downloadedTwice) console.warn(`verify:deploy NOTE first visit: ${u} was sent twice`);
    } else fail("first visit", "no measurement written");
    const traced = serverLog.map((l) => /checkin-trace (\{.*\})/.exec(l)?.[1]).filter((j): j is string => !!j);
    figures.first_verdict_trace = traced[0] ? JSON.parse(traced[0]) : null;
    figures.face_ready_line = serverLog.find((l) => l.startsWith("face models:")) ?? null;
    const fault = serverLog.find((l) => /unavailable:|EACCES|EROFS|ENOENT/.test(l));
    if (fault) fail("function log", `the function logged a fault: ${fault.slice(0, 200)}`);
    if (!figures.first_verdict_trace) fail("cold first verdict", "no check-in reached the function (no checkin-trace line), so it was not measured");
  } catch (e) {
    fail(step, e instanceof Error ? e.message : String(e));
  } finally {
    // Peak resident memory of the function's process (sizes vercel.json's memory; setpriv execs node in place).
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${server?.pid}/status`, "utf8"))?.[1];
      if (hwm) figures.function_peak_rss_mb = Math.round(Number(hwm) / 1024);
    } catch {
      // not Linux, or already gone
    }
    server?.kill("SIGTERM");
    front?.close();
    await neon?.stop().catch(() => {});
    execFileSync("chmod", ["-R", "u+w", s.tmp]);
    rmSync(s.tmp, { recursive: true, force: true });
  }
  const fv = figures.first_visit as { bytes: number; wireBytes: number; gzipBytes: number } | undefined;
  const ok = failures.length === 0;
  const first = figures.first_verdict_trace as { total?: number } | null;
  const result = {
    deploy_ok: ok ? 1 : 0,
    function_mb: mb(traces.largest.bytes),
    largest_function: traces.largest.route,
    cold_first_verdict_ms: first?.total !== undefined ? Math.round(first.total) : null,
    first_visit_mb: fv ? mb(fv.bytes) : null,
    first_visit_gzip_mb: fv ? mb(fv.gzipBytes) : null,
    first_visit_wire_mb: fv ? mb(fv.wireBytes) : null,
    minutes: Math.round((Date.now() - t0) / 6000) / 10,
  };
  mkdirSync(path.join(root, "bench-results"), { recursive: true });
  writeFileSync(path.join(root, "bench-results/verify-deploy.json"), JSON.stringify({ ...result, ...figures, failures }, null, 2));
  const failed = [...new Set(failures.map((f) => f.step.replace(/\s+/g, "-")))];
  console.log(
    `deploy_ok=${result.deploy_ok} function_mb=${result.function_mb} cold_first_verdict_ms=${result.cold_first_verdict_ms ?? "na"} first_visit_mb=${result.first_visit_mb ?? "na"} first_visit_gzip_mb=${result.first_visit_gzip_mb ?? "na"} first_visit_wire_mb=${result.first_visit_wire_mb ?? "na"}` +
      (ok ? "" : ` failed=${failed.join(",")}`),
  );
  process.exit(ok ? 0 : 1);
}

void main();
