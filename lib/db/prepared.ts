// Queries built once per database and executed with placeholders (drizzle's .prepare()). Building a query's SQL
// is not free in drizzle: on the check-in path it was 13 % of the request thread (its `is()` checks, walked for
// every chunk of every statement; `npm run bench:server --server-node-args --cpu-prof`). Use it for the statements
// every check-in runs; elsewhere the ordinary builder reads better.
import type { Database } from "./open";

/** A query prepared lazily, once per database instance (tests open several). */
export function preparedFor<Q>(build: (d: Database) => Q): (d: Database) => Q {
  const byDatabase = new WeakMap<Database, Q>();
  return (d) => {
    let q = byDatabase.get(d);
    if (!q) byDatabase.set(d, (q = build(d)));
    return q;
  };
}
