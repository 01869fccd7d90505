// npm run bench:reports — time and peak memory to build and export the year report of a 1,000-person organisation.
//
// A synthetic year (seeded PRNG, Europe/London, Mon–Fri 09:00–17:00, grace 5) is generated as a stream of events
// ordered by person then time (as the database query would return them), fed to the report builder, and exported
// in each format to bench-results/. Each format runs in its own child process so that its peak RSS
// (process.resourceUsage().maxRSS, plus rss sampled every 20 ms) is its own. Writes bench-results/reports.json;
// the last line is the summary line.
//
//   npm run bench:reports                     # all: build only, csv, xlsx, pdf
//   npm run bench:reports -- --people 200     # smaller organisation
//   npm run bench:reports -- --heap-mb 64     # children with a 64 MB V8 heap cap: proves the export streams
//   npm run bench:reports -- --child csv      # one format in this process (used by the parent)
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Person } from "@/lib/attendance/day";
import type { EventInput } from "@/lib/attendance/events";
import { eachDate, type LocalDate } from "@/lib/attendance/local-time";
import { WorkCalendar, type AttendanceRules } from "@/lib/attendance/rules";
import { createReport, type ReportInput } from "@/lib/reports/build";
import { writeReport } from "@/lib/reports/export";
import type { ReportMeta } from "@/lib/reports/table";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outDir = path.join(root, "bench-results");

const rules: AttendanceRules = {
  timezone: "Europe/London",
  workDays: [1, 2, 3, 4, 5],
  shiftStart: "09:00",
  shiftEnd: "17:00",
  overnight: false,
  graceMinutes: 5,
};
const FROM: LocalDate = "2025-01-01";
const TO: LocalDate = "2025-12-31";
const NOW = new Date("2026-01-02T12:00:00Z");
const SEED = 20260101;

type Mode = "build" | "csv" | "xlsx" | "pdf";
const MODES: Mode[] = ["build", "csv", "xlsx", "pdf"];

/** mulberry32: a small, fast, seeded 32-bit PRNG. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rnd: () => number, mean: number, sd: number): number {
  const u = Math.max(rnd(), 1e-12);
  const v = rnd();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

const FIRST = ["Alice", "Bob", "Carol", "Dan", "Eve", "Farah", "Gus", "Hana", "Ivan", "Jo", "Kemal", "Lena", "Mo", "Nia", "Olu", "Priya", "Quinn", "Rui", "Sara", "Tomás", "Uma", "Vik", "Wen", "Xavi", "Yara", "Zoë"];
const LAST = ["Archer", "Baker", "Chen", "Díaz", "Evans", "Fox", "Garcia", "Hughes", "Iqbal", "Jones", "Khan", "Lopez", "Murphy", "Nowak", "O'Brien", "Patel", "Quint", "Rossi", "Smith", "Taylor", "Ueda", "Vance", "Walsh", "Young", "Zhang"];

function makePeople(n: number): Person[] {
  const rnd = mulberry32(SEED);
  return Array.from({ length: n }, (_, i) => {
    const name = i % 250 === 7 ? `=HYPERLINK("x","${FIRST[i % FIRST.length]}")` : `${FIRST[Math.floor(rnd() * FIRST.length)]} ${LAST[Math.floor(rnd() * LAST.length)]}`;
    return {
      id: `00000000-0000-7000-8000-${i.toString(16).padStart(12, "0")}`,
      name,
      email: `person${i}@example.test`,
      // a few join during the year
      activeFrom: i % 50 === 3 ? "2025-06-02" : null,
    };
  });
}

/**
 * The events of everyone, person by person, in time order (what `ORDER BY user_id, at` returns). Each person has
 * their own PRNG stream, so the data does not depend on how far a consumer reads.
 */
async function* yearEvents(people: readonly Person[], calendar: WorkCalendar, counter: { events: number }): AsyncGenerator<EventInput> {
  let id = 0;
  const M = 60_000;
  for (let p = 0; p < people.length; p++) {
    const person = people[p]!;
    const rnd = mulberry32(SEED + 1000 + p);
    const punctual = normal(rnd, 0, 4); // this person's habit, minutes
    const batch: EventInput[] = [];
    const push = (kind: "in" | "out" | null, at: number, extra: Partial<EventInput> = {}) => {
      const e: EventInput = {
        id: `ev-${(id++).toString(16).padStart(10, "0")}`,
        userId: person.id,
        kind,
        at: new Date(at),
        decision: "accepted",
        source: "face",
        supersedesId: null,
        voidedAt: null,
        reviewedAt: null,
        ...extra,
      };
      batch.push(e);
      return e;
    };
    for (const date of eachDate(FROM, TO)) {
      if (person.activeFrom && date < person.activeFrom) continue;
      const w = calendar.window(date);
      if (!w.isWorkDay) {
        if (rnd() < 0.01) {
          const inAt = w.shiftStart + Math.round(normal(rnd, 60, 30)) * M;
          push("in", inAt);
          push("out", inAt + Math.round(normal(rnd, 240, 40)) * M);
        }
        continue;
      }
      if (rnd() < 0.05) continue; // absent
      const inAt = w.shiftStart + Math.round(normal(rnd, punctual - 5, 6) * 60) * 1000;
      if (rnd() < 0.01) push("in", inAt - 40_000, { decision: "rejected", kind: null });
      if (rnd() < 0.003) push("in", inAt - 90_000, { decision: "flagged", reviewedAt: rnd() < 0.5 ? new Date(inAt + 3_600_000) : null });
      const first = push("in", inAt);
      if (rnd() < 0.004) push("in", inAt - 10 * M, { source: "correction", supersedesId: first.id });
      if (rnd() < 0.002) push("in", inAt + 2 * M, { voidedAt: new Date(inAt + 86_400_000) });
      if (rnd() < 0.03) continue; // forgot to check out
      const early = rnd() < 0.04 ? Math.round(normal(rnd, 60, 20)) : 0;
      const outAt = w.shiftEnd + Math.round(normal(rnd, 6 - early, 10) * 60) * 1000;
      push("out", Math.max(outAt, inAt + 30 * M));
    }
    batch.sort((a, b) => a.at.getTime() - b.at.getTime());
    counter.events += batch.length;
    for (const e of batch) yield e;
    if (p % 16 === 15) await new Promise<void>((r) => setImmediate(r)); // like a paged query
  }
}

interface ChildResult {
  mode: Mode;
  events: number;
  people: number;
  dailyRows: number;
  wall_s: number;
  /** user + system CPU seconds of the process over the run (wall time on a busy machine overstates the work). */
  cpu_s: number;
  max_rss_mb: number;
  sampled_peak_rss_mb: number;
  heap_peak_mb: number;
  files: { name: string; bytes: number }[];
  checksum: { workedMinutes: number; lateCount: number; absentCount: number; missingOutCount: number };
}

async function child(mode: Mode, peopleCount: number): Promise<ChildResult> {
  let sampledPeak = process.memoryUsage().rss;
  let heapPeak = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    if (m.rss > sampledPeak) sampledPeak = m.rss;
    if (m.heapUsed > heapPeak) heapPeak = m.heapUsed;
  }, 20);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const calendar = new WorkCalendar(rules);
  const people = makePeople(peopleCount);
  const counter = { events: 0 };
  const input: ReportInput = { calendar, people, events: yearEvents(people, calendar, counter), from: FROM, to: TO, now: NOW };
  const meta: ReportMeta = { orgName: "Benchmark Org Ltd", from: FROM, to: TO, timezone: rules.timezone, generatedAt: NOW };
  const report = createReport(input);
  const files: { name: string; bytes: number }[] = [];
  let dailyRows = 0;
  const file = (name: string) => {
    files.push({ name, bytes: 0 });
    return createWriteStream(path.join(outDir, name));
  };
  if (mode === "build") {
    for await (const _ of report.daily()) dailyRows++;
  } else {
    const counted = {
      ...report,
      async *daily() {
        for await (const r of report.daily()) {
          dailyRows++;
          yield r;
        }
      },
    };
    if (mode === "csv") {
      await writeReport("csv", counted, meta, file("year-daily.csv"), "daily");
      await writeReport("csv", counted, meta, file("year-summary.csv"), "summary");
    } else {
      await writeReport(mode, counted, meta, file(`year.${mode}`), "both");
    }
  }
  const checksum = { workedMinutes: 0, lateCount: 0, absentCount: 0, missingOutCount: 0 };
  for await (const s of report.summary()) {
    checksum.workedMinutes += s.workedMinutes;
    checksum.lateCount += s.lateCount;
    checksum.absentCount += s.absentCount;
    checksum.missingOutCount += s.missingOutCount;
  }
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  for (const f of files) f.bytes = statSync(path.join(outDir, f.name)).size;
  return {
    mode,
    events: counter.events,
    people: people.length,
    dailyRows,
    wall_s: Math.round(wall * 100) / 100,
    cpu_s: Math.round((cpu.user + cpu.system) / 1e4) / 100,
    max_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    sampled_peak_rss_mb: Math.round(sampledPeak / 1048576),
    heap_peak_mb: Math.round(heapPeak / 1048576),
    files,
    checksum,
  };
}

function runChild(mode: Mode, peopleCount: number, heapMb: number | null): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const script = fileURLToPath(import.meta.url);
    const heap = heapMb ? [`--max-old-space-size=${heapMb}`] : [];
    const proc = spawn(process.execPath, [...heap, ...process.execArgv, script, "--child", mode, "--people", String(peopleCount)], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    proc.stdout.on("data", (d: Buffer) => (out += d.toString()));
    proc.on("error", reject);
    proc.on("close", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code !== 0) return reject(new Error(`child ${mode} exited ${code}: ${out}`));
      try {
        resolve(JSON.parse(line) as ChildResult);
      } catch {
        reject(new Error(`child ${mode} printed no result: ${out}`));
      }
    });
  });
}

async function main() {
  const args = process.argv.slice(2);
  const arg = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const peopleCount = Number(arg("--people") ?? 1000);
  mkdirSync(outDir, { recursive: true });
  const childMode = arg("--child") as Mode | undefined;
  if (childMode) {
    if (!MODES.includes(childMode)) throw new Error(`unknown mode ${childMode}`);
    process.stdout.write(JSON.stringify(await child(childMode, peopleCount)) + "\n");
    return;
  }

  const heapMb = arg("--heap-mb") ? Number(arg("--heap-mb")) : null;
  const results: ChildResult[] = [];
  for (const mode of MODES) {
    const r = await runChild(mode, peopleCount, heapMb);
    results.push(r);
    const size = r.files.map((f) => `${f.name} ${(f.bytes / 1048576).toFixed(1)} MB`).join(", ");
    console.log(
      `${mode.padEnd(5)} ${r.wall_s.toFixed(2).padStart(7)} s wall ${r.cpu_s.toFixed(2).padStart(7)} s cpu  max RSS ${String(r.max_rss_mb).padStart(4)} MB (sampled ${r.sampled_peak_rss_mb}, heap ${r.heap_peak_mb})  rows ${r.dailyRows}  ${size}`,
    );
  }
  const sums = new Set(results.map((r) => JSON.stringify(r.checksum)));
  if (sums.size !== 1) throw new Error(`formats disagree on the summary: ${[...sums].join(" vs ")}`);
  const by = (m: Mode) => results.find((r) => r.mode === m)!;
  const peak = Math.max(...results.map((r) => r.max_rss_mb));
  const summary = {
    people: peopleCount,
    events: by("build").events,
    dailyRows: by("build").dailyRows,
    range: { from: FROM, to: TO },
    timezone: rules.timezone,
    build_s: by("build").wall_s,
    csv_s: by("csv").wall_s,
    xlsx_s: by("xlsx").wall_s,
    pdf_s: by("pdf").wall_s,
    peak_mb: peak,
    heap_cap_mb: heapMb,
    cpu_s: Object.fromEntries(results.map((r) => [r.mode, r.cpu_s])),
    loadavg_at_end: (await import("node:os")).loadavg().map((x) => Math.round(x * 10) / 10),
    node: process.version,
    cpus: (await import("node:os")).cpus().length,
    note: "each format: generate + build + export, in its own process; *_s include event generation (build_s is generation + rule evaluation alone); peak_mb = max over processes of maxRSS",
    runs: results,
  };
  writeFileSync(path.join(outDir, "reports.json"), JSON.stringify(summary, null, 2) + "\n");
  console.log(`checksum (all formats): ${[...sums][0]}`);
  console.log(
    `people=${peopleCount} events=${summary.events} csv_s=${summary.csv_s.toFixed(2)} xlsx_s=${summary.xlsx_s.toFixed(2)} pdf_s=${summary.pdf_s.toFixed(2)} peak_mb=${peak}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
