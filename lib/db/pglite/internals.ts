// The parts of PGlite that are not its documented API and that the pipeline (pipeline.ts) and the thread
// (thread.ts, thread-worker.ts) rely on. PGlite is pinned (0.5.14); checking them when a database opens turns a
// future upgrade that renames one into a clear start-up error instead of a wrong answer or a hang mid-request.
import { protocol, types, type PGlite } from "@electric-sql/pglite";

/** Members of a PGlite instance used by pipeline.ts (the three `_` locks are internal). */
const INSTANCE_METHODS = ["_checkReady", "_runExclusiveQuery", "_runExclusiveTransaction", "execProtocol", "describeQuery", "syncToFs"] as const;
const INSTANCE_TABLES = ["serializers", "parsers"] as const;
/** Module exports used by pipeline.ts and thread.ts. */
const SERIALIZE = ["parse", "bind", "describe", "execute", "sync", "close", "query"] as const;

/** The internals that are missing from `pg` (and from PGlite's module); empty when all are there. */
export function missingPGliteInternals(pg: object): string[] {
  const missing: string[] = [];
  const instance = pg as Record<string, unknown>;
  for (const m of INSTANCE_METHODS) if (typeof instance[m] !== "function") missing.push(`PGlite#${m}()`);
  for (const t of INSTANCE_TABLES) if (typeof instance[t] !== "object" || instance[t] === null) missing.push(`PGlite#${t}`);
  const serialize = protocol?.serialize as unknown as Record<string, unknown> | undefined;
  for (const s of SERIALIZE) if (typeof serialize?.[s] !== "function") missing.push(`protocol.serialize.${s}()`);
  if (typeof types?.parsers !== "object") missing.push("types.parsers");
  if (typeof types?.arrayParser !== "function") missing.push("types.arrayParser()");
  return missing;
}

/** Throws, naming every missing internal, unless `pg` has what the pipeline relies on. */
export function assertPGliteInternals(pg: PGlite | object): void {
  const missing = missingPGliteInternals(pg);
  if (missing.length > 0) {
    throw new Error(
      `This PGlite lacks internals that lib/db/pglite relies on: ${missing.join(", ")}. ` +
        "Pin @electric-sql/pglite to the tested version or set CLOCKFACE_PGLITE_PIPELINE=0.",
    );
  }
}
