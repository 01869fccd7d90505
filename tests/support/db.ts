// A fresh database per test file: in-memory PGlite by default; set through the same global the app's db() uses.
import { openDatabase, type Database, type OpenOptions } from "@/lib/db/open";

const g = globalThis as unknown as { __clockfaceDb?: Promise<Database> };

export async function useFreshDatabase(opts: OpenOptions = { dataDir: "memory://" }): Promise<Database> {
  g.__clockfaceDb = openDatabase(opts);
  return g.__clockfaceDb;
}
