// Shared plumbing of the eval:* commands: argument parsing, the browser harness (the production face
// pipeline in headless Chromium), streaming images through it in batches, output files, and errors.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { EvalDataError } from "@/lib/eval/datasets/errors";
import { Progress } from "@/lib/eval/progress";
import { browserFile, MODELS } from "@/lib/face/models";
import type { EngineInfo, ImageOptions } from "@/lib/face/worker/protocol";
import { repoRoot, startHarness, type Harness, type HarnessOptions, type ImageResult } from "@/tools/browser-harness";

export { repoRoot };

export class UsageError extends Error {}

export interface CommonArgs {
  data: string;
  out: string;
  threads: number;
  delegate: NonNullable<HarnessOptions["delegate"]>;
  batch: number;
}

export const COMMON_OPTIONS = {
  data: { type: "string" },
  out: { type: "string" },
  threads: { type: "string" },
  delegate: { type: "string" },
  batch: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

export function intArg(v: string | undefined, name: string, dflt: number, min = 1): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer >= ${min}, got "${v}"`);
  return n;
}

/** Parses argv with the common options plus `extra`; prints `usage` and exits on --help. */
export function parseCommon<E extends NonNullable<ParseArgsConfig["options"]>>(usage: string, defaultOut: string, extra: E) {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { ...COMMON_OPTIONS, ...extra }, allowPositionals: false, strict: true });
  const v = values as Record<string, string | boolean | undefined>;
  if (v.help) {
    process.stdout.write(usage);
    process.exit(0);
  }
  if (typeof v.data !== "string" || !v.data) throw new UsageError("--data <dir> is required");
  const data = path.resolve(v.data);
  if (!existsSync(data) || !statSync(data).isDirectory()) throw new EvalDataError(`--data ${data} is not a folder`);
  const delegate = (v.delegate as string | undefined) ?? "auto";
  if (!["auto", "CPU", "GPU"].includes(delegate)) throw new UsageError(`--delegate must be auto, CPU or GPU`);
  const common: CommonArgs = {
    data,
    out: path.resolve(typeof v.out === "string" ? v.out : path.join(repoRoot, "eval-results", defaultOut)),
    threads: intArg(v.threads as string | undefined, "threads", 2),
    delegate: delegate as CommonArgs["delegate"],
    batch: intArg(v.batch as string | undefined, "batch", 32),
  };
  return { common, values: v };
}

/** Runs a command's main(); prints usage/data errors plainly (exit 2), anything else with its stack (exit 1). */
export function runMain(usage: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      if (err instanceof UsageError) {
        process.stderr.write(`error: ${err.message}\n\n${usage}`);
        process.exit(2);
      }
      if (err instanceof EvalDataError || (err instanceof Error && err.name === "EvalDataError")) {
        process.stderr.write(`error: ${err.message}\n`);
        process.exit(2);
      }
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}

export interface PipelineInfo {
  engine: EngineInfo;
  chromium: string;
  /** Each model's registry hash, and the hash of the file the browser runs (its smaller copy, when it has one). */
  models: Record<string, { modelId: string; sha256: string; browserSha256: string }>;
  gitCommit: string | null;
}

export async function openPipeline(args: Pick<CommonArgs, "threads" | "delegate">): Promise<{ h: Harness; info: PipelineInfo }> {
  process.stderr.write("starting the face pipeline in headless Chromium (bundling lib/face, loading models)…\n");
  const h = await startHarness({ threads: args.threads, delegate: args.delegate });
  try {
    const engine = await h.load();
    const models = Object.fromEntries(Object.values(MODELS).map((m) => [m.key, { modelId: m.modelId, sha256: m.sha256, browserSha256: browserFile(m).sha256 }]));
    return { h, info: { engine, chromium: h.browser.version(), models, gitCommit: gitCommit() } };
  } catch (err) {
    await h.close();
    throw err;
  }
}

/** The engine info again after a run: the landmarker delegate is only chosen on the first image. */
export async function refreshEngineInfo(h: Harness, info: PipelineInfo): Promise<void> {
  info.engine = await h.load();
}

function gitCommit(): string | null {
  try {
    const sha = execFileSync("git", ["rev-parse", "HEAD"], { cwd: repoRoot, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: repoRoot, encoding: "utf8" }).trim();
    return dirty ? `${sha}+dirty` : sha;
  } catch {
    return null;
  }
}

/**
 * Streams image files through the pipeline (IMAGE mode) in batches of `batch`: only one batch of
 * results is alive at a time; `onResult` keeps what it needs (e.g. the embedding) and drops the rest.
 * An image the browser cannot decode is a malformed folder: EvalDataError naming it.
 */
export async function streamImages(
  h: Harness,
  dir: string,
  rels: Iterable<string>,
  total: number,
  options: Partial<ImageOptions>,
  batch: number,
  label: string,
  onResult: (rel: string, r: ImageResult) => void,
): Promise<{ seconds: number; count: number }> {
  const progress = new Progress(label, total);
  let count = 0;
  let pending: string[] = [];
  const flush = async () => {
    if (!pending.length) return;
    const res = await h.embedImageFiles(
      pending.map((r) => path.join(dir, r)),
      options,
    );
    res.forEach((r, k) => {
      const rel = pending[k]!;
      if (r.error) throw new EvalDataError(`${path.join(dir, rel)}: the browser could not read this image (${r.error})`);
      onResult(rel, r);
    });
    count += res.length;
    progress.tick(res.length);
    pending = [];
  };
  for (const rel of rels) {
    pending.push(rel);
    if (pending.length >= batch) await flush();
  }
  await flush();
  progress.finish();
  return { seconds: progress.elapsedS, count };
}

/** Writes JSON (2-space) and creates the folder. */
export function writeJson(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(value, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2) + "\n");
}

/** The plot's path next to the JSON: results.json → results.roc.svg */
export function plotPathFor(jsonFile: string, suffix = "roc"): string {
  const base = jsonFile.replace(/\.json$/i, "");
  return `${base}.${suffix}.svg`;
}

export function writeText(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Fixed decimals for the summary lines. */
export const f4 = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : "nan");
export const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "nan");

/** Seeded PRNG (mulberry32): the same seed gives the same impostor pairs on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A path relative to the repository root when that is shorter (e.g. ../shared/data/dev/lfw). */
export function relToRepo(file: string): string {
  const r = path.relative(repoRoot, file);
  return r.length < file.length ? r : file;
}
