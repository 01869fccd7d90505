// lib/db/pglite/pipeline.ts (in-process) and lib/db/pglite/thread.ts (PGlite on a worker thread, through the same
// pipeline) against PGlite's own query(): same rows, same errors, same transactions, with each SQL text prepared
// once. Real Postgres semantics (PGlite, in memory).
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPGlite } from "@/lib/db/pglite";
import { assertPGliteInternals, missingPGliteInternals } from "@/lib/db/pglite/internals";
import { pipelineQueries } from "@/lib/db/pglite/pipeline";
import { openPGliteThread, type PGliteThread } from "@/lib/db/pglite/thread";

type Client = Pick<PGlite, "query" | "transaction"> | PGliteThread;

const schema = `
  create table people (id serial primary key, name text not null unique, born date, tags text[], meta jsonb);
  insert into people (name, born, tags, meta) values
    ('Ada', '1815-12-10', '{math,engines}', '{"lang":"en"}'),
    ('Grace', '1906-12-09', '{cobol}', null);
`;

const preparedNames = async (pg: Client) =>
  (await pg.query<{ name: string }>("select name from pg_prepared_statements order by name")).rows.map((r) => r.name);

/** Runs a script of statements through a client's query(). */
async function run(pg: Client, script: string) {
  for (const statement of script.split(";").map((x) => x.trim()).filter(Boolean)) await pg.query(statement);
}

const clients: [string, () => Promise<{ client: Client; close(): Promise<void> }>][] = [
  ["in-process", async () => { const pg = pipelineQueries(await PGlite.create()); return { client: pg, close: () => pg.close() }; }],
  ["on a worker thread", async () => { const pg = await openPGliteThread("memory://"); return { client: pg, close: () => pg.close() }; }],
];

let plain: PGlite;
beforeAll(async () => {
  plain = await PGlite.create();
  await plain.exec(schema);
});
afterAll(async () => plain?.close());

describe.each(clients)("the pipelined query, %s", (_label, open) => {
  let piped: Client;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ client: piped, close } = await open());
    await run(piped, schema);
  });
  afterAll(async () => close?.());

  const select = "select id, name, born, tags, meta from people where name = any($1::text[]) order by id";

  it("returns what PGlite's own query returns, typed the same, on every call", async () => {
    const want = await plain.query(select, [["Ada", "Grace"]]);
    for (let i = 0; i < 8; i++) {
      // more than Postgres's five custom plans, so the generic plan is used too
      const got = await piped.query(select, [["Ada", "Grace"]]);
      expect(got.rows).toEqual(want.rows);
      expect(got.fields).toEqual(want.fields);
    }
    const [ada] = (await piped.query<{ born: Date; tags: string[]; meta: unknown }>(select, [["Ada"]])).rows;
    expect(ada!.born).toBeInstanceOf(Date);
    expect(ada!.tags).toEqual(["math", "engines"]);
    expect(ada!.meta).toEqual({ lang: "en" });
  });

  it("prepares each SQL text once", async () => {
    const text = "select count(*)::int as n from people where born < $1";
    const before = await preparedNames(piped);
    for (let i = 0; i < 3; i++) expect((await piped.query<{ n: number }>(text, ["1900-01-01"])).rows[0]!.n).toBe(1);
    const after = await preparedNames(piped);
    expect(after.length - before.length).toBe(1);
  });

  it("reports a failing statement as PGlite does, changes nothing, and runs it again afterwards", async () => {
    const insert = "insert into people (name) values ($1) returning id";
    const want = await plain.query(insert, ["Ada"]).catch((e: Error & { code?: string }) => e);
    const got = await piped.query(insert, ["Ada"]).catch((e: Error & { code?: string }) => e);
    expect(got).toBeInstanceOf(Error);
    expect((got as { code?: string }).code).toBe("23505");
    expect((got as Error).message).toBe((want as Error).message);
    expect((await piped.query("select 1 from people where name = 'Ada'")).rows).toHaveLength(1);
    // the same text with good values works, and a bad text leaves no prepared statement behind
    const names = await preparedNames(piped);
    await expect(piped.query("selec nothing", [])).rejects.toThrow(/syntax/);
    expect(await preparedNames(piped)).toEqual(names);
    expect((await piped.query<{ id: number }>(insert, ["Hedy"])).rows[0]!.id).toBeGreaterThan(2);
  });

  it("keeps transactions: a failure inside rolls everything back, a commit keeps it", async () => {
    await expect(
      piped.transaction(async (tx) => {
        await tx.query("insert into people (name) values ($1)", ["Katherine"]);
        await tx.query("insert into people (name) values ($1)", ["Grace"]); // unique violation
      }),
    ).rejects.toThrow(/duplicate key/);
    expect((await piped.query("select 1 from people where name = $1", ["Katherine"])).rows).toHaveLength(0);
    // the callback's own error (as drizzle's tx.rollback() throws) after a statement that succeeded
    await expect(
      piped.transaction(async (tx) => {
        await tx.query("insert into people (name) values ($1)", ["Katherine"]);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect((await piped.query("select 1 from people where name = $1", ["Katherine"])).rows).toHaveLength(0);
    await piped.transaction(async (tx) => {
      await tx.query("insert into people (name) values ($1)", ["Katherine"]);
    });
    expect((await piped.query("select 1 from people where name = $1", ["Katherine"])).rows).toHaveLength(1);
    // a text seen for the first time that fails inside a transaction leaves no prepared statement behind
    const names = await preparedNames(piped);
    await expect(
      piped.transaction(async (tx) => {
        await tx.query("insert into people (name, born) values ($1, $2)", ["Ada", "1815-12-10"]);
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await preparedNames(piped)).toEqual(names);
  });

  it("begins a transaction with its first statement, whether that statement fails, runs beside another, or never comes", async () => {
    // The first statement fails: everything is rolled back and the connection is outside any transaction again
    // (a transaction left open and aborted would refuse the next plain statement).
    await expect(
      piped.transaction(async (tx) => {
        await tx.query("insert into people (name) values ($1)", ["Grace"]); // unique violation, first statement
      }),
    ).rejects.toThrow(/duplicate key/);
    expect((await piped.query<{ n: number }>("select count(*)::int as n from people where name = $1", ["Grace"])).rows).toEqual([{ n: 1 }]);
    // Two statements started together are both inside the transaction.
    await expect(
      piped.transaction(async (tx) => {
        await Promise.all([
          tx.query("insert into people (name) values ($1)", ["Radia"]),
          tx.query("insert into people (name) values ($1)", ["Frances"]),
        ]);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect((await piped.query("select 1 from people where name = any($1::text[])", [["Radia", "Frances"]])).rows).toHaveLength(0);
    // No statement at all: the callback's value comes back and nothing is left open.
    await expect(piped.transaction(async () => 42)).resolves.toBe(42);
    await expect(piped.transaction(async () => Promise.reject(new Error("before any statement")))).rejects.toThrow("before any statement");
    await piped.transaction(async (tx) => {
      await tx.query("insert into people (name) values ($1)", ["Radia"]);
    });
    expect((await piped.query("select 1 from people where name = $1", ["Radia"])).rows).toHaveLength(1);
  });

  it("keeps statements from outside a transaction out of it, and answers many statements sent at once", async () => {
    // A transaction held open: a statement from outside waits for its end, then sees what it committed.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let inside!: () => void;
    const started = new Promise<void>((r) => (inside = r));
    const tx = piped.transaction(async (t) => {
      await t.query("insert into people (name) values ($1)", ["Mary"]);
      inside();
      await held;
      await t.query("insert into people (name) values ($1)", ["Alan"]);
    });
    await started;
    let answered = false;
    const outside = piped.query<{ n: number }>("select count(*)::int as n from people where name = any($1::text[])", [["Mary", "Alan"]]);
    void outside.then(() => (answered = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(answered).toBe(false);
    release();
    await tx;
    expect((await outside).rows).toEqual([{ n: 2 }]);

    // Statements sent together are all answered, each its own; a transaction started after them sees all of them,
    // and one that fails changes nothing for the others.
    const names = Array.from({ length: 30 }, (_, i) => `Batch ${i}`);
    const inserts = names.map((name) => piped.query("insert into people (name) values ($1)", [name]));
    const failing = piped.query("insert into people (name) values ($1)", ["Mary"]).catch((e: Error) => e);
    const seen = piped.transaction(async (t) => (await t.query<{ n: number }>("select count(*)::int as n from people where name like 'Batch %'")).rows[0]!.n);
    const after = names.map((_, i) => piped.query<{ i: number }>("select $1::int as i", [i]));
    await Promise.all(inserts);
    expect(await failing).toBeInstanceOf(Error);
    expect(await seen).toBe(30);
    expect((await Promise.all(after)).map((r) => r.rows[0]!.i)).toEqual(names.map((_, i) => i));
  });

  it("prepares a statement again when the table under it changed shape", async () => {
    const star = "select * from people where id = $1";
    expect(Object.keys((await piped.query(star, [1])).rows[0]!)).not.toContain("email");
    await piped.query("alter table people add column email text");
    const row = (await piped.query<Record<string, unknown>>(star, [1])).rows[0]!;
    expect(row).toHaveProperty("email", null);
    expect(row).toHaveProperty("name", "Ada");
  });
});

describe("the start-up check of PGlite's internals", () => {
  it("finds all of them on the pinned PGlite and names the ones a different PGlite lacks", async () => {
    expect(missingPGliteInternals(plain)).toEqual([]);
    const renamed = Object.create(plain, { _runExclusiveQuery: { value: undefined }, serializers: { value: undefined } }) as PGlite;
    expect(missingPGliteInternals(renamed)).toEqual(["PGlite#_runExclusiveQuery()", "PGlite#serializers"]);
    expect(() => assertPGliteInternals(renamed)).toThrow(/_runExclusiveQuery\(\), PGlite#serializers\. Pin @electric-sql\/pglite/);
  });

  it("lets openPGlite open a pipelined database in-process", async () => {
    const pg = await openPGlite("memory://", { pipeline: true, thread: false });
    try {
      expect((await pg.query<{ one: number }>("select $1::int as one", [1])).rows).toEqual([{ one: 1 }]);
      expect(await preparedNames(pg as Client)).toEqual(["clockface_1", "clockface_2"]); // this query is the second
    } finally {
      await pg.close();
    }
  });
});
