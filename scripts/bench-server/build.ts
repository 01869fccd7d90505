// ── the build ── `next build` when asked or absent, and the check-in actions' ids from its manifest.
import { existsSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { log, ms } from "./stats";

export interface BuildPaths {
  nextBin: string;
  buildDir: string;
}

export function buildPaths(root: string): BuildPaths {
  return { nextBin: path.join(root, "node_modules/next/dist/bin/next"), buildDir: path.join(root, ".next") };
}

/** Runs `next build` when `force` or when the worktree has no build. */
export function ensureBuild(root: string, force: boolean): void {
  const { nextBin, buildDir } = buildPaths(root);
  if (!force && existsSync(path.join(buildDir, "BUILD_ID"))) return;
  log("building the app (next build) …");
  const t = performance.now();
  const r = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" } });
  if (r.status !== 0) process.exit(r.status ?? 1);
  log(`built in ${(ms(t) / 1000).toFixed(0)} s`);
}

interface ManifestEntry {
  workers: Record<string, unknown>;
  exportedName?: string;
  filename?: string;
}

export type CheckinActionIds = Record<"beginCheckInAction" | "completeCheckInAction", string>;

/** Action ids of app/check-in/actions.ts by exported name, from the build's server-reference manifest. */
export function actionIds(buildDir: string): CheckinActionIds {
  const m = JSON.parse(readFileSync(path.join(buildDir, "server/server-reference-manifest.json"), "utf8")) as { node: Record<string, ManifestEntry> };
  const find = (name: string) => {
    const hit = Object.entries(m.node).find(([, e]) => e.exportedName === name && e.filename === "app/check-in/actions.ts" && "app/check-in/page" in e.workers);
    if (!hit) throw new Error(`server action ${name} of app/check-in/actions.ts not in the build's manifest (rebuild with --build)`);
    return hit[0];
  };
  return { beginCheckInAction: find("beginCheckInAction"), completeCheckInAction: find("completeCheckInAction") };
}
