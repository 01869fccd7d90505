// What each server function of a `next build` ships, read from the build's `.nft.json` traces (the file set Vercel
// deploys per route; `output: "standalone"` copies their union). Sizes are uncompressed bytes on disk, each file
// once per function: the route's own trace plus the Next server runtime's (next-minimal-server.js.nft.json, what
// a function runs on). Pure reading; no writes.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export interface FunctionTrace {
  /** Route path, e.g. /check-in or /api/health. */
  route: string;
  /** Absolute paths of every file the function ships. */
  files: string[];
  bytes: number;
}

function traceFiles(nftFile: string): string[] {
  const { files } = JSON.parse(readFileSync(nftFile, "utf8")) as { files: string[] };
  const dir = path.dirname(nftFile);
  return [nftFile.replace(/\.nft\.json$/, ""), ...files.map((f) => path.resolve(dir, f))];
}

function sizeOf(file: string): number {
  try {
    const s = statSync(file); // follows symlinks (Turbopack links externals under .next/node_modules)
    return s.isFile() ? s.size : 0;
  } catch {
    return 0;
  }
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith(".js.nft.json")) out.push(p);
  }
  return out;
}

/** Route of a trace file under .next/server/app: groups "(x)" dropped, "/page" and "/route" dropped. */
export function routeOf(appDir: string, nftFile: string): string {
  const rel = path.relative(appDir, nftFile).replace(/\.js\.nft\.json$/, "").split(path.sep);
  rel.pop(); // page | route
  const parts = rel.filter((p) => !/^\(.*\)$/.test(p));
  return `/${parts.join("/")}`;
}

/** Every server function of the build in `distDir` (.next), largest first. */
export function functionTraces(distDir: string): FunctionTrace[] {
  const appDir = path.join(distDir, "server/app");
  const runtime = path.join(distDir, "next-minimal-server.js.nft.json");
  const shared = existsSync(runtime) ? traceFiles(runtime) : [];
  return walk(appDir)
    .map((nft) => {
      const files = [...new Set([...traceFiles(nft), ...shared])].sort();
      return { route: routeOf(appDir, nft), files, bytes: files.reduce((s, f) => s + sizeOf(f), 0) };
    })
    .sort((a, b) => b.bytes - a.bytes);
}

export interface TraceRequirement {
  what: string;
  /** Matched against each shipped file's path with forward slashes. */
  pattern: RegExp;
  /** true: at least one file must match; false: none may. */
  present: boolean;
}

/** The requirements a route's function does not meet (empty when it ships what it needs and nothing it must not). */
export function unmet(fn: FunctionTrace, reqs: readonly TraceRequirement[]): string[] {
  const files = fn.files.map((f) => f.split(path.sep).join("/"));
  return reqs.filter((r) => files.some((f) => r.pattern.test(f)) !== r.present).map((r) => `${fn.route}: ${r.present ? "missing" : "ships"} ${r.what}`);
}
