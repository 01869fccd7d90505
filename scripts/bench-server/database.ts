// ── the database ── opened by the bench only while the server is stopped; also the app's db() for the query
// modules the bench calls in its own process.
import { setDatabaseForTests } from "@/lib/db/client";
import { closeDatabase, openDatabase, type Database } from "@/lib/db/open";

export class BenchDatabase {
  private db: Promise<Database> | undefined;

  constructor(private readonly dataDir: string) {}

  async open(): Promise<Database> {
    if (!this.db) setDatabaseForTests((this.db = openDatabase({ dataDir: this.dataDir })));
    return this.db;
  }

  async close(): Promise<void> {
    if (!this.db) return;
    const d = await this.db;
    this.db = undefined;
    setDatabaseForTests(undefined);
    await closeDatabase(d);
  }
}
