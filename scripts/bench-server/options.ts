// bench:server's command line, parsed with node:util parseArgs (strict: an unknown option is an error).
import { parseArgs } from "node:util";

export interface BenchOptions {
  sizes: number[];
  strategies: ("exact" | "hnsw")[];
  people: number;
  /** Per-stage server timings of completeCheckInAction (CLOCKFACE_CHECKIN_TRACE=1 in the server), medians per configuration. */
  trace: boolean;
  conc: number;
  maxSeconds: number;
  /**
   * Check-ins (with `conc` in flight) before anything is timed in each configuration: the server has just started,
   * and V8 is still optimising the request path (see docs/check-in-protocol.md, "bench:server").
   */
  warmup: number;
  seq: number;
  par: number;
  /** CLOCKFACE_FACE_WORKER values to compare (each configuration runs once per value); [undefined]: the server's default. */
  faceWorkers: (string | undefined)[];
  out: string;
  /** The server's port (default: a free one); on shared machines each session keeps to its own ports. */
  port: number | undefined;
  deadlineMinutes: number;
  build: boolean;
  serverNodeArgs: string[];
  /** --orgs: many organisations in one database instead (scripts/bench-server/orgs.ts), with its own options. */
  orgs: Map<string, string> | null;
}

export const USAGE = `usage: npm run bench:server -- [--sizes 1000,10000,100000] [--strategies exact,hnsw] [--warmup 80] [--seq 60]
  [--conc 8] [--par 300] [--max-seconds 60] [--people 40] [--face-worker 1,0] [--build] [--out bench-results/server.json]
  [--deadline-minutes 40] [--server-node-args="--cpu-prof --cpu-prof-dir=/tmp/prof"] [--trace] [--port <n>]
  or: --orgs [--orgs-count 1000] [--scale 1] [--probes 200] [--ef 40,100,200,400] [--seed 13] [--keep-dir]
      [--database-url postgres://… (an empty Postgres with pgvector, through the Neon driver; default: PGlite)]`;

const list = (s: string) => s.split(",").map((x) => x.trim()).filter(Boolean);

/** Parses argv (without node and the script); throws with the usage on a bad option or value. */
export function parseOptions(argv: string[]): BenchOptions {
  const { values: v } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      sizes: { type: "string", default: "1000,10000,100000" },
      strategies: { type: "string", default: "exact,hnsw" },
      people: { type: "string", default: "40" },
      trace: { type: "boolean", default: false },
      conc: { type: "string", default: "8" },
      "max-seconds": { type: "string", default: "60" },
      warmup: { type: "string", default: "80" },
      seq: { type: "string", default: "60" },
      par: { type: "string", default: "300" },
      "face-worker": { type: "string" },
      out: { type: "string", default: "bench-results/server.json" },
      port: { type: "string" },
      "deadline-minutes": { type: "string", default: "40" },
      build: { type: "boolean", default: false },
      "server-node-args": { type: "string", default: "" },
      orgs: { type: "boolean", default: false },
      "orgs-count": { type: "string" },
      scale: { type: "string" },
      probes: { type: "string" },
      ef: { type: "string" },
      seed: { type: "string" },
      "keep-dir": { type: "boolean", default: false },
      "database-url": { type: "string" },
    },
  });
  const num = (name: string, s: string, min = 0) => {
    const n = Number(s);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} ${s}: expected a number ≥ ${min}\n${USAGE}`);
    return n;
  };
  const strategies = list(v.strategies!);
  if (strategies.some((s) => s !== "exact" && s !== "hnsw")) throw new Error(`--strategies ${v.strategies}: exact and/or hnsw\n${USAGE}`);
  let orgs: Map<string, string> | null = null;
  if (v.orgs) {
    orgs = new Map();
    for (const k of ["orgs-count", "scale", "probes", "ef", "seed", "database-url"] as const) if (v[k] !== undefined) orgs.set(k, v[k]);
    if (v["keep-dir"]) orgs.set("keep-dir", "1");
  }
  return {
    sizes: list(v.sizes!).map((s) => num("sizes", s, 1)),
    strategies: strategies as ("exact" | "hnsw")[],
    people: num("people", v.people!, 1),
    trace: v.trace!,
    conc: num("conc", v.conc!, 1),
    maxSeconds: num("max-seconds", v["max-seconds"]!),
    warmup: num("warmup", v.warmup!),
    seq: num("seq", v.seq!),
    par: num("par", v.par!),
    faceWorkers: v["face-worker"] !== undefined ? list(v["face-worker"]) : [undefined],
    out: v.out!,
    port: v.port !== undefined ? num("port", v.port, 1) : undefined,
    deadlineMinutes: num("deadline-minutes", v["deadline-minutes"]!),
    build: v.build!,
    serverNodeArgs: v["server-node-args"]!.split(/\s+/).filter(Boolean),
    orgs,
  };
}
