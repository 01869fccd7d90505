// npm run bench:server — check-in latency and throughput through the running app (issue 5, DESIGN.md §5 and §7).
//
// Seeds one organisation with 1k, 10k and 100k face templates into a fresh PGlite data directory, then, for each
// configuration (gallery size × exact scan / HNSW × strict mode on / off), starts the production build with
// `next start` on 127.0.0.1 (a free port; loopback only) on that data directory and drives the `beginCheckInAction` /
// `completeCheckInAction` server actions over HTTP exactly as the browser does: a POST to /check-in with the
// `Next-Action` header (the action id from the build's server-reference manifest), the router-state header, the
// React-encoded arguments and the Auth.js session cookie; the RSC response is decoded for the verdict. Payloads
// are signed with real WebCrypto ECDSA P-256 device keys and carry real aligned and context crops.
//
// Path measured: HTTP over loopback → Next's action handler (origin check, body decode) → proxy.ts session check
// → the action wrapper (JWT session decode, DB-fresh member read) → lib/checkin/server/checkin.ts
// `completeCheckin` (rate limits → device → signature → atomic challenge → shape → liveness → strict re-embedding
// + anti-spoof with onnxruntime-node → pgvector 1:1 and 1:N → event + crop written) → the RSC response, as the
// browser receives it (its size is reported: a page re-render from a revalidatePath in the action would show
// there). Latency is the completeCheckInAction round trip; the rate counts whole check-ins (beginCheckInAction + sign +
// completeCheckInAction) with `--conc` in flight.
//
// Data: ~40 real people (LFW, ../shared/data/dev) are enrolled from their images 1–3 with the real model and check
// in with image 4 (so decisions are real); the rest of the gallery is random unit vectors (filler people with 3
// templates each). The org's dedupe window is 0 so every accepted scan writes an event.
//
// Rate limits stay as the product ships them (per user and device 12 per 10 minutes, per IP 3000 a minute). The
// server is stopped between configurations; while it is down the bench opens the data directory itself to set
// the organisation's strict mode, build or drop the HNSW index and clear the rate-limit rows, so each
// configuration starts with empty windows. Each configuration therefore stays within 11 attempts per person:
// `--warmup` + `--seq` + `--par` are capped at 11 × people. Per IP, 3000 a minute is above any rate measured here.
//
// The bench's own process also times the matching queries alone (in-process, server stopped), and HNSW against
// the exact scan, as before: that is what HNSW_MIN_TEMPLATES is chosen from.
//
// Each configuration: an untimed warm-up (--warmup 80 check-ins, `conc` in flight: the server has just started
// and V8 is still optimising its request path), then --seq check-ins one at a time (latency), then --par with
// `conc` in flight (rate).
//
// Options (scripts/bench-server/options.ts, parsed with node:util parseArgs): --sizes 1000,10000,100000
// --strategies exact,hnsw --warmup 80 --seq 60 (sequential check-ins, latency) --conc 8 --par 300 (check-ins with
// `conc` in flight, rate) --max-seconds 60 (per phase) --people 40 --face-worker 1,0 (CLOCKFACE_FACE_WORKER for the
// server, each value in turn; the summary uses the first) --build (run `next build` first; also done without a
// build) --out bench-results/server.json --deadline-minutes 40 --server-node-args="--cpu-prof …" (node flags for
// the server; a value starting with "--" needs the "=" form) --trace (the server logs each completeCheckin stage's
// milliseconds; their medians are reported) --port <n> (default a free one) --orgs (instead: 1,000 organisations in
// one database, matching and HNSW recall; scripts/bench-server/orgs.ts). Why these defaults, with the measurements that
// chose them: docs/check-in-protocol.md, "bench:server".
//
// The parts, one module per section in scripts/bench-server/: options, build (next build, action ids), database,
// people (the organisation and the real people), gallery (filler templates, HNSW index), server (next start, CPU
// per thread), http (sign-in, server actions, RSC decoding), checkin (one check-in as the browser does it), configs
// (one configuration; matching alone; HNSW against exact), main (the run, the JSON, the last line).
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseOptions, USAGE } from "./bench-server/options";

// Server modules import "server-only", which only resolves under the react-server condition (as in Next).
if (!process.execArgv.includes("--conditions=react-server") && !process.env.CLOCKFACE_BENCH_CHILD) {
  const r = spawnSync(process.execPath, ["--conditions=react-server", ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, CLOCKFACE_BENCH_CHILD: "1" },
  });
  process.exit(r.status ?? 1);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
let options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  console.error(USAGE);
  process.exit(2);
}

if (options.orgs) {
  await (await import("./bench-server/orgs")).benchOrgs(options.orgs, root);
  process.exit(0);
}

// The bench's data directory; the app's modules read it from the environment, so it is set before they load.
const dir = mkdtempSync(path.join(os.tmpdir(), "clockface-bench-server-"));
const work = { dir, pgliteDir: path.join(dir, "pglite"), blobDir: path.join(dir, "blob") };
process.env.BLOB_DIR = work.blobDir;
process.env.PGLITE_DIR = work.pgliteDir;
delete process.env.DATABASE_URL;
const { main } = await import("./bench-server/main");
process.exit(await main(options, root, work));
