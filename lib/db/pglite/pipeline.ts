// PGlite's query() in one protocol round trip instead of six, on a prepared statement.
//
// PGlite runs each parameterised query as separate calls into Postgres (Parse, Describe statement, Bind, Describe
// portal, Execute, Sync), each a full pass through its WASM entry point; it describes the statement only to learn
// the parameter types, which pick the serializer for each value. Here the parameter types of each SQL text are
// learned once (describeQuery) and kept, and the statement goes as one message: on its first call Parse (into a
// named prepared statement) + Bind + Describe + Execute + Sync, on later calls the same without Parse, so Postgres
// skips parsing and, after its first executions, planning (plan_cache_mode auto: generic plans where they cost no
// more). The same values serialized by the same serializers, the same locks (the transaction lock outside a
// transaction, the query lock always), the same result parsing as PGlite's own query(). Schema
// changes re-plan them (Postgres invalidates the plans); a statement whose result shape changed under it is
// dropped and prepared again. Measured with `npm run bench:server` (every check-in statement goes through here).
// Queries PGlite treats specially (a `blob` for COPY, /dev/blob in the text) keep PGlite's own path.
import { protocol, types, type PGlite, type QueryOptions, type Results, type Transaction } from "@electric-sql/pglite";

interface Locks {
  _checkReady(): Promise<void>;
  _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T>;
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
}
type Query = <T>(query: string, params?: unknown[], options?: QueryOptions) => Promise<Results<T>>;

/** Parameter type OIDs and prepared statements by SQL text (bounded: drizzle emits one text per query shape). */
const MAX_TEXTS = 2000;

/** Postgres error codes after which a prepared statement is dropped: result shape changed, statement gone. */
const STALE_STATEMENT = new Set(["0A000", "26000"]);

type Message = { name: string; fields?: unknown[]; text?: string };
type Parser = (value: string, type: number) => unknown;

/** The first result of a protocol exchange, its values still as Postgres sent them (text or null). */
export interface RawResult {
  fields: { name: string; dataTypeID: number }[];
  rows: (string | null)[][];
  command?: string;
  rowCount?: number;
  affectedRows: number;
}

/** The messages of one Parse/Bind/Describe/Execute/Sync exchange → its first result, unparsed. */
export function rawResult(messages: readonly Message[]): RawResult {
  let fields: RawResult["fields"] = [];
  const rows: RawResult["rows"] = [];
  for (const m of messages) {
    if (m.name === "rowDescription") fields = (m.fields as { name: string; dataTypeID: number }[]).map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
    else if (m.name === "dataRow") rows.push(m.fields as (string | null)[]);
    else if (m.name === "commandComplete") {
      const words = m.text!.split(" ");
      const command = words[0]!;
      const n = parseInt(words[words.length - 1]!, 10);
      const affectedRows = ["INSERT", "UPDATE", "DELETE", "COPY", "MERGE"].includes(command) ? n : 0;
      return { fields, rows, command, affectedRows, ...(Number.isNaN(n) ? {} : { rowCount: n }) };
    }
  }
  return { fields: [], rows: [], affectedRows: 0 };
}

/**
 * parse.parseResults(messages, parsers, options)[0] on a RawResult, without its per-call copy of the whole parser
 * table (it spreads every type's parser into a new object whenever options carry parsers, as drizzle's always do):
 * a field is parsed by options.parsers, else the instance's parsers, else PGlite's defaults, as there.
 */
export function parseRawResult(raw: RawResult, own: Record<number | string, Parser>, options?: QueryOptions): Results<unknown> {
  const extra = options?.parsers as Record<number | string, Parser> | undefined;
  const parseField = (v: string | null, type: number) => {
    if (v === null) return null;
    const f = extra?.[type] ?? own[type] ?? (types.parsers as Record<number | string, Parser>)[type];
    return f ? f(v, type) : v;
  };
  if (raw.command === undefined) return { affectedRows: 0, rows: [], fields: [] };
  const { fields } = raw;
  const rows = raw.rows.map((values) =>
    options?.rowMode === "array"
      ? values.map((v, i) => parseField(v, fields[i]!.dataTypeID))
      : Object.fromEntries(values.map((v, i) => [fields[i]!.name, parseField(v, fields[i]!.dataTypeID)])),
  );
  const out: Results<unknown> & { command: string; rowCount?: number } = { rows, fields, affectedRows: raw.affectedRows, command: raw.command };
  if (raw.rowCount !== undefined) out.rowCount = raw.rowCount;
  return out;
}

export interface StatementRunner {
  /** One statement, pipelined and prepared; the caller holds PGlite's locks (or is PGlite's only user). */
  run(text: string, params: unknown[], options: QueryOptions | undefined, inTransaction: boolean): Promise<RawResult>;
}

/** Queries PGlite's own query() must keep handling: COPY through a blob, /dev/blob in the text. */
export const needsPGliteQuery = (text: string, options?: QueryOptions) => !!options?.blob || text.includes("/dev/blob");

/** The pipelined, prepared form of one statement on `pg` (see the top of this file). */
export function statementRunner(pg: PGlite): StatementRunner {
  const paramTypes = new Map<string, number[]>();
  const S = protocol.serialize;

  /** Statement names by the same key as paramTypes; a name is kept only once its Parse has succeeded. */
  const statements = new Map<string, string>();
  let nextName = 1;

  /** Runs with the query lock held (and, outside a transaction, the transaction lock). */
  async function run(text: string, params: unknown[], options: QueryOptions | undefined, inTransaction: boolean): Promise<RawResult> {
    const key = options?.paramTypes ? `${options.paramTypes.join(",")}\u0000${text}` : text;
    let types = paramTypes.get(key);
    if (!types) {
      types = (await pg.describeQuery(text, options)).queryParams.map((p) => p.dataTypeID);
      if (paramTypes.size >= MAX_TEXTS) paramTypes.clear();
      paramTypes.set(key, types);
    }
    const values = params.map((v, k) => {
      if (v === null || v === undefined) return null;
      const t = types[k]!;
      const serialize = options?.serializers?.[t] ?? pg.serializers[t];
      return serialize ? serialize(v) : (v as { toString(): string }).toString();
    });
    const prepared = statements.get(key);
    // A new text is parsed under a fresh name (unless the table of names is full: then unnamed, as PGlite does).
    const fresh = prepared || statements.size >= MAX_TEXTS ? undefined : `clockface_${nextName++}`;
    const statement = prepared ?? fresh ?? "";
    const message = Buffer.concat([
      ...(prepared ? [] : [S.parse({ name: statement, text, types: options?.paramTypes })]),
      S.bind({ statement, values }),
      S.describe({ type: "P" }),
      S.execute({}),
      S.sync(),
    ]);
    let messages;
    try {
      ({ messages } = await pg.execProtocol(message, { syncToFs: false, onNotice: options?.onNotice }));
    } catch (e) {
      const code = (e as { code?: string } | null)?.code;
      if (fresh || (prepared && code && STALE_STATEMENT.has(code))) {
        // Parse may or may not have happened: close the name (closing an unknown name is not an error) and
        // prepare the text afresh next time.
        statements.delete(key);
        await pg.execProtocol(Buffer.concat([S.close({ type: "S", name: statement }), S.sync()]), { syncToFs: false }).catch(() => {});
        // Outside a transaction nothing ran: prepare it again now (inside one, the transaction is aborted anyway).
        if (prepared && !inTransaction) return run(text, params, options, inTransaction);
      }
      if (e && typeof e === "object") Object.assign(e, { query: text, params, queryOptions: options });
      throw e;
    }
    if (fresh) statements.set(key, fresh);
    if (!inTransaction) await pg.syncToFs();
    return rawResult(messages as Message[]);
  }
  return { run };
}

/** Replaces `pg.query` and the `query` of every transaction with the pipelined form. Returns `pg`. */
export function pipelineQueries(pg: PGlite): PGlite {
  const locks = pg as unknown as Locks;
  const original = pg.query.bind(pg) as Query;
  const runner = statementRunner(pg);
  const run = async <T>(text: string, params: unknown[], options: QueryOptions | undefined, inTransaction: boolean) =>
    parseRawResult(await runner.run(text, params, options, inTransaction), pg.parsers, options) as Results<T>;

  const query: Query = async (text, params = [], options) => {
    if (needsPGliteQuery(text, options)) return original(text, params, options);
    await locks._checkReady();
    return locks._runExclusiveTransaction(() => locks._runExclusiveQuery(() => run(text, params, options, false)));
  };
  (pg as { query: Query }).query = query;

  const transaction = pg.transaction.bind(pg);
  (pg as { transaction: PGlite["transaction"] }).transaction = <T>(fn: (tx: Transaction) => Promise<T>) =>
    transaction((tx) => {
      const txQuery: Query = async (text, params = [], options) => {
        if (tx.closed) throw new Error("Transaction is closed");
        if (needsPGliteQuery(text, options)) return tx.query(text, params, options);
        return locks._runExclusiveQuery(() => run(text, params, options, true));
      };
      const wrapped = Object.create(tx) as Transaction;
      Object.defineProperty(wrapped, "query", { value: txQuery });
      return fn(wrapped);
    });
  return pg;
}
