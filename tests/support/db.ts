// The database of a test file: a fresh one (in-memory PGlite by default) installed as the app's db() through
// setDatabaseForTests, and testDb() for the file's own queries.
import { setDatabaseForTests } from "@/lib/db/client";
import { openDatabase, type Database, type OpenOptions } from "@/lib/db/open";

let current: Promise<Database> | undefined;

function install(opts: OpenOptions): Promise<Database> {
  current = openDatabase(opts);
  setDatabaseForTests(current);
  return current;
}

/** Opens a fresh database (in-memory PGlite unless `opts` says otherwise) and makes it the app's. */
export async function useFreshDatabase(opts: OpenOptions = { dataDir: "memory://" }): Promise<Database> {
  return install(opts);
}

/** A fresh in-memory database as the app's. */
export const useMemoryDatabase = (): Promise<Database> => useFreshDatabase();

/** The database the last useFreshDatabase / useMemoryDatabase opened. */
export async function testDb(): Promise<Database> {
  if (!current) throw new Error("call useMemoryDatabase() first");
  return current;
}

/** The file's database, opened (in memory) on first use. */
export function openTestDatabase(): Promise<Database> {
  return current ?? install({ dataDir: "memory://" });
}
