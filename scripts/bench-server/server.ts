// ── the server ── `next start` on 127.0.0.1 on the bench's data directory, one configuration at a time, and what
// the bench reads from its process (CPU per thread from /proc, thread count, the --trace lines).
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import net from "node:net";
import { log, ms, pct } from "./stats";

const AUTH_SECRET = "bench-only-secret-not-for-production-0123456789";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Server {
  child: ChildProcess;
  base: string;
  output: string[];
  /** JSON bodies of the server's `checkin-trace` lines (--trace). */
  traces: string[];
}

export interface ServerConfig {
  root: string;
  nextBin: string;
  /** The bench's data directory: production without DATABASE_URL runs embedded there (CLOCKFACE_EMBEDDED_DIR). */
  embeddedDir: string;
  pgliteDir: string;
  blobDir: string;
  port: number | undefined;
  trace: boolean;
  nodeArgs: string[];
}

/** The one server the bench runs at a time. */
export class ServerProcess {
  current: Server | null = null;

  constructor(private readonly cfg: ServerConfig) {}

  async start(strategy: "exact" | "hnsw", faceWorker: string | undefined): Promise<Server> {
    const port = this.cfg.port ?? (await freePort());
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      CLOCKFACE_EMBEDDED_DIR: this.cfg.embeddedDir,
      PGLITE_DIR: this.cfg.pgliteDir,
      BLOB_DIR: this.cfg.blobDir,
      AUTH_SECRET,
      AUTH_TRUST_HOST: "true",
      CLOCKFACE_DEMO: "0",
      NEXT_TELEMETRY_DISABLED: "1",
      CLOCKFACE_HNSW_MIN_TEMPLATES: strategy === "hnsw" ? "0" : String(Number.MAX_SAFE_INTEGER),
    };
    for (const k of ["DATABASE_URL", "BLOB_READ_WRITE_TOKEN", "CLOCKFACE_BENCH_CHILD", "NODE_OPTIONS", "APP_URL", "AUTH_URL"]) delete env[k];
    if (this.cfg.trace) env.CLOCKFACE_CHECKIN_TRACE = "1";
    else delete env.CLOCKFACE_CHECKIN_TRACE;
    if (faceWorker !== undefined) env.CLOCKFACE_FACE_WORKER = faceWorker;
    else delete env.CLOCKFACE_FACE_WORKER;
    const child = spawn(process.execPath, [...this.cfg.nodeArgs, this.cfg.nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: this.cfg.root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const s: Server = { child, base: `http://127.0.0.1:${port}`, output: [], traces: [] };
    const keep = (b: Buffer) => {
      for (const line of b.toString().split("\n").filter(Boolean)) {
        s.output.push(line);
        if (line.startsWith("checkin-trace ")) s.traces.push(line.slice("checkin-trace ".length));
        else if (/error|fail|worker|warn/i.test(line)) log(`   [server] ${line}`);
      }
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    const t = performance.now();
    for (;;) {
      if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${s.output.slice(-30).join("\n")}`);
      if (ms(t) > 120_000) throw new Error(`next start not healthy after 120 s:\n${s.output.slice(-30).join("\n")}`);
      try {
        const r = await fetch(`${s.base}/api/health`);
        if (r.ok) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    log(`   next start on ${s.base} (pid ${child.pid}) healthy in ${(ms(t) / 1000).toFixed(1)} s`);
    this.current = s;
    return s;
  }

  async stop(): Promise<void> {
    const s = this.current;
    this.current = null;
    if (!s || s.child.exitCode !== null) return;
    const exited = new Promise<void>((r) => s.child.once("exit", () => r()));
    s.child.kill("SIGTERM");
    const timer = setTimeout(() => s.child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  }

  /** Kills the server at once (deadline, signals). */
  kill(): void {
    this.current?.child.kill("SIGKILL");
  }

  /** CPU time (ms) of each thread of the server process, summed by thread name (/proc; Linux only). */
  cpuByThread(): Map<string, number> | null {
    const pid = this.current?.child.pid;
    if (!pid) return null;
    const out = new Map<string, number>();
    try {
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
        // pid (comm) state … utime stime: fields 14 and 15, counted after the closing parenthesis of comm.
        const close = stat.lastIndexOf(")");
        const comm = Number(tid) === pid ? "main" : stat.slice(stat.indexOf("(") + 1, close);
        const f = stat.slice(close + 2).split(" ");
        const ticks = Number(f[11]) + Number(f[12]);
        out.set(comm, (out.get(comm) ?? 0) + (ticks * 1000) / CLK_TCK);
      }
    } catch {
      return null;
    }
    return out;
  }

  /** Threads of the server process (the face worker, when it runs, adds a JS thread and its ORT threads). */
  threads(): number | null {
    try {
      const m = /Threads:\s+(\d+)/.exec(readFileSync(`/proc/${this.current?.child.pid}/status`, "utf8"));
      return m ? Number(m[1]) : null;
    } catch {
      return null;
    }
  }

  /** Starts measuring CPU; the returned function gives the CPU per completed check-in since then. */
  cpuMeter() {
    const s0 = this.cpuByThread();
    const c0 = process.cpuUsage();
    return (n: number): CpuShare | null => {
      const s1 = this.cpuByThread();
      const c = process.cpuUsage(c0);
      if (!s0 || !s1 || n === 0) return null;
      const by: Record<string, number> = {};
      let total = 0;
      for (const [k, v] of s1) {
        const d = v - (s0.get(k) ?? 0);
        total += d;
        if (d > 0) by[k] = d / n;
      }
      return { server_ms: total / n, by_thread_ms: by, bench_client_ms: (c.user + c.system) / 1000 / n };
    };
  }
}
const CLK_TCK = 100;

/** CPU spent per completed check-in (ms) over a phase: the server by thread name, its total, and the bench's own process. */
export interface CpuShare {
  server_ms: number;
  by_thread_ms: Record<string, number>;
  bench_client_ms: number;
}

export const fmtCpu = (c: CpuShare | null) =>
  c
    ? `cpu/check-in: server ${c.server_ms.toFixed(1)} ms (${Object.entries(c.by_thread_ms)
        .sort((a, b) => b[1] - a[1])
        .filter(([, v]) => v >= 0.5)
        .map(([k, v]) => `${k} ${v.toFixed(1)}`)
        .join(", ")}), bench client ${c.bench_client_ms.toFixed(1)} ms`
    : "cpu: n/a";

/** Medians of each stage over the server's `checkin-trace` lines. */
export function stageMedians(lines: string[]): Record<string, number> | null {
  if (lines.length === 0) return null;
  const by = new Map<string, number[]>();
  for (const l of lines)
    for (const [k, v] of Object.entries(JSON.parse(l) as Record<string, number>)) {
      const a = by.get(k) ?? [];
      a.push(v);
      by.set(k, a);
    }
  return Object.fromEntries([...by].map(([k, a]) => [k, pct(a, 50)]));
}
